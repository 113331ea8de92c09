package io.customconnectors.testkit.ccloud;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Samples of connector metrics over time and the Metrics API's arithmetic on them: counters become
 * the increase within each bucket, gauges the mean of their samples.
 */
final class MetricsStore {

  /** A metric the emulator serves. */
  record Metric(String name, String description, String type, String unit, boolean counter) {}

  static final String PREFIX = "io.confluent.kafka.connect/";
  static final List<Metric> METRICS =
      List.of(
          new Metric(
              PREFIX + "sent_records",
              "Records a source connector wrote to Kafka",
              "COUNTER_INT64",
              "1",
              true),
          new Metric(
              PREFIX + "received_records",
              "Records a sink connector read from Kafka",
              "COUNTER_INT64",
              "1",
              true),
          new Metric(
              PREFIX + "sent_bytes",
              "Bytes a source connector wrote to Kafka",
              "COUNTER_INT64",
              "By",
              true),
          new Metric(
              PREFIX + "received_bytes",
              "Bytes a sink connector read from Kafka",
              "COUNTER_INT64",
              "By",
              true),
          new Metric(
              PREFIX + "dead_letter_queue_records",
              "Records written to the dead letter queue",
              "COUNTER_INT64",
              "1",
              true),
          new Metric(
              PREFIX + "records_lag_max",
              "Largest consumer lag of a sink connector, in records",
              "GAUGE_INT64",
              "1",
              false),
          new Metric(
              PREFIX + "custom_worker_cpu_load",
              "Emulator only: CPU load of the worker running the connector, 0 to 1",
              "GAUGE_DOUBLE",
              "1",
              false),
          new Metric(
              PREFIX + "custom_worker_memory_free_bytes",
              "Emulator only: free heap memory of the worker running the connector",
              "GAUGE_INT64",
              "By",
              false));

  /** A bucket of a query answer. */
  record Point(Instant timestamp, double value) {}

  private final Map<String, NavigableMap<Instant, Map<String, Double>>> samples =
      new ConcurrentHashMap<>();

  static Metric metric(String name) {
    return METRICS.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  void record(String connectorId, Instant at, Map<String, Double> values) {
    samples
        .computeIfAbsent(connectorId, id -> new ConcurrentSkipListMap<>())
        .put(at, Map.copyOf(values));
  }

  /**
   * The metric per bucket of {@code step} between {@code start} and {@code end}, buckets without
   * data left out.
   */
  List<Point> query(String connectorId, Metric metric, Instant start, Instant end, Duration step) {
    NavigableMap<Instant, Map<String, Double>> series =
        samples.getOrDefault(connectorId, new ConcurrentSkipListMap<>());
    List<Point> points = new ArrayList<>();
    for (Instant bucket = start; bucket.isBefore(end); bucket = bucket.plus(step)) {
      Instant bucketEnd = bucket.plus(step).isAfter(end) ? end : bucket.plus(step);
      Double value =
          metric.counter()
              ? increase(series, metric.name(), bucket, bucketEnd)
              : mean(series, metric.name(), bucket, bucketEnd);
      if (value != null) {
        points.add(new Point(bucket, value));
      }
    }
    return points;
  }

  private static Double increase(
      NavigableMap<Instant, Map<String, Double>> series, String name, Instant from, Instant to) {
    Map.Entry<Instant, Map<String, Double>> last = series.lowerEntry(to);
    if (last == null || last.getKey().isBefore(from) || !last.getValue().containsKey(name)) {
      return null;
    }
    Map.Entry<Instant, Map<String, Double>> before = series.lowerEntry(from);
    double base = before == null ? 0 : before.getValue().getOrDefault(name, 0.0);
    // A restarted task starts counting from zero again; never report a negative increase.
    return Math.max(0, last.getValue().get(name) - base);
  }

  private static Double mean(
      NavigableMap<Instant, Map<String, Double>> series, String name, Instant from, Instant to) {
    double sum = 0;
    int count = 0;
    for (Map<String, Double> sample : series.subMap(from, true, to, false).values()) {
      Double value = sample.get(name);
      if (value != null) {
        sum += value;
        count++;
      }
    }
    return count == 0 ? null : sum / count;
  }
}
