package io.customconnectors.operator.backend.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void samplesWithLabelsEscapesAndTimestampsAreRead() {
    List<PrometheusText.Sample> samples =
        PrometheusText.parse(
            """
            # HELP x_total something
            # TYPE x_total counter
            x_total{a="1",b="with \\"quotes\\", commas and } braces"} 12.5 1700000000000
            plain 3
            broken{a="1" 4
            nan_gauge NaN
            """);
    assertThat(samples)
        .containsExactly(
            new PrometheusText.Sample(
                "x_total", Map.of("a", "1", "b", "with \"quotes\", commas and } braces"), 12.5),
            new PrometheusText.Sample("plain", Map.of(), 3));
  }
}
