package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.RemoteConnector.RemoteTask;

class ConnectorStatusCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final String TARGET = "connect/connect.kafka.svc:8083";
  private static final String SECRET = "wJalrXUtnFEMI-secret";
  private static final String TRACE =
      "org.apache.kafka.connect.errors.ConnectException: Cannot reach streams.dynamodb.us-east-2.amazonaws.com"
          + " with key "
          + SECRET
          + "\n\tat io.customconnectors.Task.poll(Task.java:10)\n\tat x.y(Z.java:1)\n"
          + "Caused by: java.net.SocketException: Connection reset\n\t... 12 more";

  private static CustomConnector resource(
      ConnectorState state, long generation, CustomConnectorStatus previous) {
    CustomConnector resource = new CustomConnector();
    resource.getMetadata().setName("orders");
    resource.getMetadata().setNamespace("retail");
    resource.getMetadata().setGeneration(generation);
    CustomConnectorSpec spec = new CustomConnectorSpec();
    spec.setState(state);
    spec.setTasksMax(2);
    resource.setSpec(spec);
    resource.setStatus(previous);
    return resource;
  }

  private static RemoteConnector remote(String state, String... taskStates) {
    List<RemoteTask> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < taskStates.length; i++) {
      tasks.add(
          new RemoteTask(i, taskStates[i], "w1", taskStates[i].equals("FAILED") ? TRACE : null));
    }
    return new RemoteConnector(
        "orders",
        Map.of(),
        state,
        "w1",
        state.equals("FAILED") ? TRACE : null,
        tasks,
        "source",
        null);
  }

  private static Observation seen(
      RemoteConnector remote, Problem problem, RestartDecision restart) {
    return new Observation(
        TARGET, "orders", remote, problem, remote != null, "hash1", restart, Set.of(SECRET));
  }

  private static Condition condition(CustomConnectorStatus status, String type) {
    return Conditions.find(status.getConditions(), type);
  }

  @Test
  void aRunningConnectorWithAllTasksRunningIsReady() {
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 3, null),
            seen(remote("RUNNING", "RUNNING", "RUNNING"), null, null),
            T0);
    assertThat(status.getObservedGeneration()).isEqualTo(3);
    assertThat(status.getState()).isEqualTo("RUNNING");
    assertThat(status.getTasksReady()).isEqualTo("2/2");
    assertThat(status.getTarget()).isEqualTo(TARGET);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Running");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("Connector 'orders' runs 2 tasks on " + TARGET);
    assertThat(condition(status, "Ready").getObservedGeneration()).isEqualTo(3);
    assertThat(condition(status, "Running").getStatus().name()).isEqualTo("TRUE");
    assertThat(condition(status, "Degraded").getStatus().name()).isEqualTo("FALSE");
    assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aRunningConnectorWhoseTasksConfluentDoesNotListYetIsRunningAndSaysSo() {
    RemoteConnector remote = remote("RUNNING");
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            new Observation(
                "ccloud/lkc-1", "orders", remote, null, true, "hash1", null, Set.of(SECRET)),
            T0);
    assertThat(condition(status, "Ready").getStatus().name()).isEqualTo("TRUE");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Running");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("Connector 'orders' is RUNNING on ccloud/lkc-1; no tasks are listed for it");
    assertThat(status.getTasksReady()).isEqualTo("0/0");

    // On Kafka Connect no tasks listed means none assigned yet: a wait.
    CustomConnectorStatus waiting =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null), seen(remote, null, null), T0);
    assertThat(condition(waiting, "Ready").getReason()).isEqualTo("Unassigned");
  }

  @Test
  void stoppedTasksUnderARunningConnectorAreNamedNotCalledUnassigned() {
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "RUNNING", "STOPPED"), null, null),
            T0);
    assertThat(condition(status, "Ready").getStatus().name()).isEqualTo("FALSE");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("TasksNotRunning");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("1 of 2 tasks of Connector 'orders' are not running (task 1 STOPPED)");

    CustomConnectorStatus waiting =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "RUNNING", "UNASSIGNED"), null, null),
            T0);
    assertThat(condition(waiting, "Ready").getReason()).isEqualTo("Unassigned");
  }

  @Test
  void aFailedConnectorIsExplainedByTheErrorsItsBackendNames() {
    RemoteConnector failed =
        new RemoteConnector(
            "orders",
            Map.of(),
            "FAILED",
            "w1",
            "There were some errors with your configuration:\nkafka.api.key: invalid " + SECRET,
            List.of(),
            "source",
            "clcc-abc123",
            List.of("kafka.api.key: Provided Kafka ApiKey is invalid " + SECRET));
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null), seen(failed, null, null), T0);
    assertThat(condition(status, "Degraded").getMessage())
        .isEqualTo(
            "Connector 'orders' failed: kafka.api.key: Provided Kafka ApiKey is invalid "
                + Redaction.MASK);
  }

  @Test
  void aFailedTaskDegradesTheConnectorWithATrimmedRedactedTrace() {
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "RUNNING", "FAILED"), null, null),
            T0);
    assertThat(condition(status, "Ready").getStatus().name()).isEqualTo("FALSE");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("TasksFailed");
    assertThat(condition(status, "Degraded").getMessage())
        .startsWith(
            "1 of 2 tasks of Connector 'orders' failed; task 1: org.apache.kafka.connect.errors.ConnectException: Cannot reach")
        .contains("(Caused by: java.net.SocketException: Connection reset)")
        .doesNotContain(SECRET)
        .contains(Redaction.MASK);
    assertThat(status.getTasks().get(1).getTrace())
        .doesNotContain("\tat ")
        .doesNotContain(SECRET)
        .endsWith("Caused by: java.net.SocketException: Connection reset");
    assertThat(status.getTasksReady()).isEqualTo("1/2");
  }

  @Test
  void aFailedConnectorIsNotReadyAndSaysSo() {
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null), seen(remote("FAILED"), null, null), T0);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ConnectorFailed");
    assertThat(condition(status, "Running").getReason()).isEqualTo("ConnectorFailed");
    assertThat(condition(status, "Degraded").getStatus().name()).isEqualTo("TRUE");
  }

  @Test
  void pausedAndStoppedAreReadyWhenAskedFor() {
    assertThat(
            condition(
                ConnectorStatusCalculator.compute(
                    resource(ConnectorState.PAUSED, 1, null),
                    seen(remote("PAUSED", "PAUSED"), null, null),
                    T0),
                "Ready"))
        .extracting(Condition::getReason, c -> c.getStatus().name())
        .containsExactly("Paused", "TRUE");
    assertThat(
            condition(
                ConnectorStatusCalculator.compute(
                    resource(ConnectorState.STOPPED, 1, null),
                    seen(remote("STOPPED"), null, null),
                    T0),
                "Ready"))
        .extracting(Condition::getReason, c -> c.getStatus().name())
        .containsExactly("Stopped", "TRUE");
    Condition pausing =
        condition(
            ConnectorStatusCalculator.compute(
                resource(ConnectorState.PAUSED, 1, null),
                seen(remote("RUNNING", "RUNNING"), null, null),
                T0),
            "Ready");
    assertThat(pausing.getStatus().name()).isEqualTo("FALSE");
    assertThat(pausing.getMessage()).isEqualTo("Pausing Connector 'orders' (now RUNNING)");
  }

  @Test
  void aProblemIsTheReadyReasonAndItsMessageIsRedacted() {
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(null, new Problem(Reason.ConfigRejected, "refused value " + SECRET), null),
            T0);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ConfigRejected");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("refused value " + Redaction.MASK);
    assertThat(status.getState()).isEqualTo("NONE");
    assertThat(status.getTasksReady()).isEqualTo("0/2");
  }

  @Test
  void whenNothingCouldBeSeenTheLastKnownStateAndRestartCountStay() {
    RestartDecision waiting = new RestartDecision(RestartDecision.Action.WAIT, 3, T0, T1);
    CustomConnectorStatus failing =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "RUNNING", "FAILED"), null, waiting),
            T0);
    CustomConnectorStatus blocked =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, failing),
            seen(null, new Problem(Reason.BackendUnreachable, "Cannot reach Kafka Connect"), null),
            T1);
    assertThat(condition(blocked, "Ready").getReason()).isEqualTo("BackendUnreachable");
    assertThat(blocked.getState()).isEqualTo("RUNNING");
    assertThat(blocked.getTasksReady()).isEqualTo("1/2");
    assertThat(condition(blocked, "Degraded").getReason()).isEqualTo("TasksFailed");
    assertThat(condition(blocked, "Degraded").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(blocked.getRestarts().getCount()).isEqualTo(3);

    // A config change (no problem, no decision yet) starts the count again.
    CustomConnectorStatus reconfigured =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 2, failing),
            new Observation(
                TARGET,
                "orders",
                remote("RUNNING", "RUNNING", "FAILED"),
                null,
                false,
                "hash2",
                null,
                Set.of()),
            T1);
    assertThat(reconfigured.getRestarts()).isNull();
  }

  @Test
  void restartDecisionsShowInReady() {
    RestartDecision waiting = new RestartDecision(RestartDecision.Action.WAIT, 1, T0, T1);
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "FAILED"), null, waiting),
            T0);
    assertThat(condition(status, "Ready").getMessage()).endsWith("Next automatic restart at " + T1);
    assertThat(status.getRestarts().getNextRestartTime()).isEqualTo(T1.toString());

    RestartDecision givenUp = new RestartDecision(RestartDecision.Action.GIVE_UP, 10, T0, null);
    status =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "FAILED"), null, givenUp),
            T0);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("RestartLimitReached");
    assertThat(condition(status, "Ready").getMessage()).contains("Restarted 10 times");
  }

  @Test
  void transitionTimesChangeOnlyWithTheConditionsStatus() {
    CustomConnectorStatus first =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, null),
            seen(remote("RUNNING", "RUNNING"), null, null),
            T0);
    CustomConnectorStatus same =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, first),
            seen(remote("RUNNING", "RUNNING"), null, null),
            T1);
    assertThat(condition(same, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(ConnectorStatusCalculator.differs(first, same))
        .as("nothing but time passed")
        .isFalse();

    CustomConnectorStatus failed =
        ConnectorStatusCalculator.compute(
            resource(ConnectorState.RUNNING, 1, same),
            seen(remote("RUNNING", "FAILED"), null, null),
            T1);
    assertThat(condition(failed, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(condition(failed, "Degraded").getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(ConnectorStatusCalculator.differs(same, failed)).isTrue();
  }

  @Test
  void aPendingConfigIsNotReadyYet() {
    Observation applying =
        new Observation(
            TARGET, "orders", remote("RUNNING", "RUNNING"), null, false, "hash2", null, Set.of());
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(resource(ConnectorState.RUNNING, 2, null), applying, T0);
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Starting");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("Applying the config of Connector 'orders' on " + TARGET);
    assertThat(status.getConfigHash()).isEqualTo("hash2");
  }
}
