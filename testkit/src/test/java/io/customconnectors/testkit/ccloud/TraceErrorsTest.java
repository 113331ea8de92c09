package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TraceErrorsTest {

  @Test
  void aConfigurationTraceGivesItsLinesAsValidationErrors() {
    TraceErrors errors =
        TraceErrors.of(
            new ConnectorRuntime.Status(
                "FAILED",
                "There were some errors with your configuration:\n"
                    + "kafka.api.key: Provided Kafka ApiKey is invalid\n"
                    + "kafka.api.secret: Provided Kafka ApiKey is invalid\n",
                List.of()));
    assertThat(errors.validation())
        .containsExactly(
            "kafka.api.key: Provided Kafka ApiKey is invalid",
            "kafka.api.secret: Provided Kafka ApiKey is invalid");
    assertThat(errors.fromTrace()).isEmpty();
  }

  @Test
  void aStackTraceGivesItsExceptionsAndCausesAsErrorsFromTrace() {
    TraceErrors errors =
        TraceErrors.of(
            new ConnectorRuntime.Status(
                "DEGRADED",
                "",
                List.of(
                    new ConnectorRuntime.TaskState(0, "RUNNING", ""),
                    new ConnectorRuntime.TaskState(
                        1,
                        "FAILED",
                        "org.apache.kafka.connect.errors.ConnectException: Cannot reach DynamoDB\n"
                            + "\tat io.customconnectors.Task.poll(Task.java:10)\n"
                            + "Caused by: java.net.SocketException: Connection reset\n"
                            + "\t... 3 more"))));
    assertThat(errors.fromTrace()).containsExactly("Cannot reach DynamoDB", "Connection reset");
    assertThat(errors.validation()).isEmpty();
  }

  @Test
  void aConnectorThatDidNotFailHasNone() {
    TraceErrors errors =
        TraceErrors.of(
            new ConnectorRuntime.Status(
                "RUNNING", "", List.of(new ConnectorRuntime.TaskState(0, "RUNNING", ""))));
    assertThat(errors.validation()).isEmpty();
    assertThat(errors.fromTrace()).isEmpty();
  }
}
