package io.customconnectors.operator.backend;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.ConnectorState;

/**
 * A place connectors run. One instance serves one cluster (one Kafka Connect REST endpoint, or one
 * Confluent Cloud Kafka cluster); every method is one remote call, retried only for the failures
 * {@link BackendException.Kind#retriable()} names, and throws {@link BackendException}.
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

  /**
   * Creates a connector that does not exist yet, in the state asked for where the backend can (so
   * that a connector meant to be paused never runs); true when it is in that state, false when the
   * caller must still set it.
   */
  default boolean create(String name, Map<String, String> config, ConnectorState initial) {
    putConfig(name, config);
    return initial == ConnectorState.RUNNING;
  }

  void pause(String name);

  void resume(String name);

  /** Stops the connector and its tasks but keeps its config (Kafka Connect 3.5 and later). */
  void stop(String name);

  /**
   * Restarts the connector and its failed tasks. {@code config} is the full desired config, for
   * backends without a restart call that restart a connector by sending it again.
   */
  void restart(String name, Map<String, String> config);

  /**
   * Restarts the connector and all its tasks, failed or not, because someone asked; returns how,
   * where that is not a plain restart call: backends without one (Confluent Cloud) send the config
   * again, which restarts it, as Confluent's console does.
   */
  default String restartAll(String name, Map<String, String> config) {
    restart(name, config);
    return " by sending its config again (" + describe() + " has no restart call)";
  }

  /**
   * Restarts one task; false where the backend cannot restart a single task (Confluent Cloud), so
   * that the caller restarts the whole connector instead and says so.
   */
  default boolean restartTask(String name, int task) {
    return false;
  }

  /** Whether {@link #stop} is possible; Confluent Cloud can only pause. */
  default boolean canStop() {
    return true;
  }

  /**
   * Whether the config stored remotely is the desired one. Backends that mask secrets or add keys
   * of their own compare around them.
   */
  default boolean sameConfig(Map<String, String> desired, Map<String, String> remote) {
    return desired.equals(remote);
  }

  /**
   * Whether {@link #sameConfig} sees every value; false where the backend masks secrets, so that a
   * masked value compares as the same whatever it is.
   */
  default boolean comparesSecrets() {
    return true;
  }

  /** Deletes the connector; false when it did not exist. */
  boolean delete(String name);

  /** The connector classes the cluster can run. */
  List<InstalledPlugin> plugins();

  /**
   * The connector's committed source offsets (Kafka Connect 3.6 and later, Confluent Cloud); empty
   * when it has none yet.
   */
  default List<SourceOffset> offsets(String name) {
    return List.of();
  }

  /**
   * Whether offsets change only while the connector is STOPPED, the caller stopping it first and
   * bringing it back afterwards (Kafka Connect); false where the target does both itself (Confluent
   * Cloud's offsets request).
   */
  default boolean offsetsChangeNeedsStop() {
    return true;
  }

  /**
   * Alters or resets the connector's offsets. Kafka Connect does it before it answers ({@link
   * OffsetsRequest.Outcome#done()}); Confluent Cloud accepts a request, followed with {@link
   * #offsetsProgress}. A request the target refuses is a {@link BackendException} of kind REJECTED
   * with its reason.
   */
  default OffsetsRequest.Outcome changeOffsets(String name, OffsetsRequest request) {
    throw new BackendException(
        400, describe() + " cannot change a connector's offsets (Kafka Connect 3.6 or later can)");
  }

  /** The newest offsets request of the connector; empty where there is none to follow. */
  default java.util.Optional<OffsetsRequest.Progress> offsetsProgress(String name) {
    return java.util.Optional.empty();
  }

  /**
   * Where the cluster's connector metrics are read; empty where the target publishes none the
   * operator can read (a Kafka Connect target without a metrics URL). One instance per cluster.
   */
  default Optional<ConnectorMetricsSource> metrics() {
    return Optional.empty();
  }
}
