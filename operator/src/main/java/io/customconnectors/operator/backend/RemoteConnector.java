package io.customconnectors.operator.backend;

import java.util.List;
import java.util.Map;

/**
 * A connector as its backend reports it: config as stored there and status in the backend's own
 * words (Kafka Connect: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING; Confluent Cloud
 * also PROVISIONING and DEGRADED), and the backend's own id where it has one ({@code lcc-...}).
 */
public record RemoteConnector(
    String name,
    Map<String, String> config,
    String state,
    String workerId,
    String trace,
    List<RemoteTask> tasks,
    String type,
    String id) {

  public RemoteConnector {
    config = Map.copyOf(config);
    tasks = List.copyOf(tasks);
  }

  @Override
  public String toString() {
    // Config values may be secrets: only the keys.
    return "RemoteConnector["
        + name
        + (id == null ? "" : " " + id)
        + ", "
        + state
        + ", "
        + tasks.size()
        + " tasks, config keys "
        + new java.util.TreeSet<>(config.keySet())
        + "]";
  }

  /** A connector whose backend knows it by name only (Kafka Connect). */
  public RemoteConnector(
      String name,
      Map<String, String> config,
      String state,
      String workerId,
      String trace,
      List<RemoteTask> tasks,
      String type) {
    this(name, config, state, workerId, trace, tasks, type, null);
  }

  /** One task of a remote connector. */
  public record RemoteTask(int id, String state, String workerId, String trace) {}
}
