package io.customconnectors.operator.reconciler;

import java.util.Map;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.RestartStatus;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.RemoteConnector;

/**
 * A restart someone asked for with {@link Annotations#RESTART} or {@link Annotations#RESTART_TASK}:
 * done once, then the annotation goes and an Event says what was done (or why nothing was). It is
 * not one of the restart policy's restarts and does not count against its limit.
 */
record ManualRestart(String annotation, boolean done, String message) {

  /** The restart the resource's annotations ask for, done now; empty when none is asked. */
  static Optional<ManualRestart> perform(
      CustomConnector resource,
      ConnectorBackend backend,
      String name,
      RemoteConnector remote,
      Map<String, String> config) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.empty();
    }
    String task = annotations.get(Annotations.RESTART_TASK);
    if (task != null) {
      // Right after a write the connector's tasks are not known yet: the next poll tells them.
      return remote.tasks().isEmpty()
          ? Optional.empty()
          : Optional.of(restartTask(backend, name, remote, config, task.strip()));
    }
    String all = annotations.get(Annotations.RESTART);
    if (all == null) {
      return Optional.empty();
    }
    if (!all.strip().equalsIgnoreCase("true")) {
      return Optional.of(
          new ManualRestart(
              Annotations.RESTART,
              false,
              "Not restarted: "
                  + Annotations.RESTART
                  + " is '"
                  + all
                  + "'; set it to \"true\" to restart the connector and its tasks"));
    }
    String how = backend.restartAll(name, config);
    return Optional.of(
        new ManualRestart(
            Annotations.RESTART,
            true,
            "Restarted connector '" + name + "' and its tasks on request" + how));
  }

  /** Puts the time of the last manual restart, if there was one, in status.restarts. */
  static void remember(CustomConnectorStatus status, String lastManualRestart) {
    if (lastManualRestart == null) {
      return;
    }
    if (status.getRestarts() == null) {
      status.setRestarts(new RestartStatus());
    }
    status.getRestarts().setLastManualRestart(lastManualRestart);
  }

  private static ManualRestart restartTask(
      ConnectorBackend backend,
      String name,
      RemoteConnector remote,
      Map<String, String> config,
      String task) {
    int id;
    try {
      id = Integer.parseInt(task);
    } catch (NumberFormatException e) {
      id = -1;
    }
    int taskId = id;
    boolean exists = remote.tasks().stream().anyMatch(t -> t.id() == taskId);
    if (!exists) {
      return new ManualRestart(
          Annotations.RESTART_TASK,
          false,
          "Not restarted: connector '"
              + name
              + "' has no task '"
              + task
              + "'; its tasks are "
              + remote.tasks().stream().map(t -> Integer.toString(t.id())).toList());
    }
    if (backend.restartTask(name, id)) {
      return new ManualRestart(
          Annotations.RESTART_TASK,
          true,
          "Restarted task " + id + " of connector '" + name + "' on request");
    }
    String how = backend.restartAll(name, config);
    return new ManualRestart(
        Annotations.RESTART_TASK,
        true,
        "Restarted connector '"
            + name
            + "' and all its tasks on request"
            + how
            + ": "
            + backend.describe()
            + " cannot restart task "
            + id
            + " alone");
  }
}
