package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.api.v1alpha1.TaskStatus;
import io.customconnectors.operator.backend.RemoteConnector;

/**
 * The status of a CustomConnector as a pure function of its spec, the observation, its previous
 * status and the time: no client, no I/O. Conditions: {@code Ready} (in the state spec.state asks
 * for, with the desired config), {@code Running} (connector and every task run) and {@code
 * Degraded} (the connector or a task failed).
 */
public final class ConnectorStatusCalculator {

  public static final String READY = "Ready";
  public static final String RUNNING = "Running";
  public static final String DEGRADED = "Degraded";

  private ConnectorStatusCalculator() {}

  public static CustomConnectorStatus compute(
      CustomConnector resource, Observation observation, Instant now) {
    CustomConnectorStatus previous =
        resource.getStatus() == null ? new CustomConnectorStatus() : resource.getStatus();
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    ConnectorState desired =
        resource.getSpec().getState() == null
            ? ConnectorState.RUNNING
            : resource.getSpec().getState();
    RemoteConnector remote = observation.remote();
    String name = "Connector '" + observation.connectorName() + "'";

    CustomConnectorStatus status = new CustomConnectorStatus();
    status.setObservedGeneration(generation);
    status.setTarget(observation.target());
    status.setConfigHash(observation.configHash());
    status.setRecentErrors(previous.getRecentErrors());
    status.setMetrics(previous.getMetrics());
    // Blocked (unreachable, secret missing...) means no restart decision was made: keep the count,
    // so a connector that keeps failing behind an outage still reaches its restart limit.
    status.setRestarts(
        observation.restart() != null
            ? observation.restart().toStatus()
            : observation.problem() != null ? previous.getRestarts() : null);

    List<Condition> conditions = new ArrayList<>();
    Condition running;
    Condition degraded;
    boolean lastKnown =
        remote == null
            && observation.problem() != null
            && previous.getState() != null
            && !previous.getState().equals("NONE")
            && Conditions.find(previous.getConditions(), RUNNING) != null
            && Conditions.find(previous.getConditions(), DEGRADED) != null;
    if (lastKnown) {
      // Nothing was seen this time (the target is unreachable, a Secret is missing...): keep what
      // was last seen rather than claim the connector does not exist.
      status.setConnectorId(previous.getConnectorId());
      status.setState(previous.getState());
      status.setTasks(previous.getTasks());
      status.setTasksReady(previous.getTasksReady());
      running = Conditions.find(previous.getConditions(), RUNNING);
      degraded = Conditions.find(previous.getConditions(), DEGRADED);
    } else if (remote == null) {
      status.setState("NONE");
      status.setTasksReady("0/" + tasksMax(resource));
      running =
          Conditions.of(
              RUNNING,
              false,
              Reason.Starting,
              name + " does not exist on " + observation.target() + " yet",
              generation);
      degraded = Conditions.of(DEGRADED, false, Reason.NoFailures, "No failures", generation);
    } else {
      status.setConnectorId(remote.id() == null ? remote.name() : remote.id());
      status.setState(remote.state());
      List<TaskStatus> tasks = new ArrayList<>();
      int runningTasks = 0;
      for (RemoteConnector.RemoteTask task : remote.tasks()) {
        TaskStatus entry = new TaskStatus();
        entry.setId(task.id());
        entry.setState(task.state());
        entry.setWorkerId(task.workerId());
        entry.setTrace(redact(Traces.excerpt(task.trace()), observation));
        tasks.add(entry);
        runningTasks += task.state().equals("RUNNING") ? 1 : 0;
      }
      status.setTasks(tasks);
      status.setTasksReady(runningTasks + "/" + tasks.size());
      running = running(remote, name, observation, generation);
      degraded = degraded(remote, name, observation, generation);
    }
    conditions.add(ready(desired, remote, running, degraded, name, observation, generation));
    conditions.add(running);
    conditions.add(degraded);
    status.setConditions(Conditions.carryOver(previous.getConditions(), conditions, now));
    return status;
  }

