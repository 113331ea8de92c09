package io.customconnectors.operator.backend.confluentcloud;

import java.util.List;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.PluginObservation.OnConfluentCloud;
import io.customconnectors.operator.backend.Problem;

/**
 * A ConnectorPlugin on Confluent Cloud without {@code spec.archive}. With nothing to upload it can
 * only stand for a plugin that already exists and that it adopts (the exporter writes such
 * resources, since no API gives an uploaded archive back). That plugin is taken as it is: nothing
 * is written to it, and connectors run its newest READY version.
 */
final class PluginAsItIs {

  private PluginAsItIs() {}

  /** Why a resource without an archive cannot be synced, before anything is asked remotely. */
  static Optional<Problem> refused(ConnectorPlugin plugin) {
    if (plugin.getSpec().getArchive() != null || Annotations.isTrue(plugin, Annotations.ADOPT)) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            Reason.TargetIncomplete,
            "spec.archive is missing: Confluent Cloud runs only plugins whose archive was uploaded"
                + " to it. Set spec.archive (url with sha256, maven or bundled), or annotate "
                + Annotations.ADOPT
                + "=true to take over an existing plugin named '"
                + plugin.getSpec().getDisplayName()
                + "' as it is"));
  }

  /** The adopted plugin as Confluent Cloud has it: by the id in status, else by display name. */
  static OnConfluentCloud observe(
      ConnectorPlugin plugin, CustomPlugins plugins, String where, String knownId) {
    String name = plugin.getSpec().getDisplayName();
    Optional<CustomPlugins.Plugin> remote =
        knownId == null ? Optional.empty() : plugins.plugin(knownId);
    if (remote.isEmpty()) {
      remote = plugins.plugins().stream().filter(p -> p.displayName().equals(name)).findFirst();
    }
    if (remote.isEmpty()) {
      return problem(
          where,
          null,
          Reason.PluginNotFound,
          "No plugin named '"
              + name
              + "' in "
              + where
              + ": without spec.archive this resource only takes over a plugin that exists. Fix"
              + " spec.displayName, or set spec.archive to upload one");
    }
    String id = remote.get().id();
    List<CustomPlugins.Version> versions = plugins.versions(id);
    Optional<CustomPlugins.Version> running =
        versions.stream().filter(v -> v.phase().equals("READY")).reduce((a, b) -> b);
    Optional<CustomPlugins.Version> newest =
        running.or(() -> versions.stream().reduce((a, b) -> b));
    if (newest.isEmpty()) {
      return problem(
          where,
          id,
          Reason.TargetIncomplete,
          "Plugin "
              + id
              + " in "
              + where
              + " has no version, and without spec.archive there is nothing to upload: set"
              + " spec.archive");
    }
    CustomPlugins.Version version = newest.get();
    return new OnConfluentCloud(
        where, id, version.version(), version.phase(), version.errorMessage(), null, null);
  }

  private static OnConfluentCloud problem(String where, String id, Reason reason, String message) {
    return new OnConfluentCloud(where, id, null, null, null, null, new Problem(reason, message));
  }
}
