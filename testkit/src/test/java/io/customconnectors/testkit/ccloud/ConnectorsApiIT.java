package io.customconnectors.testkit.ccloud;

import static io.customconnectors.testkit.ccloud.EmulatorFixture.CONNECTORS;
import static io.customconnectors.testkit.ccloud.EmulatorFixture.fileSourceConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * connect/v1 connectors on the emulator: Confluent's rules, and connectors that really run on the
 * test bed's Connect worker, with their status, config masking, logs, failure events, metrics and
 * the faults tests inject; every exchange checked against Confluent's OpenAPI documents.
 */
class ConnectorsApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PROVISIONED = Duration.ofSeconds(90);

  private static EmulatorFixture fixture;
  private static ConfluentCloudTestClient api;
  private static String pluginId;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture();
    api = fixture.api;
    pluginId = fixture.legacyFileSourcePlugin("File source", List.of("file.password"));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void keptTheContract() {
    fixture.cloud.faults().clear();
    fixture.assertContractKept();
  }

  @Test
  void customConnectorRulesAreEnforcedWithConnectErrors() {
    Map<String, String> config = fileSourceConfig("rules", pluginId, "/dev/null", "rules");
    assertBadRequest("other-name", config, "config.name must equal the connector name");

    Map<String, String> managed = new LinkedHashMap<>(config);
    managed.remove("confluent.connector.type");
    assertBadRequest("rules", managed, "confluent.connector.type is MANAGED");

    Map<String, String> tooManyTasks = new LinkedHashMap<>(config);
    tooManyTasks.put("tasks.max", "6");
    assertBadRequest("rules", tooManyTasks, "tasks.max must be between 1 and 5");

    Map<String, String> badEndpoints = new LinkedHashMap<>(config);
    badEndpoints.put("confluent.custom.connection.endpoints", "dynamodb.us-east-2.amazonaws.com");
    assertBadRequest("rules", badEndpoints, "is not host:port[:TCP]");
    badEndpoints.put("confluent.custom.connection.endpoints", "a.example.com:443;b.example.com:0");
    assertBadRequest("rules", badEndpoints, "port '0'");

    Map<String, String> unknownPlugin = new LinkedHashMap<>(config);
    unknownPlugin.put("confluent.custom.plugin.id", "ccp-nope");
    assertBadRequest("rules", unknownPlugin, "ccp-nope was not found");

    Map<String, String> noSecret = new LinkedHashMap<>(config);
    noSecret.remove("kafka.api.secret");
    assertBadRequest("rules", noSecret, "kafka.api.secret are required");

    assertThat(api.get(CONNECTORS).expect(200).toString()).doesNotContain("\"rules\"");
  }

  @Test
  void anEnvironmentsCrnNamesTheOrganizationAsTheLogSearchApiWantsIt() {
    JsonNode environment =
        api.get("/org/v2/environments/" + EmulatorFixture.ENVIRONMENT).expect(200);
    assertThat(environment.path("metadata").path("resource_name").asText())
        .isEqualTo(
            "crn://confluent.cloud/organization="
                + fixture.cloud.organization()
                + "/environment="
                + EmulatorFixture.ENVIRONMENT);
    api.get("/org/v2/environments/env-nope").expect(404);
  }

  private static void assertBadRequest(String name, Map<String, String> config, String message) {
    ConfluentCloudTestClient.Response refused = fixture.createConnector(name, config);
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.json().path("code").asInt()).isEqualTo(400);
    assertThat(refused.json().path("message").asText()).contains(message);
  }

  @Test
  void aCustomConnectorRunsOnTheWorkerAndIsReadAsConfluentAnswers() throws IOException {
    Path input = Files.writeString(files.resolve("lifecycle.txt"), lines("row", 25));
    Map<String, String> config =
        fileSourceConfig("file-lifecycle", pluginId, input.toString(), "ccloud-lifecycle");
    config.put("file.password", "hunter2");

    JsonNode created = fixture.createConnector("file-lifecycle", config).expect(201);
    assertThat(created.path("name").asText()).isEqualTo("file-lifecycle");
    assertThat(created.path("type").asText()).isEqualTo("source");
    assertThat(fixture.state("file-lifecycle")).isEqualTo("PROVISIONING");
    ConfluentCloudTestClient.Response duplicate = fixture.createConnector("file-lifecycle", config);
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().path("message").asText()).contains("already exists");

    await().atMost(PROVISIONED).until(() -> fixture.state("file-lifecycle").equals("RUNNING"));
    String id = fixture.cloud.connectorId(EmulatorFixture.CLUSTER, "file-lifecycle").orElseThrow();
    assertThat(id).startsWith("clcc-");
    assertThat(fixture.worker.connectorStatus(id).path("connector").path("state").asText())
        .isEqualTo("RUNNING");
    List<ConsumerRecord<String, String>> records =
        fixture.broker.read("ccloud-lifecycle", 25, Duration.ofSeconds(60));
    assertThat(records).hasSize(25);
    assertThat(records.get(0).value()).isEqualTo("\"row 0\"");

    JsonNode read = api.get(CONNECTORS + "/file-lifecycle/config").expect(200);
    assertThat(read.path("kafka.api.key").asText()).isEqualTo(ConnectorRules.MASK);
    assertThat(read.path("kafka.api.secret").asText()).isEqualTo(ConnectorRules.MASK);
    assertThat(read.path("file.password").asText()).isEqualTo(ConnectorRules.MASK);
    assertThat(read.path("file").asText()).isEqualTo(input.toString());
    assertThat(read.path("cloud.environment").asText()).isEqualTo("prod");
    assertThat(read.path("cloud.provider").asText()).isEqualTo("aws");
    assertThat(read.path("kafka.region").asText()).isEqualTo("us-east-2");
    assertThat(read.path("kafka.endpoint").asText())
        .startsWith("SASL_SSL://pkc-")
        .endsWith(":9092");
    JsonNode onWorker = fixture.worker.send("GET", "/connectors/" + id + "/config", null, 200);
    assertThat(onWorker.has("confluent.custom.plugin.id")).isFalse();
    assertThat(onWorker.has("kafka.api.secret")).isFalse();
    assertThat(onWorker.path("file.password").asText()).isEqualTo("hunter2");

    JsonNode status = api.get(CONNECTORS + "/file-lifecycle/status").expect(200);
    assertThat(status.path("tasks").path(0).path("state").asText()).isEqualTo("RUNNING");
    assertThat(
            api.get(CONNECTORS + "/file-lifecycle/tasks")
                .expect(200)
                .path(0)
                .path("id")
                .path("task")
                .asInt())
        .isZero();

    for (String expand :
        List.of("?expand=id,info,status", "?expand=id&expand=info&expand=status")) {
      JsonNode listed = api.get(CONNECTORS + expand).expect(200).path("file-lifecycle");
      assertThat(listed.path("id").path("id").asText()).isEqualTo(id);
      assertThat(listed.path("info").path("config").path("kafka.api.secret").asText())
          .isEqualTo(ConnectorRules.MASK);
      assertThat(listed.path("status").path("connector").path("state").asText())
          .isEqualTo("RUNNING");
    }
    assertThat(
            api.get(CONNECTORS + "?expand=status").expect(200).path("file-lifecycle").has("info"))
        .isFalse();
    assertThat(api.get(CONNECTORS).expect(200).toString()).isEqualTo("[\"file-lifecycle\"]");

    assertThat(api.put(CONNECTORS + "/file-lifecycle/pause", null).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.state("file-lifecycle").equals("PAUSED"));
    assertThat(api.put(CONNECTORS + "/file-lifecycle/resume", null).status()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.state("file-lifecycle").equals("RUNNING"));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode offsets = api.get(CONNECTORS + "/file-lifecycle/offsets").expect(200);
              assertThat(offsets.path("id").asText()).isEqualTo(id);
              assertThat(offsets.path("offsets").path(0).path("offset").path("position").asLong())
                  .isPositive();
            });

    Map<String, String> replaced = new LinkedHashMap<>(config);
    replaced.remove("file.password");
    replaced.put("batch.size", "500");
    JsonNode put = api.put(CONNECTORS + "/file-lifecycle/config", replaced).expect(200);
    assertThat(put.path("config").has("file.password"))
        .as("PUT replaces the whole config")
        .isFalse();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode updated =
                  fixture.worker.send("GET", "/connectors/" + id + "/config", null, 200);
              assertThat(updated.path("batch.size").asText()).isEqualTo("500");
              assertThat(updated.has("file.password")).isFalse();
            });

    assertThat(api.delete("/connect/v1/custom-connector-plugins/" + pluginId).status())
        .as("a plugin in use cannot be deleted")
        .isEqualTo(400);

    JsonNode deleted = api.delete(CONNECTORS + "/file-lifecycle").expect(200);
    assertThat(deleted.has("error")).isTrue();
    assertThat(api.get(CONNECTORS + "/file-lifecycle").status()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.worker.connectorStatus(id).isMissingNode());
  }

  @Test
  void theConnectorsLogLinesGoToItsOwnTopicAndMetricsFollowItsRecords() throws IOException {
    Path input = Files.writeString(files.resolve("observed.txt"), lines("observed", 40));
    fixture
        .createConnector(
            "file-observed",
            fileSourceConfig("file-observed", pluginId, input.toString(), "ccloud-observed"))
        .expect(201);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-observed").equals("RUNNING"));
    String id = fixture.cloud.connectorId(EmulatorFixture.CLUSTER, "file-observed").orElseThrow();
    assertThat(fixture.broker.read("ccloud-observed", 40, Duration.ofSeconds(60))).hasSize(40);

    List<JsonNode> logLines = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (ConsumerRecord<String, String> record :
                  fixture.broker.read(fixture.cloud.logTopic(id), 1, Duration.ofSeconds(5))) {
                logLines.add(JSON.readTree(record.value()));
              }
              assertThat(logLines).isNotEmpty();
            });
    assertThat(fixture.cloud.logTopic(id)).isEqualTo(id + "-app-logs");
    JsonNode line = logLines.get(0);
    assertThat(line.path("id").asText()).isEqualTo(id);
    assertThat(line.path("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    assertThat(line.path("message").asText()).isNotBlank();
    assertThat(line.path("timestamp").asText()).endsWith("Z");

    String query =
        """
        {"aggregations":[{"metric":"io.confluent.kafka.connect/sent_records"}],
         "filter":{"field":"resource.connector.id","op":"EQ","value":"%s"},
         "granularity":"PT1M",
         "intervals":["%s/%s"],
         "limit":100}
        """
            .formatted(
                id,
                Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES),
                Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2)) // within the Metrics API's 60 requests per minute
        .untilAsserted(
            () -> {
              double sent = 0;
              for (JsonNode point :
                  api.post("/v2/metrics/cloud/query", query).expect(200).path("data")) {
                sent += point.path("value").asDouble();
              }
              assertThat(sent).isEqualTo(40.0);
            });

    JsonNode descriptors = api.get("/v2/metrics/cloud/descriptors/metrics").expect(200);
    assertThat(descriptors.path("data").findValuesAsText("name"))
        .contains(
            "io.confluent.kafka.connect/sent_records",
            "io.confluent.kafka.connect/received_records");
    ConfluentCloudTestClient.Response noFilter =
        api.post(
            "/v2/metrics/cloud/query",
            """
            {"aggregations":[{"metric":"io.confluent.kafka.connect/sent_records"}],
             "granularity":"PT1M","intervals":["PT1H/now"]}
            """);
    assertThat(noFilter.status()).isEqualTo(400);
    assertThat(noFilter.json().path("errors").path(0).path("detail").asText())
        .contains("resource.connector.id");
    ConfluentCloudTestClient.Response foreign =
        api.post("/v2/metrics/cloud/query", query.replace(id, "clcc-notours"));
    assertThat(foreign.status()).isEqualTo(403);

    api.delete(CONNECTORS + "/file-observed").expect(200);
  }

  @Test
  void theMetricsApiRefusesRequestsBeyondItsLimitPerIpAndMinute() {
    String query =
        """
        {"aggregations":[{"metric":"io.confluent.kafka.connect/sent_records"}],
         "filter":{"field":"resource.connector.id","op":"EQ","value":"clcc-notours"},
         "granularity":"PT1M","intervals":["PT1H/now"]}
        """;
    ConfluentCloudEmulator.MetricsQueries before = fixture.cloud.metricsQueries();
    fixture.cloud.metricsRateLimit(5);
    try {
      // Other tests' requests of the last minute count too: ask until refused.
      List<ConfluentCloudTestClient.Response> answers = new ArrayList<>();
      ConfluentCloudTestClient.Response last;
      do {
        last = api.post("/v2/metrics/cloud/query", query);
        answers.add(last);
      } while (last.status() != 429 && answers.size() <= 5);
      assertThat(last.status()).as(last.text()).isEqualTo(429);
      for (ConfluentCloudTestClient.Response answered : answers.subList(0, answers.size() - 1)) {
        assertThat(answered.status()).as("a query of a foreign connector").isEqualTo(403);
        assertThat(answered.header("X-RateLimit-Limit")).contains("5");
      }
      long retryAfter = Long.parseLong(last.header("Retry-After").orElseThrow());
      assertThat(retryAfter).isBetween(1L, 60L);
      assertThat(last.header("X-RateLimit-Limit")).contains("5");
      assertThat(last.header("X-RateLimit-Remaining")).contains("0");
      assertThat(Long.parseLong(last.header("X-RateLimit-Reset").orElseThrow()))
          .isBetween(retryAfter, 60L);
      JsonNode error = last.json().path("errors").path(0);
      assertThat(error.path("status").asText()).isEqualTo("429");
      assertThat(error.path("detail").asText()).contains("Too many requests");
      assertThat(api.get("/v2/metrics/cloud/descriptors/metrics").status())
          .as("one limit for all Metrics API endpoints")
          .isEqualTo(429);

      ConfluentCloudEmulator.MetricsQueries after = fixture.cloud.metricsQueries();
      assertThat(after.answered() - before.answered()).isEqualTo(answers.size() - 1);
      assertThat(after.refused() - before.refused()).isEqualTo(1);
    } finally {
      fixture.cloud.metricsRateLimit(60);
    }
  }

  @Test
  void provisioningFailuresShowInStatusAndAsLogEvents() throws IOException {
    Path input = Files.writeString(files.resolve("failing.txt"), lines("failing", 3));
    Map<String, String> config =
        fileSourceConfig("file-bad-key", pluginId, input.toString(), "ccloud-failing");
    config.put("kafka.api.secret", "wrong-secret");
    fixture.createConnector("file-bad-key", config).expect(201);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-bad-key").equals("FAILED"));
    JsonNode status = api.get(CONNECTORS + "/file-bad-key/status").expect(200);
    assertThat(status.path("connector").path("trace").asText())
        .contains("kafka.api.key: Provided Kafka ApiKey is invalid")
        .doesNotContain("wrong-secret");
    String id = fixture.cloud.connectorId(EmulatorFixture.CLUSTER, "file-bad-key").orElseThrow();
    assertThat(fixture.worker.connectorStatus(id).isMissingNode())
        .as("a connector whose Kafka key is refused never reaches the worker")
        .isTrue();

    JsonNode event = failureEvent(id, "ConnectorFailed");
    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
    assertThat(event.path("data").path("level").asText()).isEqualTo("ERROR");
    assertThat(
            event
                .path("data")
                .path("summary")
                .path("connectorErrorSummary")
                .path("rootCause")
                .asText())
        .contains("Provided Kafka ApiKey is invalid");

    config.put("kafka.api.secret", EmulatorFixture.KAFKA_SECRET);
    api.put(CONNECTORS + "/file-bad-key/config", config).expect(200);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-bad-key").equals("RUNNING"));

    Map<String, String> refused = new LinkedHashMap<>(config);
    refused.remove("topic");
    api.put(CONNECTORS + "/file-bad-key/config", refused).expect(200);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-bad-key").equals("FAILED"));
    assertThat(
            api.get(CONNECTORS + "/file-bad-key/status")
                .expect(200)
                .path("connector")
                .path("trace")
                .asText())
        .as("the worker's own validation message")
        .contains("topic");

    api.delete(CONNECTORS + "/file-bad-key").expect(200);
  }

  @Test
  void injectedFaultsAnswerAsConfluentDoes() throws IOException {
    fixture.cloud.faults().rateLimit("GET", "/connectors$", 2, Duration.ofSeconds(3));
    ConfluentCloudTestClient.Response limited = api.get(CONNECTORS);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).contains("3");
    assertThat(limited.header("X-RateLimit-Limit")).isPresent();
    assertThat(limited.header("X-RateLimit-Remaining")).contains("0");
    assertThat(limited.header("X-RateLimit-Reset")).contains("3");
    assertThat(api.get(CONNECTORS).status()).isEqualTo(429);
    assertThat(api.get(CONNECTORS).status()).as("the fault was used up").isEqualTo(200);

    fixture.cloud.faults().fail(null, "/connectors", 503, 1);
    ConfluentCloudTestClient.Response unavailable = api.get(CONNECTORS);
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.json().path("error").path("code").asInt()).isEqualTo(503);
    fixture.cloud.faults().fail("PUT", "/config$", 500, 1);
    ConfluentCloudTestClient.Response configFailed =
        api.put(CONNECTORS + "/anything/config", Map.of("name", "anything"));
    assertThat(configFailed.status()).isEqualTo(500);
    assertThat(configFailed.json().path("error_code").asInt())
        .as("connect/v1 declares Kafka Connect's own error body for a failed config update")
        .isEqualTo(500);
    fixture.cloud.faults().fail("GET", "/custom-connector-plugins", 500, 1);
    ConfluentCloudTestClient.Response broken = api.get("/connect/v1/custom-connector-plugins");
    assertThat(broken.status()).isEqualTo(500);
    assertThat(broken.json().path("errors").path(0).path("status").asText()).isEqualTo("500");

    fixture.cloud.faults().delay("GET", "/connectors$", Duration.ofMillis(700), 1);
    long started = System.nanoTime();
    assertThat(api.get(CONNECTORS).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));

    fixture.cloud.faults().forbiddenInsteadOfNotFound(true);
    ConfluentCloudTestClient.Response forbidden = api.get(CONNECTORS + "/nobody");
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(
            api.get("/connect/v1/custom-connector-plugins/ccp-nope")
                .json()
                .path("errors")
                .path(0)
                .path("code")
                .asText())
        .isEqualTo("user_unauthorized");
  }

  @Test
  void outOfBandChangesAndInjectedFailuresAreSeenThroughTheApi() throws IOException {
    Path input = Files.writeString(files.resolve("console.txt"), lines("console", 2));
    Map<String, String> config =
        fileSourceConfig("file-console", pluginId, input.toString(), "ccloud-console");
    fixture.createConnector("file-console", config).expect(201);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-console").equals("RUNNING"));
    String id = fixture.cloud.connectorId(EmulatorFixture.CLUSTER, "file-console").orElseThrow();

    fixture.cloud.editOutOfBand(EmulatorFixture.CLUSTER, "file-console", Map.of("batch.size", "7"));
    assertThat(api.get(CONNECTORS + "/file-console/config").expect(200).path("batch.size").asText())
        .isEqualTo("7");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                fixture
                    .worker
                    .send("GET", "/connectors/" + id + "/config", null, 200)
                    .path("batch.size")
                    .asText()
                    .equals("7"));

    fixture.cloud.failConnector(
        EmulatorFixture.CLUSTER,
        "file-console",
        "org.apache.kafka.connect.errors.ConnectException: injected\n\tat Example.run(Example.java:1)");
    JsonNode failed = api.get(CONNECTORS + "/file-console/status").expect(200);
    assertThat(failed.path("connector").path("state").asText()).isEqualTo("FAILED");
    assertThat(failed.path("connector").path("trace").asText()).contains("injected");
    assertThat(failureEvent(id, "ConnectorFailed").path("data").path("summary").toString())
        .contains("injected");
    fixture.cloud.failConnector(EmulatorFixture.CLUSTER, "file-console", null);
    assertThat(fixture.state("file-console")).isEqualTo("RUNNING");

    fixture.cloud.deleteOutOfBand(EmulatorFixture.CLUSTER, "file-console");
    assertThat(api.get(CONNECTORS + "/file-console").status()).isEqualTo(404);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> fixture.worker.connectorStatus(id).isMissingNode());
  }

  @Test
  void aConnectorWhoseTaskFailedRecoversWhenItsUnchangedConfigIsPutAgain() throws IOException {
    // A plain file where the task's directory should be keeps it from opening its input: a cause
    // outside the config, so the config sent again once it is fixed is the same as before.
    Path blocker = Files.writeString(files.resolve("blocked"), "not a directory");
    Path input = blocker.resolve("input.txt");
    Map<String, String> config =
        fileSourceConfig("file-blocked", pluginId, input.toString(), "ccloud-blocked");
    fixture.createConnector("file-blocked", config).expect(201);
    await().atMost(PROVISIONED).until(() -> fixture.state("file-blocked").equals("FAILED"));

    Files.delete(blocker);
    Files.createDirectory(blocker);
    Files.writeString(input, lines("unblocked", 3));
    api.put(CONNECTORS + "/file-blocked/config", config).expect(200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fixture.state("file-blocked").equals("RUNNING"));
    assertThat(fixture.broker.read("ccloud-blocked", 3, Duration.ofSeconds(60)))
        .hasSize(3); // Other tests count the connectors of the cluster.
    api.delete(CONNECTORS + "/file-blocked").expect(200);
  }

  /** The first CloudEvent of {@code type} about a connector on confluent-connect-log-events. */
  private static JsonNode failureEvent(String connectorId, String type) {
    List<JsonNode> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (ConsumerRecord<String, String> record :
                  fixture.broker.read(
                      ConnectLogs.EVENTS_TOPIC, Integer.MAX_VALUE, Duration.ofSeconds(3))) {
                JsonNode event = JSON.readTree(record.value());
                if (event.path("subject").asText().equals(connectorId)
                    && event.path("type").asText().endsWith(type)) {
                  events.add(event);
                }
              }
              assertThat(events).isNotEmpty();
            });
    return events.get(0);
  }

  private static String lines(String prefix, int count) {
    StringBuilder text = new StringBuilder();
    IntStream.range(0, count).forEach(i -> text.append(prefix).append(' ').append(i).append('\n'));
    return text.toString();
  }
}
