package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.List;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.PluginObservation.OnConfluentCloud;

/** The status of a ConnectorPlugin on Confluent Cloud as a pure function of what was observed. */
final class CloudPluginStatusCalculator {

  private CloudPluginStatusCalculator() {}

  static ConnectorPluginStatus compute(
      ConnectorPlugin plugin, OnConfluentCloud seen, List<String> users, Instant now) {
    ConnectorPluginStatus previous =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    long generation =
        plugin.getMetadata().getGeneration() == null ? 0 : plugin.getMetadata().getGeneration();
    ConnectorPluginStatus status = new ConnectorPluginStatus();
    status.setObservedGeneration(generation);
    status.setTarget(seen.target());
    status.setUsedBy(users.size());
    status.setPluginId(seen.pluginId());
    // pluginVersion is the version connectors run: the last READY one. A new version still being
    // checked, or refused, shows in the condition and leaves the running connectors alone.
    boolean ready = "READY".equals(seen.phase()) && seen.problem() == null;
    boolean samePlugin = seen.pluginId() != null && seen.pluginId().equals(previous.getPluginId());
    status.setPluginVersion(
        ready ? seen.version() : samePlugin ? previous.getPluginVersion() : null);
    status.setArchiveSha256(
        ready ? seen.archiveSha256() : samePlugin ? previous.getArchiveSha256() : null);
    String name = seen.pluginId() == null ? "the plugin" : "plugin " + seen.pluginId();
    Condition condition;
    if (seen.problem() != null) {
      condition = not(seen.problem().reason(), seen.problem().message(), generation);
    } else if (seen.version() == null || "PROCESSING".equals(seen.phase())) {
      condition =
          not(
              Reason.Uploading,
              seen.version() == null
                  ? "Fetching, verifying and uploading the archive to " + seen.target()
                  : "Confluent Cloud is checking version "
                      + seen.version()
                      + " of "
                      + name
                      + " in "
                      + seen.target()
                      + inUse(status),
              generation);
    } else if ("FAILED".equals(seen.phase())) {
      condition =
          not(
              Reason.ArchiveRejected,
              "Confluent Cloud refused version "
                  + seen.version()
                  + " of "
                  + name
                  + " ("
                  + (seen.errorMessage() == null ? "no reason given" : seen.errorMessage())
                  + "): fix the archive (a Confluent Hub ZIP with manifest.json and the connector's"
                  + " JARs under lib/, or one JAR) and change spec.archive"
                  + inUse(status),
              generation);
    } else {
      condition =
          Conditions.of(
              ConnectorStatusCalculator.READY,
              true,
              Reason.Uploaded,
              "Version " + seen.version() + " of " + name + " is ready in " + seen.target(),
              generation);
    }
    status.setConditions(Conditions.carryOver(previous.getConditions(), List.of(condition), now));
    return status;
  }

  private static String inUse(ConnectorPluginStatus status) {
    return status.getPluginVersion() == null
        ? ""
        : "; connectors keep running version " + status.getPluginVersion();
  }

  private static Condition not(Reason reason, String message, long generation) {
    return Conditions.of(ConnectorStatusCalculator.READY, false, reason, message, generation);
  }
}
