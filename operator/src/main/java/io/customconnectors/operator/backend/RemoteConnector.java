package io.customconnectors.operator.backend;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A connector as its backend reports it: config as stored there and status in the backend's own
 * words (Kafka Connect: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING; Confluent Cloud
 * also PROVISIONING and DEGRADED), and the backend's own id where it has one ({@code clcc-...} for
 * a custom connector on Confluent Cloud). {@code errors} are the failure's causes where the backend
 * names them apart from the trace (Confluent Cloud's {@code validation_errors} and {@code
 * errors_from_trace}).
 */
public record RemoteConnector(
    String name,
    Map<String, String> config,
    String state,
    String workerId,
    String trace,
    List<RemoteTask> tasks,
    String type,
    String id,
    List<String> errors) {

  public RemoteConnector {
    config = Map.copyOf(config);
    tasks = List.copyOf(tasks);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A connector whose backend says no more about a failure than its trace (Kafka Connect). */
  public RemoteConnector(
      String name,
      Map<String, String> config,
      String state,
      String workerId,
      String trace,
      List<RemoteTask> tasks,
      String type,
      String id) {
    this(name, config, state, workerId, trace, tasks, type, id, List.of());
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
        + new TreeSet<>(config.keySet())
        + "]";
  }

  /**
   * A connector whose config was just written or read on its own: no worker runs it yet, as far as
   * anyone has seen.
   */
  public static RemoteConnector configured(String name, Map<String, String> config) {
    return new RemoteConnector(name, config, "UNASSIGNED", null, null, List.of(), null, null);
  }

  /** One task of a remote connector. */
  public record RemoteTask(int id, String state, String workerId, String trace) {}
}
