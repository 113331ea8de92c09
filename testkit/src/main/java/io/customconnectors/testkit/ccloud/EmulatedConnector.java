package io.customconnectors.testkit.ccloud;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connector as the emulator tracks it. Guarded by its {@link ConnectorRegistry}. Once provisioned
 * it runs on the test bed's Connect worker under its id ({@code clcc-...}).
 */
final class EmulatedConnector {

  enum Phase {
    /** Accepted; waiting for the provisioning delay, then created on the worker. */
    PROVISIONING,
    /** Running on the worker; its status is the worker's. */
    PROVISIONED,
    /** Provisioning failed (bad Kafka credentials, bad plugin, config refused by the worker). */
    FAILED
  }

  final String id;
  final KafkaCluster cluster;
  final String name;
  final Instant created;
  Map<String, String> config;
  PluginCatalog.Runnable plugin;
  Phase phase = Phase.PROVISIONING;
  Instant provisionAt;
  Instant runningSince;
  String failure;
  String injectedFailure;
  boolean paused;

  EmulatedConnector(
      String id,
      KafkaCluster cluster,
      String name,
      Map<String, String> config,
      PluginCatalog.Runnable plugin,
      Instant created,
      Instant provisionAt) {
    this.id = id;
    this.cluster = cluster;
    this.name = name;
    this.config = new LinkedHashMap<>(config);
    this.plugin = plugin;
    this.created = created;
    this.provisionAt = provisionAt;
  }

  String type() {
    return plugin.type().toLowerCase();
  }
}
