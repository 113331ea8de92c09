package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectLogsTest {

  @Test
  void aConfigurationErrorIsItsOwnHeadlineAndRootCause() {
    String trace =
        "There were some errors with your configuration:\nkafka.api.key: Provided Kafka ApiKey is invalid";
    assertThat(ConnectLogs.headline(trace))
        .isEqualTo(
            "There were some errors with your configuration: kafka.api.key: Provided Kafka ApiKey is invalid");
    assertThat(ConnectLogs.rootCause(trace)).isEqualTo(ConnectLogs.headline(trace));
  }

  @Test
  void aStackTracesRootCauseIsItsInnermostCause() {
    String trace =
        """
        org.apache.kafka.connect.errors.ConnectException: Could not list tables
        \tat io.customconnectors.Task.poll(Task.java:10)
        Caused by: software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request
        \tat software.amazon.awssdk.Http.call(Http.java:1)
        Caused by: java.net.SocketException: Connection reset
        \t... 12 more
        """;
    assertThat(ConnectLogs.headline(trace))
        .isEqualTo("org.apache.kafka.connect.errors.ConnectException: Could not list tables");
    assertThat(ConnectLogs.rootCause(trace))
        .isEqualTo("java.net.SocketException: Connection reset");
    assertThat(ConnectLogs.rootCause(null)).isEmpty();
  }
}
