package io.customconnectors.operator.backend.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.backend.LogEntry;

class PodLogErrorsTest {

  /** A real worker log (see the README next to it), as the kubelet serves it with timestamps. */
  private static String kubeletLog() throws IOException {
    try (InputStream in = PodLogErrorsTest.class.getResourceAsStream("/logs/connect-worker.log")) {
      String log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return log.lines()
          .map(line -> "2026-12-01T13:25:23.500000000Z " + line)
          .collect(Collectors.joining("\n"));
    }
  }

  @Test
  void errorLinesInTheConnectorsContextWithTheirStackTraceAreItsErrors() throws IOException {
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    PodLogErrors.parse(kubeletLog(), Set.of("es-secret"), Map.of(), 10, errors);

    List<LogEntry> entries = errors.get("es-secret");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).message())
        .startsWith("Reading table Tagged_for_samples failed: AWS rejected the request signature")
        .doesNotContain("(io.customconnectors");
    assertThat(entries.get(0).task()).isZero();
    assertThat(entries.get(0).source()).isEqualTo("PodLog");
    assertThat(entries.get(0).at()).isEqualTo(Instant.parse("2026-12-01T13:25:23.5Z"));
    assertThat(entries.get(1).message()).contains("Task threw an uncaught and unrecoverable");
    assertThat(entries.get(1).trace())
        .startsWith("org.apache.kafka.connect.errors.ConnectException: AWS rejected")
        .contains("Caused by: software.amazon.awssdk.services.dynamodb.model.DynamoDbException")
        .doesNotContain("GET /connectors");
  }

  @Test
  void otherConnectorsAndWhatWasReadBeforeAreLeftOut() throws IOException {
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    PodLogErrors.parse(kubeletLog(), Set.of("orders"), Map.of(), 10, errors);
    assertThat(errors).isEmpty();

    PodLogErrors.parse(
        kubeletLog(),
        Set.of("es-secret"),
        Map.of("es-secret", Instant.parse("2026-12-01T13:25:23.5Z")),
        10,
        errors);
    assertThat(errors).isEmpty();
  }

  @Test
  void withoutKubeletTimestampsConnectsOwnTimeIsUsed() throws IOException {
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    String plain =
        kubeletLog()
            .lines()
            .map(l -> l.substring(l.indexOf(' ') + 1))
            .collect(Collectors.joining("\n"));
    PodLogErrors.parse(plain, Set.of("es-secret"), Map.of(), 1, errors);
    assertThat(errors.get("es-secret"))
        .singleElement()
        .satisfies(e -> assertThat(e.at()).isEqualTo(Instant.parse("2026-12-01T13:25:22.810Z")));
  }
}
