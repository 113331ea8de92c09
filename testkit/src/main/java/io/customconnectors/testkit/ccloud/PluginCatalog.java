package io.customconnectors.testkit.ccloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugins an emulated organisation has: legacy custom-connector plugins (org-wide, one archive
 * and class each) and ccpm plugins with versions (per environment, asynchronous checks).
 */
final class PluginCatalog {

  /** A legacy {@code connect/v1} custom connector plugin. */
  record Legacy(
      String id,
      String displayName,
      String description,
      String documentationLink,
      String connectorClass,
      String connectorType,
      String cloud,
      String contentFormat,
      String runtimeLanguage,
      List<String> sensitive,
      byte[] archive,
      Instant created,
      Instant updated) {}

  /** A ccpm plugin; its archives are its versions. */
  record CcpmPlugin(
      String id,
      String environment,
      String displayName,
      String description,
      String cloud,
      Instant created,
      Instant updated) {}

  /** One connector class a ccpm version provides. */
  record ConnectorClass(String className, String type) {}

  /** A ccpm plugin version: PROCESSING until checked, then READY or FAILED. */
  record Version(
      String id,
      String pluginId,
      String environment,
      String version,
      List<ConnectorClass> classes,
      List<String> sensitive,
      String documentationLink,
      String contentFormat,
      byte[] archive,
      Instant created,
      Instant checkAt,
      String phase,
      String errorMessage) {

    Version checked(Optional<String> problem) {
      return new Version(
          id,
          pluginId,
          environment,
          version,
          classes,
          sensitive,
          documentationLink,
          contentFormat,
          archive,
          created,
          checkAt,
          problem.isPresent() ? "FAILED" : "READY",
          problem.orElse(null));
    }
  }

  /** What a connector runs: an archive and the classes and sensitive keys it declares. */
  record Runnable(
      String pluginId,
      String versionId,
      String cacheKey,
      byte[] archive,
      String contentFormat,
      List<String> classes,
      List<String> sensitive,
      String type) {}

  final Map<String, Legacy> legacy = new LinkedHashMap<>();
  final Map<String, CcpmPlugin> ccpm = new LinkedHashMap<>();
  final Map<String, Version> versions = new LinkedHashMap<>();
  private final Clock clock;
  volatile Duration versionCheckDelay = Duration.ofSeconds(2);

  PluginCatalog(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** Moves due versions from PROCESSING to READY or FAILED. */
  synchronized void checkDueVersions() {
    Instant now = clock.instant();
    for (Version version : new ArrayList<>(versions.values())) {
      if (version.phase().equals("PROCESSING") && !now.isBefore(version.checkAt())) {
        Optional<String> problem =
            ArchiveCheck.problem(
                version.archive(),
                version.contentFormat(),
                version.classes().stream().map(ConnectorClass::className).toList());
        versions.put(version.id(), version.checked(problem));
      }
    }
  }

  /**
   * The archive a connector config points at: a legacy plugin, or a ccpm plugin's given (or newest
   * READY) version. Empty when the id or version is unknown in that environment.
   */
  synchronized Optional<Runnable> runnable(String pluginId, String version, String environment) {
    Legacy plugin = legacy.get(pluginId);
    if (plugin != null) {
      return Optional.of(
          new Runnable(
              plugin.id(),
              null,
              plugin.id(),
              plugin.archive(),
              plugin.contentFormat(),
              List.of(plugin.connectorClass()),
              plugin.sensitive(),
              plugin.connectorType()));
    }
    CcpmPlugin ccpmPlugin = ccpm.get(pluginId);
    if (ccpmPlugin == null || !ccpmPlugin.environment().equals(environment)) {
      return Optional.empty();
    }
    checkDueVersions();
    Optional<Version> chosen =
        versions.values().stream()
            .filter(v -> v.pluginId().equals(pluginId) && v.phase().equals("READY"))
            .filter(v -> version == null || normalise(v.version()).equals(normalise(version)))
            .reduce((first, second) -> second);
    return chosen.map(
        v ->
            new Runnable(
                pluginId,
                v.id(),
                pluginId + "-" + v.id(),
                v.archive(),
                v.contentFormat(),
                v.classes().stream().map(ConnectorClass::className).toList(),
                v.sensitive(),
                v.classes().get(0).type()));
  }

  static String normalise(String version) {
    return version.startsWith("v") ? version.substring(1) : version;
  }
}
