package io.customconnectors.operator.reconciler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.status.CloudPluginStatusCalculator;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.customconnectors.operator.status.Observation.Problem;
import io.customconnectors.operator.status.Reason;

/**
 * A ConnectorPlugin on Confluent Cloud: one custom plugin (ccpm) per resource, and one version per
 * archive and declaration. A version's name ends in a fingerprint of where the archive comes from
 * and what the version declares ({@code 0.1.0+3f2a...}), so the operator finds the version for the
 * current spec without downloading anything, and uploads only when the spec changed.
 */
final class CloudPluginSync {

  /** How one reconcile ended: what it saw, and when to look again. */
  record Outcome(CloudPluginStatusCalculator.Observation observation, Duration recheck) {}

  private static final Logger log = LoggerFactory.getLogger(CloudPluginSync.class);

  private final Backends backends;
  private final PluginArchives archives;
  private final Duration pollInterval;

  CloudPluginSync(Backends backends, PluginArchives archives, Duration pollInterval) {
    this.backends = backends;
    this.archives = archives;
    this.pollInterval = pollInterval;
  }

  /**
   * Brings the plugin and its version to the spec. {@code intent} writes a status before the plugin
   * is created, so that an operator that dies right after creating it takes it back instead of
   * stopping at a name clash.
   */
  Outcome reconcile(
      ConnectorPlugin plugin, java.util.function.Consumer<ConnectorPluginStatus> intent) {
    ConnectorPluginSpec spec = plugin.getSpec();
    ConfluentCloudTarget target = spec.getTarget().getConfluentCloud();
    String where = "ccloud/" + target.getEnvironment();
    ConnectorPluginStatus previous =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    String pluginId = previous.getPluginId();
    String sha = previous.getArchiveSha256();
    try {
      CustomPlugins plugins = backends.customPlugins(target, plugin.getMetadata().getNamespace());
      String identity = archives.identity(spec.getArchive());
      String fingerprint = fingerprint(identity, spec);
      if (pluginId != null && plugins.plugin(pluginId).isEmpty()) {
        log.info(
            "Plugin {} of {} is gone from {}: creating it again", pluginId, name(plugin), where);
        pluginId = null;
      }
      if (pluginId == null) {
        Optional<CustomPlugins.Plugin> sameName =
            plugins.plugins().stream()
                .filter(p -> p.displayName().equals(spec.getDisplayName()))
                .findFirst();
        if (sameName.isPresent() && !wasCreating(previous) && !adopt(plugin)) {
          return blocked(
              where,
              null,
              sha,
              new Problem(
                  Reason.NameTaken,
                  "A plugin named '"
                      + spec.getDisplayName()
                      + "' already exists in "
                      + target.getEnvironment()
                      + " ("
                      + sameName.get().id()
                      + "): choose another spec.displayName, delete that plugin, or annotate this"
                      + " resource with "
                      + CustomConnectorReconciler.ADOPT
                      + "=true to take it over"));
        }
        if (sameName.isPresent()) {
          pluginId = sameName.get().id();
          log.info("Taking over plugin {} ('{}') in {}", pluginId, spec.getDisplayName(), where);
        } else {
          ConnectorPluginStatus creating = new ConnectorPluginStatus();
          creating.setObservedGeneration(plugin.getMetadata().getGeneration());
          creating.setTarget(where);
          creating.setConditions(
              List.of(
                  Conditions.of(
                      ConnectorStatusCalculator.READY,
                      false,
                      Reason.Uploading,
                      "Creating plugin '" + spec.getDisplayName() + "' in " + where,
                      plugin.getMetadata().getGeneration() == null
                          ? 0
                          : plugin.getMetadata().getGeneration())));
          intent.accept(creating);
          pluginId = plugins.createPlugin(spec.getDisplayName(), spec.getDescription()).id();
          log.info("Created plugin {} ('{}') in {}", pluginId, spec.getDisplayName(), where);
        }
      } else {
        CustomPlugins.Plugin remote = plugins.plugin(pluginId).orElseThrow();
        String description = spec.getDescription() == null ? "" : spec.getDescription();
        if (!remote.displayName().equals(spec.getDisplayName())
            || !remote.description().equals(description)) {
          plugins.updatePlugin(pluginId, spec.getDisplayName(), description);
        }
      }

      List<CustomPlugins.Version> versions = plugins.versions(pluginId);
      CustomPlugins.Version current =
          versions.stream()
              .filter(v -> v.version().endsWith("+" + fingerprint))
              .reduce((first, second) -> second)
              .orElse(null);
      if (current == null) {
        PluginArchives.Fetched fetched;
        try {
          fetched = archives.fetch(spec.getArchive());
        } catch (PluginArchives.ArchiveException e) {
          return blocked(where, pluginId, sha, new Problem(e.reason(), e.getMessage()));
        }
        String version = fetched.version() + "+" + fingerprint;
        log.info(
            "Uploading {} ({}) as version {} of plugin {}",
            fetched.file().getFileName(),
            fetched.sha256(),
            version,
            pluginId);
        current =
            plugins.createVersion(
                pluginId,
                new CustomPlugins.VersionSpec(
                    version,
                    spec.getConnectorClass(),
                    spec.getConnectorType().name(),
                    spec.getSensitiveConfigProperties() == null
                        ? List.of()
                        : spec.getSensitiveConfigProperties(),
                    spec.getDocumentationLink()),
                fetched.file());
        sha = fetched.sha256();
      } else if (identity.startsWith("sha256:")) {
        sha = identity.substring("sha256:".length());
      }
      if (current.phase().equals("READY")) {
        removeStaleVersions(plugins, pluginId, versions, current);
      }
      return new Outcome(
          new CloudPluginStatusCalculator.Observation(
              where,
              pluginId,
              current.version(),
              current.phase(),
              current.errorMessage(),
              sha,
              null),
          current.phase().equals("PROCESSING") ? Duration.ofSeconds(2) : pollInterval);
    } catch (MissingSecretException e) {
      return blocked(where, pluginId, sha, new Problem(Reason.SecretNotFound, e.getMessage()));
    } catch (PluginArchives.ArchiveException e) {
      return blocked(where, pluginId, sha, new Problem(e.reason(), e.getMessage()));
    } catch (BackendException e) {
      return blocked(where, pluginId, sha, problem(e));
    }
  }

