package io.customconnectors.operator.backend;

import java.util.List;
import java.util.Map;

/**
 * A connector as its backend reports it: config as stored there and status in the backend's own
 * words (Kafka Connect: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED, RESTARTING).
 */
public record RemoteConnector(
    String name,
    Map<String, String> config,
    String state,
    String workerId,
    String trace,
    List<RemoteTask> tasks,
    String type) {

  public RemoteConnector {
    config = Map.copyOf(config);
    tasks = List.copyOf(tasks);
  }

  /** One task of a remote connector. */
  public record RemoteTask(int id, String state, String workerId, String trace) {}
}
