package io.customconnectors.operator.backend.confluentcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.MetricsReading;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.RequestBudget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

class ConfluentMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonNode> queries = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server = serve();
  private Instant now = NOW;
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private HttpServer serve() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
      http.createContext(
          "/v2/metrics/cloud/",
          exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            String body;
            if (exchange.getRequestURI().getPath().endsWith("/descriptors/metrics")) {
              body =
                  """
                  {"data":[{"name":"io.confluent.kafka.connect/sent_records"},
                   {"name":"io.confluent.kafka.connect/custom_worker_cpu_load"},
                   {"name":"io.confluent.kafka.connect/custom_worker_memory_free_bytes"}]}""";
            } else {
              JsonNode query = JSON.readTree(exchange.getRequestBody());
              queries.add(query);
              String metric = query.path("aggregations").path(0).path("metric").asText();
              double value = metric.endsWith("cpu_load") ? 0.25 : 10;
              body =
                  "{\"data\":[{\"timestamp\":\"2026-12-01T09:55:00Z\",\"value\":"
                      + value
                      + ",\"resource.connector.id\":\"clcc-1\"},"
                      + "{\"timestamp\":\"2026-12-01T09:55:00Z\",\"value\":"
                      + (2 * value)
                      + ",\"resource.connector.id\":\"clcc-2\"}]}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
      http.start();
      return http;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ConfluentMetrics metrics(RequestBudget budget) {
    return new ConfluentMetrics(
        new ConfluentCloudConnection(
            "http://127.0.0.1:" + server.getAddress().getPort(),
            "KEY",
            "SECRET",
            "env-1",
            "lkc-1",
            "AWS"),
        new ConfluentMetrics.Settings(Duration.ofMinutes(5), budget, clock));
  }

  private static RemoteConnector connector(String name, String id, String type) {
    return new RemoteConnector(name, Map.of(), "RUNNING", null, null, List.of(), type, id);
  }

  @Test
  void oneQueryPerMetricForAllConnectorsOfTheClusterInWindowsThatFollowEachOther() {
    ConfluentMetrics metrics = metrics(new RequestBudget(60, Duration.ofMinutes(1), clock));
    List<RemoteConnector> connectors = new ArrayList<>();
    connectors.add(connector("orders", "clcc-1", "source"));
    connectors.add(connector("payments", "clcc-2", "source"));
    for (int i = 3; i <= 100; i++) {
      connectors.add(connector("other-" + i, "clcc-" + i, "source"));
    }

    Map<String, MetricsReading> readings = metrics.read(connectors, Duration.ofMinutes(1));

    // Discovery once, then sent_records, sent_bytes and the two worker metrics: 4 queries for 100.
    assertThat(calls)
        .containsExactly(
            "GET /v2/metrics/cloud/descriptors/metrics",
            "POST /v2/metrics/cloud/query",
            "POST /v2/metrics/cloud/query",
            "POST /v2/metrics/cloud/query",
            "POST /v2/metrics/cloud/query");
    JsonNode first = queries.get(0);
    assertThat(first.path("aggregations").path(0).path("metric").asText())
        .isEqualTo("io.confluent.kafka.connect/sent_records");
    assertThat(first.path("filter").path("op").asText()).isEqualTo("OR");
    assertThat(first.path("filter").path("filters")).hasSize(100);
    assertThat(first.path("group_by").path(0).asText()).isEqualTo("resource.connector.id");
    assertThat(first.path("granularity").asText()).isEqualTo("ALL");
    // Confluent's figures arrive late: the window ends five minutes ago.
    assertThat(first.path("intervals").path(0).asText())
        .isEqualTo("2026-12-01T09:54:00Z/2026-12-01T09:55:00Z");

    MetricsReading orders = readings.get("orders");
    assertThat(orders.recordsOut()).isEqualTo(10);
    assertThat(orders.bytesOut()).isEqualTo(10);
    assertThat(orders.recordsIn()).isNull();
    assertThat(orders.workerCpuLoadPercent()).isEqualTo(25);
    assertThat(orders.workerMemoryFreeBytes()).isEqualTo(10);
    assertThat(readings.get("payments").recordsOut()).isEqualTo(20);
    assertThat(readings.get("other-7").recordsOut()).isZero();

    now = NOW.plusSeconds(60);
    metrics.read(connectors, Duration.ofMinutes(1));
    assertThat(calls).hasSize(5 + 4);
    assertThat(queries.get(4).path("intervals").path(0).asText())
        .isEqualTo("2026-12-01T09:55:00Z/2026-12-01T09:56:00Z");
    assertThat(metrics.requests()).isEqualTo(9);
  }

  @Test
  void sinksAddTheirOwnMetricsAndConnectorsWithoutAnIdAreNotQueried() {
    ConfluentMetrics metrics = metrics(new RequestBudget(60, Duration.ofMinutes(1), clock));
    metrics.read(
        List.of(connector("in", "clcc-1", "source"), connector("out", "clcc-2", "sink")),
        Duration.ofMinutes(1));
    assertThat(queries)
        .extracting(q -> q.path("aggregations").path(0).path("metric").asText())
        .containsExactlyInAnyOrder(
            "io.confluent.kafka.connect/sent_records",
            "io.confluent.kafka.connect/sent_bytes",
            "io.confluent.kafka.connect/received_records",
            "io.confluent.kafka.connect/received_bytes",
            "io.confluent.kafka.connect/dead_letter_queue_records",
            "io.confluent.kafka.connect/records_lag_max",
            "io.confluent.kafka.connect/custom_worker_cpu_load",
            "io.confluent.kafka.connect/custom_worker_memory_free_bytes");

    calls.clear();
    assertThat(metrics.read(List.of(connector("new", null, null)), Duration.ofMinutes(1)))
        .isEmpty();
    assertThat(calls).isEmpty();
  }

  @Test
  void aRoundTheSharedBudgetCannotTakeIsNotStarted() {
    RequestBudget budget = new RequestBudget(6, Duration.ofMinutes(1), clock);
    ConfluentMetrics one = metrics(budget);
    ConfluentMetrics other = metrics(budget);
    one.read(List.of(connector("a", "clcc-1", "source")), Duration.ofMinutes(1));
    calls.clear();

    assertThatThrownBy(
            () -> other.read(List.of(connector("b", "clcc-2", "source")), Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryAfterMillis()).isEqualTo(60_000);
              assertThat(e.getMessage()).doesNotContain("SECRET");
            });
    // Discovery fitted (1 of the 1 left); the round's 4 queries did not.
    assertThat(calls).containsExactly("GET /v2/metrics/cloud/descriptors/metrics");
  }
}
