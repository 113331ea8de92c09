package io.customconnectors.operator.backend;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A place connectors run. One instance serves one cluster (one Kafka Connect REST endpoint, or
 * later one Confluent Cloud Kafka cluster); every method is one remote call, retried only for the
 * failures {@link BackendException.Kind#retriable()} names, and throws {@link BackendException}.
 */
public interface ConnectorBackend {

  /** Short form for status, e.g. {@code connect/connect.kafka.svc:8083}. */
  String describe();

  /** Every connector on the cluster with its config and status: one call, whatever the count. */
  Map<String, RemoteConnector> listConnectors();

  /**
   * The connector's config as stored now, or empty when there is no such connector: a fresh look
   * for the moments a snapshot up to a poll interval old is not good enough (before creating).
   */
  Optional<Map<String, String>> config(String name);

  /** Creates the connector, or replaces its whole config. */
  void putConfig(String name, Map<String, String> config);

  void pause(String name);

  void resume(String name);

  /** Stops the connector and its tasks but keeps its config (Kafka Connect 3.5 and later). */
  void stop(String name);

  /** Restarts the connector and its failed tasks, or all its tasks. */
  void restart(String name, boolean onlyFailed);

  /** Deletes the connector; false when it did not exist. */
  boolean delete(String name);

  /** The connector classes the cluster can run. */
  List<InstalledPlugin> plugins();
}
