package io.customconnectors.operator.backend.confluentcloud;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorMetricsSource;
import io.customconnectors.operator.backend.MetricsReading;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.RequestBudget;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * Confluent's Metrics API for the connectors of one Kafka cluster: per round, one query per metric
 * for all of the cluster's connectors at once (a filter on their ids, grouped by {@code
 * resource.connector.id}, one bucket), whatever their number. The API admits one aggregation per
 * query, so a round is two queries for a cluster of source connectors, four for sinks, six for
 * both, and two more where Confluent publishes worker CPU and free memory (found through the
 * descriptors, whose names Confluent does not document). Windows follow each other from the end of
 * the previous round; they end {@code delay} ago, as Confluent's data arrives about five minutes
 * late. A round that would exceed the shared {@link RequestBudget} is not started.
 */
public final class ConfluentMetrics implements ConnectorMetricsSource {

  /** Where the figures end, how many requests all sources may make, and the clock. */
  public record Settings(Duration delay, RequestBudget budget, Clock clock) {

    /** Confluent's own figures: five minutes late, 60 requests a minute per IP. */
    public static Settings standard(Clock clock) {
      return new Settings(
          Duration.ofMinutes(5), new RequestBudget(60, Duration.ofMinutes(1), clock), clock);
    }
  }

  static final String PREFIX = "io.confluent.kafka.connect/";
  static final String SENT_RECORDS = PREFIX + "sent_records";
  static final String SENT_BYTES = PREFIX + "sent_bytes";
  static final String RECEIVED_RECORDS = PREFIX + "received_records";
  static final String RECEIVED_BYTES = PREFIX + "received_bytes";
  static final String DEAD_LETTERS = PREFIX + "dead_letter_queue_records";
  static final String LAG = PREFIX + "records_lag_max";
  private static final String CONNECTOR_ID = "resource.connector.id";

  private final JsonHttp http;
  private final Settings settings;
  private final AtomicLong requests = new AtomicLong();
  private Instant lastEnd;
  private WorkerHealth worker;

  /** The worker-health metrics Confluent publishes, where it does; null names where not. */
  private record WorkerHealth(String cpuLoad, String memoryFree) {}

  ConfluentMetrics(ConfluentCloudConnection connection, Settings settings) {
    Duration timeout = Duration.ofSeconds(30);
    this.settings = settings;
    this.http =
        new JsonHttp(
            "Confluent Cloud Metrics",
            "Confluent Cloud Metrics API: ",
            JsonHttp.parse(connection.metricsBase()),
            new OkHttpClient.Builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .callTimeout(timeout.multipliedBy(2))
                .build(),
            Map.of(
                "User-Agent",
                "custom-connector-operator/0.1",
                "Authorization",
                Credentials.basic(
                    connection.apiKey(), connection.apiSecret(), StandardCharsets.UTF_8)),
            null);
  }

