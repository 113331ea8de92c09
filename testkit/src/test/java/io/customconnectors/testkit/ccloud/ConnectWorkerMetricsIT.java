package io.customconnectors.testkit.ccloud;

import static io.customconnectors.testkit.ccloud.EmulatorFixture.fileSourceConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test bed's Connect worker serves Prometheus metrics through the real JMX exporter agent with
 * the rules the project ships (config/jmx-exporter/kafka-connect.yaml). Kafka's FileStream
 * connectors run on it: the source through the emulator, which installs the plugin on the worker,
 * the sink directly on the worker. The whole scrape is kept in {@code target/} as a sample.
 */
class ConnectWorkerMetricsIT {

  private static final int RECORDS = 25;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmulatorFixture fixture;
  private static String pluginId;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture();
    pluginId = fixture.legacyFileSourcePlugin("File source for metrics", List.of());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void theWorkerExportsTaskClientAndJvmMetricsOfRealConnectors() throws IOException {
    String text =
        IntStream.range(0, RECORDS).mapToObj(i -> "line " + i + "\n").reduce("", String::concat);
    Path input = Files.writeString(files.resolve("metrics-in.txt"), text);
    Path output = files.resolve("metrics-out.txt");
    fixture
        .createConnector(
            "metrics-source",
            fileSourceConfig("metrics-source", pluginId, input.toString(), "metrics-records"))
        .expect(201);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> fixture.state("metrics-source").equals("RUNNING"));
    String source =
        fixture.cloud.connectorId(EmulatorFixture.CLUSTER, "metrics-source").orElseThrow();
    Map<String, String> sink = new LinkedHashMap<>();
    sink.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    sink.put("tasks.max", "1");
    sink.put("topics", "metrics-records");
    sink.put("file", output.toString());
    sink.put("errors.tolerance", "all");
    sink.put("errors.deadletterqueue.topic.name", "metrics-records-dlq");
    sink.put("errors.deadletterqueue.topic.replication.factor", "1");
    fixture.worker.putConnector("metrics-sink", sink);

    String written =
        "kafka_connect_source_task_source_record_write_total{connector=\"%s\",task=\"0\"}"
            .formatted(source);
    String polled =
        "kafka_connect_source_task_source_record_poll_total{connector=\"%s\",task=\"0\"}"
            .formatted(source);
    String read =
        "kafka_connect_sink_task_sink_record_read_total{connector=\"metrics-sink\",task=\"0\"}";
    String sent =
        "kafka_connect_sink_task_sink_record_send_total{connector=\"metrics-sink\",task=\"0\"}";
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              Map<String, Double> samples = samples(scrape());
              assertThat(samples)
                  .containsEntry(written, (double) RECORDS)
                  .containsEntry(polled, (double) RECORDS)
                  .containsEntry(read, (double) RECORDS)
                  .containsEntry(sent, (double) RECORDS);
            });
    assertThat(Files.readAllLines(output)).hasSize(RECORDS);

    String scrape = scrape();
    Map<String, Double> samples = samples(scrape);
    assertThat(samples)
        .containsEntry(
            "kafka_connect_task_error_deadletterqueue_produce_requests_total"
                + "{connector=\"metrics-sink\",task=\"0\"}",
            0.0)
        .containsKeys(
            "kafka_producer_outgoing_byte_total{client_id=\"connector-producer-%s-0\"}"
                .formatted(source),
            "kafka_consumer_fetch_bytes_consumed_total"
                + "{client_id=\"connector-consumer-metrics-sink-0\"}",
            "kafka_consumer_fetch_records_lag_max{client_id=\"connector-consumer-metrics-sink-0\"}",
            "process_cpu_seconds_total");
    assertThat(
            samples.get(
                "kafka_producer_outgoing_byte_total{client_id=\"connector-producer-%s-0\"}"
                    .formatted(source)))
        .isPositive();
    assertThat(samples.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
    assertThat(samples.get("jvm_memory_max_bytes{area=\"heap\"}"))
        .as("the worker's -Xmx")
        .isGreaterThan(samples.get("jvm_memory_used_bytes{area=\"heap\"}"));
    assertThat(scrape)
        .as("only connector clients, not the worker's own")
        .doesNotContain("client_id=\"testbed-connect");
    assertThat(scrape.lines().count()).as("a small scrape").isLessThan(400);
    Files.writeString(Path.of("target", "kafka-connect-worker.prom"), scrape);

    fixture.worker.deleteConnector("metrics-sink");
    fixture.api.delete(EmulatorFixture.CONNECTORS + "/metrics-source").expect(200);
  }

  private static String scrape() throws IOException {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(fixture.worker.metricsUrl())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Prometheus text format: sample name with its labels, as written, to value. */
  private static Map<String, Double> samples(String scrape) {
    Map<String, Double> samples = new LinkedHashMap<>();
    scrape
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(
            line -> {
              int space = line.lastIndexOf(' ');
              samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            });
    return samples;
  }
}
