package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerRefusalTest {

  @Test
  void takesConnectsMessageOutOfTheFailedCall() {
    IllegalStateException refused =
        new IllegalStateException(
            "PATCH /connectors/clcc-1/offsets answered 400: {\"error_code\":400,\"message\":"
                + "\"Failed to alter offsets:\\nposition must be non-negative\"}");
    assertThat(WorkerRefusal.reason(refused))
        .isEqualTo("Failed to alter offsets:\nposition must be non-negative");
  }

  @Test
  void keepsTheWholeFailureWhenTheAnswerHasNoMessage() {
    IllegalStateException refused =
        new IllegalStateException("PUT /connectors/clcc-1/stop answered 500: <html>oops</html>");
    assertThat(WorkerRefusal.reason(refused)).isEqualTo(refused.getMessage());
    IllegalStateException noMessage = new IllegalStateException("GET answered 500: {\"x\":1}");
    assertThat(WorkerRefusal.reason(noMessage)).isEqualTo(noMessage.getMessage());
  }
}
