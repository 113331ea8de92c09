package io.customconnectors.testkit.ccloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Metrics API v2 for connectors (reference: ccloud-api.md 5): {@code query} with one SUM
 * aggregation, a filter on {@code resource.connector.id}, granularity and intervals; and the metric
 * and resource descriptors. All three share the global limit of requests per IP address per minute
 * (60 on Confluent Cloud), counted once a request is authenticated; every answer carries {@code
 * X-RateLimit-*} headers, and a refused request gets 429 with {@code Retry-After}.
 */
final class MetricsApi {

  private final MetricsStore store;
  private final Supplier<Set<String>> connectorIds;
  private final Clock clock;
  private final RateLimit rateLimit;
  private final AtomicInteger answeredQueries = new AtomicInteger();
  private final AtomicInteger refusedQueries = new AtomicInteger();

  MetricsApi(
      MetricsStore store, Supplier<Set<String>> connectorIds, RateLimit rateLimit, Clock clock) {
    this.store = store;
    this.connectorIds = connectorIds;
    this.rateLimit = rateLimit;
    this.clock = clock;
  }

  void register(Router router) {
    router.add(
        "POST",
        "/v2/metrics/{dataset}/query",
        ErrorShape.METRICS_FAILURE,
        limited(this::query, true));
    router.add(
        "GET",
        "/v2/metrics/{dataset}/descriptors/metrics",
        ErrorShape.METRICS_FAILURE,
        limited(this::metricDescriptors, false));
    router.add(
        "GET",
        "/v2/metrics/{dataset}/descriptors/resources",
        ErrorShape.METRICS_FAILURE,
        limited(this::resourceDescriptors, false));
  }

  /** Query requests answered (whatever the answer) and refused by the rate limit. */
  ConfluentCloudEmulator.MetricsQueries queries() {
    return new ConfluentCloudEmulator.MetricsQueries(answeredQueries.get(), refusedQueries.get());
  }

  private Router.Handler limited(Router.Handler handler, boolean query) {
    return call -> {
      RateLimit.Verdict verdict = rateLimit.admit(call.client);
      if (!verdict.admitted()) {
        if (query) {
          refusedQueries.incrementAndGet();
        }
        return verdict.annotate(
            new ApiException(
                    429,
                    "too_many_requests",
                    "Too many requests have been made from "
                        + call.client
                        + " (limit: "
                        + verdict.limit()
                        + " per minute). Please see the documentation for current rate limits.",
                    null,
                    null)
                .reply(ErrorShape.METRICS_FAILURE));
      }
      if (query) {
        answeredQueries.incrementAndGet();
      }
      Reply reply;
      try {
        reply = handler.handle(call);
      } catch (ApiException e) {
        reply = e.reply(ErrorShape.METRICS_FAILURE);
      }
      return verdict.annotate(reply);
    };
  }

