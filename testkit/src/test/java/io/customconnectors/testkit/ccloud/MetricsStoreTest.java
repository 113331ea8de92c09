package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetricsStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final MetricsStore.Metric SENT =
      MetricsStore.metric("io.confluent.kafka.connect/sent_records");
  private static final MetricsStore.Metric CPU =
      MetricsStore.metric("io.confluent.kafka.connect/custom_worker_cpu_load");

  @Test
  void countersReportTheIncreasePerBucketAndGaugesTheMean() {
    MetricsStore store = new MetricsStore();
    record(store, 10, 100, 0.2);
    record(store, 50, 160, 0.4);
    record(store, 70, 400, 0.6);
    record(store, 130, 450, 0.8);

    assertThat(store.query("clcc-1", SENT, T0, T0.plusSeconds(180), Duration.ofMinutes(1)))
        .containsExactly(
            new MetricsStore.Point(T0, 160.0),
            new MetricsStore.Point(T0.plusSeconds(60), 240.0),
            new MetricsStore.Point(T0.plusSeconds(120), 50.0));
    assertThat(store.query("clcc-1", CPU, T0, T0.plusSeconds(60), Duration.ofMinutes(1)))
        .singleElement()
        .extracting(MetricsStore.Point::value)
        .satisfies(
            mean -> assertThat(mean).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(store.query("clcc-other", SENT, T0, T0.plusSeconds(60), Duration.ofMinutes(1)))
        .isEmpty();
  }

  @Test
  void aRestartedTaskNeverMakesANegativeIncrease() {
    MetricsStore store = new MetricsStore();
    record(store, 10, 500, 0);
    record(store, 70, 20, 0);
    assertThat(
            store.query(
                "clcc-1", SENT, T0.plusSeconds(60), T0.plusSeconds(120), Duration.ofMinutes(1)))
        .containsExactly(new MetricsStore.Point(T0.plusSeconds(60), 0.0));
  }

  private static void record(MetricsStore store, int second, double sent, double cpu) {
    store.record("clcc-1", T0.plusSeconds(second), Map.of(SENT.name(), sent, CPU.name(), cpu));
  }
}
