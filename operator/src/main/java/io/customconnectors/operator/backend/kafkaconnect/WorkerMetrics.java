package io.customconnectors.operator.backend.kafkaconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.customconnectors.operator.backend.ConnectorMetricsSource;
import io.customconnectors.operator.backend.MetricsReading;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.http.JsonHttp;
import io.customconnectors.operator.backend.kafkaconnect.PrometheusText.Sample;

/**
 * A Kafka Connect worker's Prometheus endpoint, as the Prometheus JMX exporter agent serves it with
 * the project's {@code config/jmx-exporter/kafka-connect.yaml}: task counters and client byte
 * counters per connector, the consumers' lag, the process's CPU seconds and heap. Counters become
 * increases since the previous scrape (a task that restarted counts from zero again; a series first
 * seen after the first scrape counts in full, as its task started since), so windows follow each
 * other without gaps. The first scrape only sets the baseline.
 */
final class WorkerMetrics implements ConnectorMetricsSource {

  static final String SOURCE_WRITTEN = "kafka_connect_source_task_source_record_write_total";
  static final String SINK_READ = "kafka_connect_sink_task_sink_record_read_total";
  static final String DEAD_LETTERS =
      "kafka_connect_task_error_deadletterqueue_produce_requests_total";
  static final String PRODUCER_BYTES = "kafka_producer_outgoing_byte_total";
  static final String CONSUMER_BYTES = "kafka_consumer_fetch_bytes_consumed_total";
  static final String CONSUMER_LAG = "kafka_consumer_fetch_records_lag_max";
  static final String HEAP_USED = "jvm_memory_used_bytes";
  static final String HEAP_MAX = "jvm_memory_max_bytes";
  static final String CPU_SECONDS = "process_cpu_seconds_total";

  private static final String PRODUCER_CLIENT = "connector-producer-";
  private static final String CONSUMER_CLIENT = "connector-consumer-";

  private final JsonHttp endpoint;
  private final Clock clock;
  private final AtomicLong requests = new AtomicLong();
  private Map<String, Double> previous;
  private Instant previousAt;

  WorkerMetrics(JsonHttp endpoint, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  @Override
  public synchronized Map<String, MetricsReading> read(
      Collection<RemoteConnector> connectors, Duration firstWindow) {
    requests.incrementAndGet();
    String text = endpoint.text(List.of());
    Instant now = clock.instant();
    List<Sample> samples = PrometheusText.parse(text);
    Map<String, Double> counters = new HashMap<>();
    Map<String, Tally> tallies = new LinkedHashMap<>();
    Set<String> wanted = connectors.stream().map(RemoteConnector::name).collect(Collectors.toSet());
    Double heapUsed = null;
    Double heapMax = null;
    for (Sample sample : samples) {
      switch (sample.name()) {
        case HEAP_USED ->
            heapUsed = sample.label("area").equals("heap") ? sample.value() : heapUsed;
        case HEAP_MAX -> heapMax = sample.label("area").equals("heap") ? sample.value() : heapMax;
        case CPU_SECONDS -> counters.put(CPU_SECONDS, sample.value());
        default -> tally(sample, wanted, counters, tallies);
      }
    }
    Map<String, Double> before = previous;
    Instant beforeAt = previousAt;
    previous = counters;
    previousAt = now;
    if (before == null) {
      return Map.of();
    }
    Duration window = Duration.between(beforeAt, now);
    Long cpu = null;
    if (counters.containsKey(CPU_SECONDS) && before.containsKey(CPU_SECONDS)) {
      double seconds = increase(counters.get(CPU_SECONDS), before.get(CPU_SECONDS));
      cpu = Math.round(seconds * 1000 / Math.max(0.001, window.toMillis() / 1000.0));
    }
    Long free =
        heapUsed != null && heapMax != null && heapMax > 0
            ? Math.round(Math.max(0, heapMax - heapUsed))
            : null;
    Map<String, MetricsReading> readings = new LinkedHashMap<>();
    for (var entry : tallies.entrySet()) {
      readings.put(entry.getKey(), entry.getValue().reading(before, cpu, free, window, now));
    }
    return readings;
  }

  private static void tally(
      Sample sample, Set<String> wanted, Map<String, Double> counters, Map<String, Tally> tallies) {
    String connector =
        switch (sample.name()) {
          case SOURCE_WRITTEN, SINK_READ, DEAD_LETTERS -> sample.label("connector");
          case PRODUCER_BYTES -> client(sample.label("client_id"), PRODUCER_CLIENT);
          case CONSUMER_BYTES, CONSUMER_LAG -> client(sample.label("client_id"), CONSUMER_CLIENT);
          default -> null;
        };
    if (connector == null || !wanted.contains(connector)) {
      return;
    }
    Tally tally = tallies.computeIfAbsent(connector, name -> new Tally());
    if (sample.name().equals(CONSUMER_LAG)) {
      tally.lag = Math.max(tally.lag == null ? 0 : tally.lag, Math.round(sample.value()));
      return;
    }
    String series = sample.name() + sample.labels();
    counters.put(series, sample.value());
    tally.series.put(series, sample);
  }

  /** The connector of a task's client id, {@code connector-producer-<connector>-<task>}. */
  static String client(String clientId, String prefix) {
    if (!clientId.startsWith(prefix)) {
      return null;
    }
    int dash = clientId.lastIndexOf('-');
    return dash <= prefix.length() ? null : clientId.substring(prefix.length(), dash);
  }

  /** A counter's increase; one that went down was reset (a restarted task) and counts in full. */
  static double increase(double now, Double before) {
    if (before == null) {
      return now;
    }
    return now >= before ? now - before : now;
  }

  /** One connector's series in this scrape. */
  private static final class Tally {
    final Map<String, Sample> series = new LinkedHashMap<>();
    Long lag;

    MetricsReading reading(
        Map<String, Double> before, Long cpu, Long free, Duration window, Instant at) {
      Map<String, Long> sums = new HashMap<>();
      series.forEach(
          (key, sample) ->
              sums.merge(
                  sample.name(), Math.round(increase(sample.value(), before.get(key))), Long::sum));
      return new MetricsReading(
          sums.get(SINK_READ),
          sums.get(SOURCE_WRITTEN),
          sums.get(CONSUMER_BYTES),
          sums.get(PRODUCER_BYTES),
          sums.get(DEAD_LETTERS),
          lag,
          cpu,
          null,
          free,
          window,
          at);
    }
  }

  @Override
  public long requests() {
    return requests.get();
  }
}