  private static Condition running(
      RemoteConnector remote, String name, Observation observation, long generation) {
    long failed = remote.tasks().stream().filter(t -> t.state().equals("FAILED")).count();
    boolean allRunning =
        !remote.tasks().isEmpty()
            && remote.tasks().stream().allMatch(t -> t.state().equals("RUNNING"));
    return switch (remote.state()) {
      case "RUNNING" -> {
        if (allRunning) {
          yield Conditions.of(
              RUNNING,
              true,
              Reason.Running,
              name
                  + " runs "
                  + remote.tasks().size()
                  + (remote.tasks().size() == 1 ? " task" : " tasks")
                  + " on "
                  + observation.target(),
              generation);
        }
        if (failed > 0) {
          yield Conditions.of(
              RUNNING,
              false,
              Reason.TasksFailed,
              failed + " of " + remote.tasks().size() + " tasks of " + name + " failed",
              generation);
        }
        if (remote.tasks().isEmpty() && onConfluentCloud(observation)) {
          // Confluent Cloud lists a RUNNING connector's tasks only after a while: not a wait for
          // anything. (On Kafka Connect, tasks are listed once they are assigned: that is a wait.)
          yield Conditions.of(
              RUNNING,
              true,
              Reason.Running,
              name + " is RUNNING on " + observation.target() + "; no tasks are listed for it",
              generation);
        }
        List<String> notRunning =
            remote.tasks().stream()
                .filter(t -> !t.state().equals("RUNNING"))
                .map(t -> "task " + t.id() + " " + t.state())
                .toList();
        boolean unassigned =
            remote.tasks().stream()
                .allMatch(t -> t.state().equals("RUNNING") || t.state().equals("UNASSIGNED"));
        yield Conditions.of(
            RUNNING,
            false,
            unassigned ? Reason.Unassigned : Reason.TasksNotRunning,
            unassigned
                ? name + " waits for its tasks to be assigned and started"
                : notRunning.size()
                    + " of "
                    + remote.tasks().size()
                    + " tasks of "
                    + name
                    + " are not running ("
                    + String.join(", ", notRunning)
                    + ")",
            generation);
      }
      case "PAUSED" ->
          Conditions.of(RUNNING, false, Reason.Paused, name + " is paused", generation);
      case "STOPPED" ->
          Conditions.of(RUNNING, false, Reason.Stopped, name + " is stopped", generation);
      case "FAILED" ->
          Conditions.of(RUNNING, false, Reason.ConnectorFailed, name + " failed", generation);
      case "RESTARTING" ->
          Conditions.of(RUNNING, false, Reason.Restarting, name + " is restarting", generation);
      case "PROVISIONING" ->
          Conditions.of(
              RUNNING,
              false,
              Reason.Provisioning,
              name
                  + " is being provisioned on "
                  + observation.target()
                  + " (custom connectors can take several minutes)",
              generation);
      case "DEGRADED" ->
          Conditions.of(
              RUNNING,
              false,
              Reason.TasksFailed,
              (failed == 0 ? "Some" : failed + " of " + remote.tasks().size())
                  + " tasks of "
                  + name
                  + " failed",
              generation);
      default ->
          Conditions.of(
              RUNNING,
              false,
              Reason.Unassigned,
              name + " is " + remote.state() + ": no worker runs it yet",
              generation);
    };
  }

  private static Condition degraded(
      RemoteConnector remote, String name, Observation observation, long generation) {
    if (remote.state().equals("FAILED")) {
      return Conditions.of(
          DEGRADED,
          true,
          Reason.ConnectorFailed,
          redact(name + " failed: " + cause(remote), observation),
          generation);
    }
    List<RemoteConnector.RemoteTask> failed =
        remote.tasks().stream().filter(t -> t.state().equals("FAILED")).toList();
    if (!failed.isEmpty()) {
      RemoteConnector.RemoteTask first = failed.get(0);
      return Conditions.of(
          DEGRADED,
          true,
          Reason.TasksFailed,
          redact(
              failed.size()
                  + " of "
                  + remote.tasks().size()
                  + " tasks of "
                  + name
                  + " failed; task "
                  + first.id()
                  + ": "
                  + Traces.headline(first.trace()),
              observation),
          generation);
    }
    return Conditions.of(DEGRADED, false, Reason.NoFailures, "No failures", generation);
  }

