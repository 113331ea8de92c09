package io.customconnectors.testkit.ccloud;

import static io.customconnectors.testkit.ccloud.EmulatorFixture.CLUSTER;
import static io.customconnectors.testkit.ccloud.EmulatorFixture.CONNECTORS;
import static io.customconnectors.testkit.ccloud.EmulatorFixture.fileSourceConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A connector's logs as a client outside the emulator reads them: its log topic over SASL/PLAIN
 * with the cluster's Kafka API key, and the log search API with a bearer token, both fed by the
 * connector's own lines on the worker.
 */
class LogSearchApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PROVISIONED = Duration.ofSeconds(90);

  private static EmulatorFixture fixture;
  private static ConfluentCloudTestClient logsApi;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture();
    logsApi =
        ConfluentCloudTestClient.withBearerToken(
            fixture.cloud.baseUrl(), EmulatorFixture.LOGS_TOKEN);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aConnectorsLinesAreFoundByLevelNewestFirstInPagesAndFiveSearchesAMinuteAreAllowed()
      throws IOException {
    String pluginId = fixture.legacyFileSourcePlugin("File source", List.of());
    Path input = Files.writeString(files.resolve("quiet.txt"), "a\nb\n");
    fixture
        .createConnector(
            "file-quiet", fileSourceConfig("file-quiet", pluginId, input.toString(), "quiet"))
        .expect(201);
    // A file that is not there yet: the task warns every second that it waits for it.
    Map<String, String> noisy =
        fileSourceConfig("file-noisy", pluginId, files.resolve("later.txt").toString(), "noisy");
    fixture.createConnector("file-noisy", noisy).expect(201);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-noisy").equals("RUNNING"));
    await().atMost(PROVISIONED).until(() -> fixture.state("file-quiet").equals("RUNNING"));
    String noisyId = fixture.cloud.connectorId(CLUSTER, "file-noisy").orElseThrow();
    String quietId = fixture.cloud.connectorId(CLUSTER, "file-quiet").orElseThrow();
    awaitLogTopicLine(noisyId, "WARN", "Couldn't find file");

    // A path below a regular file cannot be opened at all: an ERROR with a trace, the task fails.
    noisy.put("file", input.resolve("child").toString());
    fixture.api.put(CONNECTORS + "/file-noisy/config", noisy).expect(200);
    awaitLogTopicLine(noisyId, "ERROR", "Error while trying to open file");
    assertWrongSecretIsRefused();

    ConfluentCloudEmulator.LogSearches before = fixture.cloud.logSearches();
    JsonNode all =
        search("file-noisy", noisyId, List.of("ERROR", "WARN", "INFO"), null, 1000, null);
    List<JsonNode> entries = new ArrayList<>();
    all.path("data").forEach(entries::add);
    assertThat(all.path("kind").asText()).isEqualTo("LoggingSearchResponse");
    assertThat(entries)
        .allSatisfy(entry -> assertThat(entry.path("id").asText()).isEqualTo(noisyId));
    assertThat(entries)
        .extracting(entry -> entry.path("level").asText())
        .contains("ERROR", "WARN", "INFO");
    assertNewestFirst(entries);

    JsonNode errors = search("file-noisy", noisyId, List.of("ERROR"), null, 1000, null);
    assertThat(errors.path("data").findValuesAsText("level")).containsOnly("ERROR");
    JsonNode openError =
        find(errors.path("data"), "Error while trying to open file")
            .orElseThrow(() -> new AssertionError(errors.toString()));
    assertThat(openError.path("exception").path("stacktrace").asText()).contains("Not a directory");
    assertThat(openError.path("task_id").asText()).isEqualTo("task-0");

    JsonNode first = search("file-noisy", noisyId, null, null, 2, null);
    String next = first.path("metadata").path("next").asText();
    assertThat(next).startsWith(fixture.cloud.baseUrl() + "/logs/v1/search?");
    String token = query(next).get("page_token");
    JsonNode second = search("file-noisy", noisyId, null, null, 2, token);
    List<JsonNode> paged = new ArrayList<>();
    first.path("data").forEach(paged::add);
    second.path("data").forEach(paged::add);
    assertThat(paged).hasSize(4);
    assertNewestFirst(paged);
    assertThat(paged.subList(0, 2)).doesNotContainAnyElementsOf(paged.subList(2, 4));

    JsonNode warnings = search("file-noisy", noisyId, List.of("WARN"), "couldn't FIND", 1000, null);
    assertThat(warnings.path("data")).isNotEmpty();
    assertThat(warnings.path("data").findValuesAsText("level")).containsOnly("WARN");

    ConfluentCloudTestClient.Response sixth =
        logsApi.post(searchPath(1000, null), body("file-noisy", noisyId, null, null));
    assertThat(sixth.status()).as(sixth.text()).isEqualTo(429);
    assertThat(sixth.header("Retry-After")).isPresent();
    assertThat(fixture.cloud.logSearches())
        .isEqualTo(
            new ConfluentCloudEmulator.LogSearches(before.answered() + 5, before.refused() + 1));

    JsonNode quiet = search("file-quiet", quietId, null, null, 1000, null);
    assertThat(quiet.path("data").findValuesAsText("id")).isNotEmpty().containsOnly(quietId);
    assertThat(quiet.path("data").findValuesAsText("level")).doesNotContain("ERROR", "WARN");

    assertThat(
            fixture
                .api
                .post(searchPath(10, null), body("file-quiet", quietId, null, null))
                .status())
        .as("a Cloud API key is not a data-plane token")
        .isEqualTo(401);
    assertThat(
            logsApi.post(searchPath(10, null), body("file-gone", "clcc-gone", null, null)).status())
        .isEqualTo(403);
    fixture.assertContractKept();
    fixture.api.delete(CONNECTORS + "/file-noisy").expect(200);
    fixture.api.delete(CONNECTORS + "/file-quiet").expect(200);
  }

  /** Reads the connector's log topic as the operator would: SASL/PLAIN with the Kafka API key. */
  private static void awaitLogTopicLine(String connectorId, String level, String text) {
    List<JsonNode> lines = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        consumer(EmulatorFixture.KAFKA_KEY, EmulatorFixture.KAFKA_SECRET)) {
      consumer.subscribe(List.of(fixture.cloud.logTopic(connectorId)));
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                  lines.add(JSON.readTree(record.value()));
                }
                assertThat(lines)
                    .anySatisfy(
                        line -> {
                          assertThat(line.path("level").asText()).isEqualTo(level);
                          assertThat(line.path("message").asText()).contains(text);
                        });
              });
    }
  }

  private static void assertWrongSecretIsRefused() {
    try (KafkaConsumer<String, String> consumer =
        consumer(EmulatorFixture.KAFKA_KEY, "not-the-secret")) {
      consumer.subscribe(List.of("quiet"));
      assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(20)))
          .isInstanceOf(SaslAuthenticationException.class);
    }
  }

  private static KafkaConsumer<String, String> consumer(String key, String secret) {
    Map<String, Object> config = new HashMap<>(fixture.broker.saslClientConfig(key, secret));
    config.put("bootstrap.servers", fixture.cloud.kafkaBootstrap(CLUSTER));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "logs-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(config);
  }

  private static JsonNode search(
      String name, String id, List<String> levels, String text, int pageSize, String pageToken) {
    return logsApi.post(searchPath(pageSize, pageToken), body(name, id, levels, text)).expect(200);
  }

  private static String searchPath(int pageSize, String pageToken) {
    return "/logs/v1/search?page_size="
        + pageSize
        + (pageToken == null ? "" : "&page_token=" + pageToken);
  }

  /** The body the Confluent CLI sends (pkg/ccloudv2/logging.go), for the last hour. */
  private static Map<String, Object> body(
      String name, String id, List<String> levels, String text) {
    Map<String, Object> search = new LinkedHashMap<>();
    if (levels != null) {
      search.put("level", levels);
    }
    if (text != null) {
      search.put("search_text", text);
    }
    search.put("id", id);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "crn",
        "crn://confluent.cloud/organization="
            + fixture.cloud.organization()
            + "/environment="
            + EmulatorFixture.ENVIRONMENT
            + "/cloud-cluster="
            + CLUSTER
            + "/connector="
            + name);
    body.put("search", search);
    body.put("sort", "desc");
    body.put("start_time", now.minus(1, ChronoUnit.HOURS).toString());
    body.put("end_time", now.plus(1, ChronoUnit.MINUTES).toString());
    return body;
  }

  private static void assertNewestFirst(List<JsonNode> entries) {
    for (int i = 1; i < entries.size(); i++) {
      Instant earlier = Instant.parse(entries.get(i - 1).path("timestamp").asText());
      Instant later = Instant.parse(entries.get(i).path("timestamp").asText());
      assertThat(later)
          .as("entry %d is not newer than entry %d", i, i - 1)
          .isBeforeOrEqualTo(earlier);
    }
  }

  private static Optional<JsonNode> find(JsonNode data, String text) {
    for (JsonNode entry : data) {
      if (entry.path("message").asText().contains(text)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> query(String url) {
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int equals = pair.indexOf('=');
      query.put(pair.substring(0, equals), pair.substring(equals + 1));
    }
    return query;
  }
}
