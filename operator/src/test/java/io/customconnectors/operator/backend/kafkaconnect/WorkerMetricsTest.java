package io.customconnectors.operator.backend.kafkaconnect;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorMetricsSource;
import io.customconnectors.operator.backend.MetricsReading;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.Retrying;

import com.sun.net.httpserver.HttpServer;

class WorkerMetricsTest {

  private final AtomicReference<String> scrape = new AtomicReference<>("");
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private final HttpServer server = serve();
  private final ConnectorMetricsSource metrics =
      new KafkaConnectBackend(
              new KafkaConnectConnection(
                  "http://127.0.0.1:1",
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  false,
                  Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics")),
              Retrying.standard())
          .metrics()
          .orElseThrow();

  private HttpServer serve() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
      http.createContext(
          "/metrics",
          exchange -> {
            byte[] body = scrape.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
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

  private static final RemoteConnector SOURCE = connector("orders source");
  private static final RemoteConnector SINK = connector("s3-sink");

  private static RemoteConnector connector(String name) {
    return new RemoteConnector(name, Map.of(), "RUNNING", null, null, List.of(), null, null);
  }

  @Test
  void theFirstScrapeIsTheBaselineAndLaterOnesCountIncreasesPerConnector() {
    scrape.set(
        """
        # HELP kafka_connect_source_task_source_record_write_total written
        # TYPE kafka_connect_source_task_source_record_write_total counter
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="0"} 100.0
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="1"} 50.0
        kafka_connect_source_task_source_record_write_total{connector="someone else's",task="0"} 7.0
        kafka_producer_outgoing_byte_total{client_id="connector-producer-orders source-0"} 1000.0
        kafka_connect_sink_task_sink_record_read_total{connector="s3-sink",task="0"} 10.0
        kafka_consumer_fetch_bytes_consumed_total{client_id="connector-consumer-s3-sink-0"} 500.0
        kafka_consumer_fetch_records_lag_max{client_id="connector-consumer-s3-sink-0"} 3.0
        process_cpu_seconds_total 20.0
        jvm_memory_used_bytes{area="heap"} 1.0E8
        jvm_memory_max_bytes{area="heap"} 4.0E8
        jvm_memory_used_bytes{area="nonheap"} 9.0E9
        """);
    assertThat(metrics.read(List.of(SOURCE, SINK), Duration.ofMinutes(1))).isEmpty();

    // Task 1 restarted (counts from zero again), task 2 started since, the sink's lag grew.
    scrape.set(
        """
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="0"} 130.0
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="1"} 5.0
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="2"} 8.0
        kafka_connect_source_task_source_record_write_total{connector="someone else's",task="0"} 70.0
        kafka_producer_outgoing_byte_total{client_id="connector-producer-orders source-0"} 1600.0
        kafka_connect_sink_task_sink_record_read_total{connector="s3-sink",task="0"} 10.0
        kafka_consumer_fetch_bytes_consumed_total{client_id="connector-consumer-s3-sink-0"} 500.0
        kafka_consumer_fetch_records_lag_max{client_id="connector-consumer-s3-sink-0"} 42.0
        kafka_consumer_fetch_records_lag_max{client_id="connector-consumer-s3-sink-1"} NaN
        process_cpu_seconds_total 21.0
        jvm_memory_used_bytes{area="heap"} 1.5E8
        jvm_memory_max_bytes{area="heap"} 4.0E8
        """);
    Map<String, MetricsReading> readings =
        metrics.read(List.of(SOURCE, SINK), Duration.ofMinutes(1));

    assertThat(readings).containsOnlyKeys("orders source", "s3-sink");
    MetricsReading source = readings.get("orders source");
    assertThat(source.recordsOut()).isEqualTo(30 + 5 + 8);
    assertThat(source.bytesOut()).isEqualTo(600);
    assertThat(source.recordsIn()).isNull();
    assertThat(source.workerMemoryFreeBytes()).isEqualTo(250_000_000L);
    assertThat(source.workerCpuMillicores()).isPositive();
    MetricsReading sink = readings.get("s3-sink");
    assertThat(sink.recordsIn()).isZero();
    assertThat(sink.bytesIn()).isZero();
    assertThat(sink.lag()).isEqualTo(42);
    assertThat(sink.recordsOut()).isNull();
    assertThat(metrics.requests()).isEqualTo(2);
  }

  @Test
  void cpuIsTheProcessSecondsPerWindowInMillicores() {
    Clock start = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    AtomicReference<Clock> clock = new AtomicReference<>(start);
    var source =
        new WorkerMetrics(
            new io.customconnectors.operator.backend.http.JsonHttp(
                "Kafka Connect metrics",
                "",
                io.customconnectors.operator.backend.http.JsonHttp.parse(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"),
                new okhttp3.OkHttpClient(),
                Map.of(),
                null),
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
                return clock.get().instant();
              }
            });
    scrape.set(
        """
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="0"} 0
        process_cpu_seconds_total 10.0
        """);
    source.read(List.of(SOURCE), Duration.ofMinutes(1));
    clock.set(Clock.offset(start, Duration.ofSeconds(20)));
    scrape.set(
        """
        kafka_connect_source_task_source_record_write_total{connector="orders source",task="0"} 200
        process_cpu_seconds_total 15.0
        """);
    MetricsReading reading =
        source.read(List.of(SOURCE), Duration.ofMinutes(1)).get("orders source");
    assertThat(reading.workerCpuMillicores()).isEqualTo(250);
    assertThat(reading.window()).isEqualTo(Duration.ofSeconds(20));
    assertThat(reading.recordsPerSecond()).isEqualTo(10.0);
  }

  @Test
  void anEndpointThatFailsSaysWhichAndHow() {
    status.set(503);
    scrape.set("overloaded");
    assertThatThrownBy(() -> metrics.read(List.of(SOURCE), Duration.ofMinutes(1)))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("Kafka Connect metrics: GET /metrics answered 503");
  }

  @Test
  void clientIdsNameTheirConnector() {
    assertThat(WorkerMetrics.client("connector-producer-a-b-c-12", "connector-producer-"))
        .isEqualTo("a-b-c");
    assertThat(WorkerMetrics.client("connector-dlq-producer-a-0", "connector-producer-")).isNull();
    assertThat(WorkerMetrics.client("connector-producer--0", "connector-producer-")).isNull();
  }
}