  @Override
  public synchronized Map<String, MetricsReading> read(
      Collection<RemoteConnector> connectors, Duration firstWindow) {
    Map<String, String> names = new LinkedHashMap<>();
    Set<String> types = new HashSet<>();
    for (RemoteConnector connector : connectors) {
      if (connector.id() != null) {
        names.put(connector.id(), connector.name());
        types.add(connector.type() == null ? "" : connector.type().toLowerCase(Locale.ROOT));
      }
    }
    // A connector whose type is not known yet could be either.
    boolean sources = types.stream().anyMatch(type -> !type.equals("sink"));
    boolean sinks = types.stream().anyMatch(type -> !type.equals("source"));
    Instant end =
        settings.clock().instant().minus(settings.delay()).truncatedTo(ChronoUnit.SECONDS);
    Instant start = lastEnd != null ? lastEnd : end.minus(firstWindow);
    if (names.isEmpty() || !end.isAfter(start)) {
      return Map.of();
    }
    List<String> metrics = new ArrayList<>();
    if (sources) {
      metrics.addAll(List.of(SENT_RECORDS, SENT_BYTES));
    }
    if (sinks) {
      metrics.addAll(List.of(RECEIVED_RECORDS, RECEIVED_BYTES, DEAD_LETTERS, LAG));
    }
    if (worker == null) {
      admit(1);
      worker = discover();
    }
    if (worker.cpuLoad() != null) {
      metrics.add(worker.cpuLoad());
    }
    if (worker.memoryFree() != null) {
      metrics.add(worker.memoryFree());
    }
    admit(metrics.size());
    Map<String, Map<String, Double>> values = new HashMap<>();
    for (String metric : metrics) {
      values.put(metric, query(metric, names.keySet(), start, end));
    }
    lastEnd = end;
    Duration window = Duration.between(start, end);
    Map<String, MetricsReading> readings = new LinkedHashMap<>();
    names.forEach(
        (id, name) -> {
          Long cpu = whole(values, worker.cpuLoad(), id, 100);
          readings.put(
              name,
              new MetricsReading(
                  sinks ? whole(values, RECEIVED_RECORDS, id, 1) : null,
                  sources ? whole(values, SENT_RECORDS, id, 1) : null,
                  sinks ? whole(values, RECEIVED_BYTES, id, 1) : null,
                  sources ? whole(values, SENT_BYTES, id, 1) : null,
                  sinks ? whole(values, DEAD_LETTERS, id, 1) : null,
                  sinks ? whole(values, LAG, id, 1) : null,
                  null,
                  cpu,
                  whole(values, worker.memoryFree(), id, 1),
                  window,
                  end));
        });
    return readings;
  }

  /** Counts are zero where Confluent has no point for a connector in the window. */
  private static Long whole(
      Map<String, Map<String, Double>> values, String metric, String id, int scale) {
    if (metric == null || !values.containsKey(metric)) {
      return null;
    }
    return Math.round(values.get(metric).getOrDefault(id, 0.0) * scale);
  }

  private void admit(int count) {
    Duration wait = settings.budget().take(count);
    if (!wait.isZero()) {
      throw new BackendException(
          429,
          "The operator's own Metrics API budget (60 requests a minute per IP) has no room for "
              + count
              + " more queries now",
          Math.max(1000, wait.toMillis()),
          null);
    }
  }

  /** The value per connector id of one metric over the window, one bucket per connector. */
  private Map<String, Double> query(String metric, Set<String> ids, Instant start, Instant end) {
    List<Map<String, Object>> filters = new ArrayList<>();
    ids.forEach(id -> filters.add(Map.of("field", CONNECTOR_ID, "op", "EQ", "value", id)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("aggregations", List.of(Map.of("metric", metric, "agg", "SUM")));
    body.put(
        "filter", filters.size() == 1 ? filters.get(0) : Map.of("op", "OR", "filters", filters));
    body.put("granularity", "ALL");
    body.put("intervals", List.of(start + "/" + end));
    body.put("group_by", List.of(CONNECTOR_ID));
    body.put("limit", 1000);
    requests.incrementAndGet();
    JsonNode answer =
        http.send("POST", List.of("v2", "metrics", "cloud", "query"), Map.of(), body, 200);
    Map<String, Double> values = new HashMap<>();
    for (JsonNode point : answer.path("data")) {
      values.merge(point.path(CONNECTOR_ID).asText(), point.path("value").asDouble(), Double::sum);
    }
    return values;
  }

  /** Finds the worker-health metrics among the connector descriptors, by what they measure. */
  private WorkerHealth discover() {
    requests.incrementAndGet();
    JsonNode answer =
        http.send(
            "GET",
            List.of("v2", "metrics", "cloud", "descriptors", "metrics"),
            Map.of("resource_type", List.of("connector")),
            null,
            200);
    Set<String> names = new LinkedHashSet<>();
    answer.path("data").forEach(descriptor -> names.add(descriptor.path("name").asText()));
    String cpu = names.stream().filter(n -> n.contains("cpu_load")).findFirst().orElse(null);
    String memory = names.stream().filter(n -> n.contains("memory_free")).findFirst().orElse(null);
    return new WorkerHealth(cpu, memory);
  }

  @Override
  public long requests() {
    return requests.get();
  }
}
