package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.List;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.status.Observation.Problem;

/** The status of a ConnectorPlugin on Confluent Cloud as a pure function of what was observed. */
public final class CloudPluginStatusCalculator {

  /**
   * What one reconcile saw.
   *
   * @param pluginId the plugin on Confluent Cloud, or null before it exists
   * @param version the version for the current spec and archive, or null before it was uploaded
   * @param phase Confluent's verdict on that version: PROCESSING, READY or FAILED
   * @param errorMessage why Confluent refused the version, when FAILED
   * @param archiveSha256 the uploaded archive's SHA-256, when known
   * @param problem what stopped the reconcile, or null
   */
  public record Observation(
      String target,
      String pluginId,
      String version,
      String phase,
      String errorMessage,
      String archiveSha256,
      Problem problem) {}

  private CloudPluginStatusCalculator() {}

  public static ConnectorPluginStatus compute(
      ConnectorPlugin plugin, Observation seen, List<String> users, Instant now) {
    ConnectorPluginStatus previous =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    long generation =
        plugin.getMetadata().getGeneration() == null ? 0 : plugin.getMetadata().getGeneration();
    ConnectorPluginStatus status = new ConnectorPluginStatus();
    status.setObservedGeneration(generation);
    status.setTarget(seen.target());
    status.setUsedBy(users.size());
    status.setPluginId(seen.pluginId());
    status.setPluginVersion(seen.version());
    status.setArchiveSha256(seen.archiveSha256());
    String name = seen.pluginId() == null ? "the plugin" : "plugin " + seen.pluginId();
    Condition ready;
    if (seen.problem() != null) {
      ready = not(seen.problem().reason(), seen.problem().message(), generation);
      if (seen.version() == null) {
        // A failed upload of a new archive leaves the version in use as it was.
        status.setPluginVersion(previous.getPluginVersion());
        status.setArchiveSha256(previous.getArchiveSha256());
      }
    } else if (seen.version() == null || "PROCESSING".equals(seen.phase())) {
      ready =
          not(
              Reason.Uploading,
              seen.version() == null
                  ? "Uploading the archive to " + seen.target()
                  : "Confluent Cloud is checking version "
                      + seen.version()
                      + " of "
                      + name
                      + " in "
                      + seen.target(),
              generation);
    } else if ("FAILED".equals(seen.phase())) {
      ready =
          not(
              Reason.ArchiveRejected,
              "Confluent Cloud refused version "
                  + seen.version()
                  + " of "
                  + name
                  + " ("
                  + (seen.errorMessage() == null ? "no reason given" : seen.errorMessage())
                  + "): fix the archive (a Confluent Hub ZIP with manifest.json and the connector's"
                  + " JARs under lib/, or one JAR) and change spec.archive",
              generation);
    } else {
      ready =
          Conditions.of(
              ConnectorStatusCalculator.READY,
              true,
              Reason.Uploaded,
              "Version " + seen.version() + " of " + name + " is ready in " + seen.target(),
              generation);
    }
    status.setConditions(Conditions.carryOver(previous.getConditions(), List.of(ready), now));
    return status;
  }

  private static Condition not(Reason reason, String message, long generation) {
    return Conditions.of(ConnectorStatusCalculator.READY, false, reason, message, generation);
  }
}