  private Reply query(Call call) {
    dataset(call);
    JsonNode body = call.json();
    JsonNode aggregations = body.path("aggregations");
    if (!aggregations.isArray() || aggregations.size() != 1) {
      throw ApiException.badRequest("aggregations must hold exactly one aggregation");
    }
    JsonNode aggregation = aggregations.get(0);
    if (!aggregation.path("agg").asText("SUM").equals("SUM")) {
      throw ApiException.badRequest("only the SUM aggregation is supported");
    }
    MetricsStore.Metric metric = MetricsStore.metric(aggregation.path("metric").asText());
    if (metric == null) {
      throw ApiException.badRequest(
          "unknown metric "
              + aggregation.path("metric").asText()
              + "; see /v2/metrics/cloud/descriptors/metrics");
    }
    List<String> connectors = connectorFilter(body.path("filter"));
    JsonNode intervals = body.path("intervals");
    if (!intervals.isArray() || intervals.size() != 1) {
      throw ApiException.badRequest("intervals must hold exactly one interval");
    }
    Intervals.Interval interval = Intervals.parse(intervals.get(0).asText(), clock.instant());
    Duration step = Intervals.granularity(body.path("granularity").asText("PT1M"), interval);
    List<String> groupBy = new ArrayList<>();
    body.path("group_by").forEach(label -> groupBy.add(label.asText()));
    if (!groupBy.isEmpty() && !groupBy.equals(List.of("resource.connector.id"))) {
      throw ApiException.badRequest("group_by supports resource.connector.id only in the emulator");
    }
    String format = body.path("format").asText("FLAT");
    if (format.equals("GROUPED") && groupBy.isEmpty()) {
      throw ApiException.badRequest("format GROUPED requires group_by");
    }
    List<Object> data = new ArrayList<>();
    if (groupBy.isEmpty()) {
      Map<Instant, Double> sums = new TreeMap<>();
      for (String id : connectors) {
        for (MetricsStore.Point point :
            store.query(id, metric, interval.start(), interval.end(), step)) {
          sums.merge(point.timestamp(), point.value(), Double::sum);
        }
      }
      sums.forEach((at, value) -> data.add(point(at, value, null)));
    } else {
      for (String id : connectors) {
        List<MetricsStore.Point> points =
            store.query(id, metric, interval.start(), interval.end(), step);
        if (format.equals("GROUPED")) {
          List<Object> series = new ArrayList<>();
          points.forEach(p -> series.add(point(p.timestamp(), p.value(), null)));
          data.add(Map.of("resource.connector.id", id, "points", series));
        } else {
          points.forEach(p -> data.add(point(p.timestamp(), p.value(), id)));
        }
      }
    }
    int limit = body.path("limit").asInt(100);
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000");
    }
    return Reply.json(200, Map.of("data", data));
  }

  private static Map<String, Object> point(Instant at, double value, String connector) {
    Map<String, Object> point = new LinkedHashMap<>();
    point.put("timestamp", at.toString());
    point.put("value", value);
    if (connector != null) {
      point.put("resource.connector.id", connector);
    }
    return point;
  }

  /** The connectors a filter selects; the cloud dataset requires a resource filter. */
  private List<String> connectorFilter(JsonNode filter) {
    List<String> ids = new ArrayList<>();
    collect(filter, ids);
    if (ids.isEmpty()) {
      throw ApiException.badRequest("the cloud dataset requires a filter on resource.connector.id");
    }
    return ids;
  }

  private void collect(JsonNode filter, List<String> ids) {
    String op = filter.path("op").asText();
    if (op.equals("AND") || op.equals("OR")) {
      filter.path("filters").forEach(inner -> collect(inner, ids));
    } else if (op.equals("EQ") && filter.path("field").asText().equals("resource.connector.id")) {
      String id = filter.path("value").asText();
      if (!connectorIds.get().contains(id)) {
        throw new ApiException(
            403, "user_unauthorized", "Not authorized to read metrics of " + id, null, null);
      }
      ids.add(id);
    }
  }

  private Reply metricDescriptors(Call call) {
    dataset(call);
    List<Object> descriptors = new ArrayList<>();
    for (MetricsStore.Metric metric : MetricsStore.METRICS) {
      Map<String, Object> descriptor = new LinkedHashMap<>();
      descriptor.put("name", metric.name());
      descriptor.put("description", metric.description());
      descriptor.put("type", metric.type());
      descriptor.put("unit", metric.unit());
      descriptor.put(
          "lifecycle_stage",
          metric.name().contains("custom_worker") ? "PREVIEW" : "GENERAL_AVAILABILITY");
      descriptor.put("labels", List.of());
      descriptor.put("exportable", !metric.name().contains("custom_worker"));
      descriptor.put("resources", List.of("connector"));
      descriptors.add(descriptor);
    }
    return Reply.json(
        200,
        Map.of(
            "data",
            descriptors,
            "meta",
            Map.of(
                "pagination",
                Map.of("page_size", descriptors.size(), "total_size", descriptors.size()))));
  }

  private Reply resourceDescriptors(Call call) {
    dataset(call);
    Map<String, Object> connector = new LinkedHashMap<>();
    connector.put("type", "connector");
    connector.put("description", "A Kafka Connect connector");
    connector.put(
        "labels",
        List.of(Map.of("key", "resource.connector.id", "description", "ID of the connector")));
    return Reply.json(
        200,
        Map.of(
            "data",
            List.of(connector),
            "meta",
            Map.of("pagination", Map.of("page_size", 1, "total_size", 1))));
  }

  private static void dataset(Call call) {
    if (!call.param("dataset").equals("cloud")) {
      throw ApiException.notFound(
          "dataset " + call.param("dataset") + " is not emulated; use cloud");
    }
  }
}
