package io.customconnectors.operator.backend;

import java.util.List;

/**
 * What a {@link PluginBackend} saw of a ConnectorPlugin on its target, for the status calculator:
 * the classes a Kafka Connect worker has installed, or a plugin version on Confluent Cloud.
 */
public sealed interface PluginObservation {

  /** Short form of the target, e.g. {@code connect/connect.kafka.svc:8083}, or null. */
  String target();

  /** What stopped the backend from looking (or from bringing the plugin to its spec), or null. */
  Problem problem();

  /**
   * The connector classes a Kafka Connect worker reports.
   *
   * @param installed the classes, empty when it was not asked (a problem)
   */
  record OnWorker(String target, List<InstalledPlugin> installed, Problem problem)
      implements PluginObservation {

    public OnWorker {
      installed = installed == null ? List.of() : List.copyOf(installed);
    }
  }

  /**
   * A custom plugin on Confluent Cloud and the version for the current spec.
   *
   * @param pluginId the plugin on Confluent Cloud, or null before it exists
   * @param version the version for the current spec and archive, or null before it was uploaded
   * @param phase Confluent's verdict on that version: PROCESSING, READY or FAILED
   * @param errorMessage why Confluent refused the version, when FAILED
   * @param archiveSha256 the uploaded archive's SHA-256, when known
   */
  record OnConfluentCloud(
      String target,
      String pluginId,
      String version,
      String phase,
      String errorMessage,
      String archiveSha256,
      Problem problem)
      implements PluginObservation {}
}