  static boolean onConfluentCloud(Observation observation) {
    return observation.target() != null && observation.target().startsWith("ccloud/");
  }

  /** Why a connector failed: the causes its backend names, else the trace's headline. */
  private static String cause(RemoteConnector remote) {
    return remote.errors().isEmpty()
        ? Traces.headline(remote.trace())
        : String.join("; ", remote.errors());
  }

  private static Condition ready(
      ConnectorState desired,
      RemoteConnector remote,
      Condition running,
      Condition degraded,
      String name,
      Observation observation,
      long generation) {
    if (observation.problem() != null) {
      return Conditions.of(
          READY,
          false,
          observation.problem().reason(),
          redact(observation.problem().message(), observation),
          generation);
    }
    if (remote == null || !observation.configApplied()) {
      return Conditions.of(
          READY,
          false,
          Reason.Starting,
          (remote == null ? "Creating " : "Applying the config of ")
              + name
              + " on "
              + observation.target(),
          generation);
    }
    RestartDecision restart = observation.restart();
    boolean failing = Objects.equals(degraded.getStatus().name(), "TRUE");
    if (failing && desired == ConnectorState.RUNNING && restart != null) {
      switch (restart.action()) {
        case GIVE_UP -> {
          return Conditions.of(
              READY,
              false,
              Reason.RestartLimitReached,
              redact(
                  degraded.getMessage()
                      + ". Restarted "
                      + restart.count()
                      + " times without success (spec.restartPolicy.maxRestarts); fix the cause,"
                      + " then change the resource or restart the connector to try again",
                  observation),
              generation);
        }
        case WAIT -> {
          return Conditions.of(
              READY,
              false,
              Reason.valueOf(degraded.getReason()),
              degraded.getMessage() + ". Next automatic restart at " + restart.nextRestart(),
              generation);
        }
        case RESTART_NOW -> {
          return Conditions.of(
              READY,
              false,
              Reason.Restarting,
              degraded.getMessage() + ". Restart " + restart.count() + " requested",
              generation);
        }
        default -> {
          // NONE: restartPolicy Never, reported as the failure itself below
        }
      }
    }
    boolean resuming =
        !failing
            && (Reason.Paused.name().equals(running.getReason())
                || Reason.Stopped.name().equals(running.getReason()));
    return switch (desired) {
      case RUNNING ->
          resuming
              // spec.state says Running: a paused or stopped connector is on its way back.
              ? Conditions.of(
                  READY,
                  false,
                  Reason.Starting,
                  "Resuming " + name + " (now " + remote.state() + ")",
                  generation)
              : Conditions.of(
                  READY,
                  running.getStatus().name().equals("TRUE"),
                  failing
                      ? Reason.valueOf(degraded.getReason())
                      : Reason.valueOf(running.getReason()),
                  failing ? degraded.getMessage() : running.getMessage(),
                  generation);
      case PAUSED ->
          remote.state().equals("PAUSED")
              ? Conditions.of(READY, true, Reason.Paused, name + " is paused", generation)
              : Conditions.of(
                  READY,
                  false,
                  Reason.Starting,
                  "Pausing " + name + " (now " + remote.state() + ")",
                  generation);
      case STOPPED ->
          remote.state().equals("STOPPED")
              ? Conditions.of(READY, true, Reason.Stopped, name + " is stopped", generation)
              : Conditions.of(
                  READY,
                  false,
                  Reason.Starting,
                  "Stopping " + name + " (now " + remote.state() + ")",
                  generation);
    };
  }

  private static int tasksMax(CustomConnector resource) {
    Integer tasks = resource.getSpec().getTasksMax();
    return tasks == null ? 1 : tasks;
  }

  private static String redact(String text, Observation observation) {
    return Redaction.redact(text, observation.secrets());
  }

  /**
   * Whether two statuses differ in more than condition timestamps, i.e. whether a status write
   * would tell anyone anything.
   */
  public static boolean differs(CustomConnectorStatus before, CustomConnectorStatus after) {
    return StatusDiff.differs(before, after);
  }
}