  /**
   * Deletes the plugin's versions, then the plugin; empty when it is gone, else why not yet (a
   * version that connectors outside this cluster still run cannot be deleted).
   */
  Optional<String> delete(ConnectorPlugin plugin) {
    ConfluentCloudTarget target = plugin.getSpec().getTarget().getConfluentCloud();
    ConnectorPluginStatus status = plugin.getStatus();
    String pluginId = status == null ? null : status.getPluginId();
    try {
      CustomPlugins plugins = backends.customPlugins(target, plugin.getMetadata().getNamespace());
      if (pluginId == null && status != null && wasCreating(status)) {
        pluginId =
            plugins.plugins().stream()
                .filter(p -> p.displayName().equals(plugin.getSpec().getDisplayName()))
                .map(CustomPlugins.Plugin::id)
                .findFirst()
                .orElse(null);
      }
      if (pluginId == null) {
        return Optional.empty();
      }
      for (CustomPlugins.Version version : plugins.versions(pluginId)) {
        try {
          plugins.deleteVersion(pluginId, version.id());
        } catch (BackendException e) {
          if (e.kind() == BackendException.Kind.REJECTED) {
            return Optional.of(
                "Version "
                    + version.version()
                    + " of plugin "
                    + pluginId
                    + " cannot be deleted yet: "
                    + e.getMessage()
                    + ". Delete the connectors on Confluent Cloud that run it, or set"
                    + " spec.deletionPolicy to Orphan");
          }
          throw e;
        }
      }
      boolean existed = plugins.deletePlugin(pluginId);
      log.info(
          "Deleted plugin {} in {}{}",
          pluginId,
          target.getEnvironment(),
          existed ? "" : " (it was already gone)");
      return Optional.empty();
    } catch (MissingSecretException e) {
      return Optional.of(e.getMessage());
    } catch (BackendException e) {
      return Optional.of("Cannot delete plugin " + pluginId + ": " + e.getMessage());
    }
  }

  /** Older versions go once the current one is READY; one that connectors still run stays. */
  private void removeStaleVersions(
      CustomPlugins plugins,
      String pluginId,
      List<CustomPlugins.Version> versions,
      CustomPlugins.Version current) {
    for (CustomPlugins.Version version : versions) {
      if (version.id().equals(current.id())) {
        continue;
      }
      try {
        plugins.deleteVersion(pluginId, version.id());
        log.info(
            "Deleted version {} of plugin {}, replaced by {}",
            version.version(),
            pluginId,
            current.version());
      } catch (BackendException e) {
        log.debug(
            "Version {} of plugin {} stays for now ({}): connectors may still run it",
            version.version(),
            pluginId,
            e.status());
      }
    }
  }

  private Outcome blocked(String where, String pluginId, String sha, Problem problem) {
    return new Outcome(
        new CloudPluginStatusCalculator.Observation(
            where, pluginId, null, null, null, sha, problem),
        pollInterval.compareTo(Duration.ofSeconds(10)) < 0 ? pollInterval : Duration.ofSeconds(10));
  }

  private static Problem problem(BackendException e) {
    return switch (e.kind()) {
      case UNAUTHORIZED ->
          new Problem(
              Reason.BackendUnauthorized,
              e.getMessage()
                  + ". Check the Cloud API key in spec.target.confluentCloud.credentialsSecretRef"
                  + " (a Cloud API key, not a Kafka cluster key)");
      case REJECTED, NOT_FOUND -> new Problem(Reason.ConfigRejected, e.getMessage());
      default -> new Problem(Reason.BackendUnreachable, e.getMessage());
    };
  }

  /**
   * A short fingerprint of the archive's identity and of what a version declares: any change to
   * them needs a new version, since Confluent Cloud versions are immutable.
   */
  static String fingerprint(String identity, ConnectorPluginSpec spec) {
    String declared =
        identity
            + "|"
            + spec.getConnectorClass()
            + "|"
            + spec.getConnectorType()
            + "|"
            + new TreeSet<>(
                spec.getSensitiveConfigProperties() == null
                    ? List.of()
                    : spec.getSensitiveConfigProperties())
            + "|"
            + (spec.getDocumentationLink() == null ? "" : spec.getDocumentationLink());
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(declared.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean wasCreating(ConnectorPluginStatus status) {
    Condition ready = Conditions.find(status.getConditions(), ConnectorStatusCalculator.READY);
    return status.getPluginId() == null
        && ready != null
        && Reason.Uploading.name().equals(ready.getReason());
  }

  private static boolean adopt(ConnectorPlugin plugin) {
    var annotations = plugin.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(CustomConnectorReconciler.ADOPT));
  }

  private static String name(ConnectorPlugin plugin) {
    return plugin.getMetadata().getNamespace() + "/" + plugin.getMetadata().getName();
  }
}
