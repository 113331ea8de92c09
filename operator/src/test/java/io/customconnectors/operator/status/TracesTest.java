package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TracesTest {

  @Test
  void excerptsKeepTheMessageAndTheInnermostCause() {
    String trace =
        "org.apache.kafka.connect.errors.ConnectException: Failed\nsecond message line\n"
            + "\tat a.B.c(B.java:1)\nCaused by: x.Y: middle\n\tat d.E(E.java:2)\n"
            + "Caused by: java.io.IOException: root\n\t... 3 more";
    assertThat(Traces.excerpt(trace))
        .isEqualTo(
            "org.apache.kafka.connect.errors.ConnectException: Failed\nsecond message line\n"
                + "Caused by: java.io.IOException: root");
    assertThat(Traces.headline(trace))
        .isEqualTo(
            "org.apache.kafka.connect.errors.ConnectException: Failed (Caused by: java.io.IOException: root)");
  }

  @Test
  void aHeadlineEndingInAColonKeepsTheLinesThatSayWhat() {
    assertThat(
            Traces.headline(
                "There were some errors with your configuration:\n"
                    + "kafka.api.key: Provided Kafka ApiKey is invalid\n"))
        .isEqualTo(
            "There were some errors with your configuration: kafka.api.key: Provided Kafka ApiKey"
                + " is invalid");
  }

  @Test
  void longTracesAreCut() {
    assertThat(Traces.excerpt("x".repeat(5000))).hasSize(Traces.MAX);
    assertThat(Traces.excerpt(null)).isNull();
    assertThat(Traces.headline("")).isEmpty();
  }
}
