package io.customconnectors.connect.dynamodb.integration;

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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.testkit.ccloud.ConfluentCloudEmulator;
import io.customconnectors.testkit.ccloud.ConfluentCloudTestClient;
import io.customconnectors.testkit.ccloud.OpenApiContract;
import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The walkthrough's console flow, driven through the Confluent Cloud emulator's HTTP API with the
 * packaged DynamoDB connector ZIP and moto as AWS: the happy path, a networking endpoint missing
 * from the allow-list, and credentials AWS refuses. Every exchange is checked against Confluent's
 * OpenAPI documents.
 */
class ConfluentCloudScenariosIT {

  private static final String ENVIRONMENT = "env-devx1";
  private static final String CLUSTER = "lkc-retail1";
  private static final String KAFKA_KEY = "RETAILKAFKAKEY01";
  private static final String KAFKA_SECRET = "retail-kafka-secret";
  private static final String CONNECTORS =
      "/connect/v1/environments/" + ENVIRONMENT + "/clusters/" + CLUSTER + "/connectors";
  private static final String REGION = TestBed.REGION;
  private static final String DYNAMODB = "dynamodb." + REGION + ".amazonaws.com:443:TCP";
  private static final String STREAMS = "streams.dynamodb." + REGION + ".amazonaws.com:443:TCP";
  private static final String TAGGING = "tagging." + REGION + ".amazonaws.com:443:TCP";
  private static final int ROWS = 300;
  private static final Duration PROVISIONED = Duration.ofSeconds(120);

  private static ConfluentCloudEmulator cloud;
  private static ConfluentCloudTestClient api;
  private static final OpenApiContract contract = new OpenApiContract();
  private static DynamoDbClient dynamo;
  private static String sharedPluginId;

  @BeforeAll
  static void startTheEmulatorWithMotoAsTheInternet() {
    TestBed.moto().reset();
    TestBed.moto().enforceIam(false);
    dynamo = TestBed.dynamo();
    SupermartTable.populate(
        dynamo, SupermartTable.TABLE, SupermartSales.generate(ROWS, SupermartSales.DEFAULT_SEED));
    cloud =
        ConfluentCloudEmulator.builder()
            .backedBy(TestBed.connect(), TestBed.kafka())
            .cloudApiKey("RETAILCLOUDKEY01", "retail-cloud-secret")
            .kafkaCluster(ENVIRONMENT, CLUSTER, "AWS", REGION, Map.of(KAFKA_KEY, KAFKA_SECRET))
            .internet(".amazonaws.com", TestBed.moto().endpoint())
            .provisioningDelay(Duration.ofSeconds(1))
            .metricsSampling(Duration.ofSeconds(1))
            .start();
    cloud.onExchange(contract);
    api = new ConfluentCloudTestClient(cloud.baseUrl(), "RETAILCLOUDKEY01", "retail-cloud-secret");
    sharedPluginId = uploadPlugin("DynamoDB connector for failure scenarios");
  }

  @AfterAll
  static void stop() {
    TestBed.moto().enforceIam(false);
    cloud.close();
    dynamo.close();
  }

  @AfterEach
  void keptTheContract() {
    assertThat(contract.takeViolations()).as("OpenAPI contract violations").isEmpty();
  }

  @Test
  void theWalkthroughsConsoleFlowRunsTheConnectorAndCleansUp() {
    String pluginId = uploadPlugin("DynamoDB Custom connector");
    String name = "DynamoDB Custom connector";
    Map<String, String> config = seedConfig(name, pluginId, "ccloud-supermarket-customer");
    config.put(
        "confluent.custom.connection.endpoints", String.join(";", STREAMS, TAGGING, DYNAMODB));

    api.post(CONNECTORS, Map.of("name", name, "config", config)).expect(201);
    awaitState(name, "RUNNING");
    String id = cloud.connectorId(CLUSTER, name).orElseThrow();

    String topic = "ccloud-supermarket-customer" + SupermartTable.TABLE;
    assertThat(TestBed.readUntil(topic, r -> r.size() >= ROWS, Duration.ofSeconds(90)))
        .hasSize(ROWS);

    JsonNode read = api.get(CONNECTORS + "/" + name.replace(" ", "%20") + "/config").expect(200);
    assertThat(read.path("aws.secret.key").asText()).isEqualTo("****************");
    assertThat(read.path("aws.region").asText()).isEqualTo(REGION);

    List<JsonNode> logs = logLines(id, lines -> lines.size() >= 5);
    assertThat(logs).allSatisfy(line -> assertThat(line.path("id").asText()).isEqualTo(id));
    assertThat(logs)
        .extracting(line -> line.path("logger").asText())
        .anySatisfy(
            logger -> assertThat(logger).startsWith("io.customconnectors.connect.dynamodb"));

    // Confluent admits 60 Metrics API requests a minute per IP, and so does the emulator.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(sentRecords(id)).isEqualTo(ROWS));

    assertThat(cloud.egressAttempts())
        .contains(
            id + " -> dynamodb." + REGION + ".amazonaws.com:443 allowed",
            id + " -> tagging." + REGION + ".amazonaws.com:443 allowed",
            id + " -> streams.dynamodb." + REGION + ".amazonaws.com:443 allowed")
        .noneMatch(attempt -> attempt.startsWith(id) && attempt.endsWith("blocked"));

    api.delete(CONNECTORS + "/" + name.replace(" ", "%20")).expect(200);
    assertThat(api.get(CONNECTORS + "/" + name.replace(" ", "%20")).status()).isEqualTo(404);
    assertThat(api.delete("/connect/v1/custom-connector-plugins/" + pluginId).status())
        .isEqualTo(204);
  }

  @Test
  void aStreamsEndpointMissingFromTheAllowListFailsTheTaskAndSaysWhichEndpoint() {
    String name = "dynamodb-blocked-streams";
    Map<String, String> config = seedConfig(name, sharedPluginId, "ccloud-blocked-");
    config.put("confluent.custom.connection.endpoints", String.join(";", TAGGING, DYNAMODB));
    config.put("aws.transient.error.timeout.ms", "3000");

    api.post(CONNECTORS, Map.of("name", name, "config", config)).expect(201);
    awaitState(name, "FAILED");
    String id = cloud.connectorId(CLUSTER, name).orElseThrow();
    String streamsHost = "streams.dynamodb." + REGION + ".amazonaws.com";

    JsonNode status = api.get(CONNECTORS + "/" + name + "/status").expect(200);
    assertThat(status.path("connector").path("trace").asText())
        .contains("Cannot reach " + streamsHost)
        .contains("networking endpoints");
    assertThat(status.path("tasks").path(0).path("state").asText()).isEqualTo("FAILED");

    List<JsonNode> logs =
        logLines(
            id,
            lines ->
                lines.stream()
                    .anyMatch(
                        line ->
                            line.path("message").asText().contains("Cannot reach " + streamsHost)));
    assertThat(logs)
        .filteredOn(line -> line.path("message").asText().contains("Cannot reach " + streamsHost))
        .first()
        .satisfies(
            line -> {
              assertThat(line.path("level").asText()).isIn("WARN", "ERROR");
              assertThat(line.path("task_id").asText()).isEqualTo("task-0");
            });
    assertThat(failureEvent(id, "TaskFailed").path("data").path("summary").toString())
        .contains(streamsHost);
    assertThat(cloud.egressAttempts()).contains(id + " -> " + streamsHost + ":443 blocked");

    api.delete(CONNECTORS + "/" + name).expect(200);
  }

  @Test
  void credentialsAwsRefusesFailTheConnectorWithTheKeyToFixAndNoSecretAnywhere() {
    String name = "dynamodb-bad-credentials";
    String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRET";
    Map<String, String> config = seedConfig(name, sharedPluginId, "ccloud-badcreds-");
    config.put(
        "confluent.custom.connection.endpoints", String.join(";", STREAMS, TAGGING, DYNAMODB));
    config.put("aws.access.key.id", "AKIAUNKNOWNKEY000001");
    config.put("aws.secret.key", secret);
    TestBed.moto().enforceIam(true);
    try {
      api.post(CONNECTORS, Map.of("name", name, "config", config)).expect(201);
      awaitState(name, "FAILED");
    } finally {
      TestBed.moto().enforceIam(false);
    }
    String id = cloud.connectorId(CLUSTER, name).orElseThrow();

    String trace =
        api.get(CONNECTORS + "/" + name + "/status")
            .expect(200)
            .path("connector")
            .path("trace")
            .asText();
    assertThat(trace).contains("AWS rejected the credentials").contains("aws.access.key.id");

    List<JsonNode> logs =
        logLines(
            id,
            lines ->
                lines.stream()
                    .anyMatch(
                        line ->
                            line.path("message")
                                .asText()
                                .contains("AWS rejected the credentials")));
    assertThat(logs).filteredOn(line -> line.path("level").asText().equals("ERROR")).isNotEmpty();
    JsonNode event = failureEvent(id, "ConnectorFailed");
    assertThat(event.path("data").path("summary").toString())
        .contains("AWS rejected the credentials");

    assertThat(trace).doesNotContain(secret);
    assertThat(logs).allSatisfy(line -> assertThat(line.toString()).doesNotContain(secret));
    assertThat(event.toString()).doesNotContain(secret);
    assertThat(api.get(CONNECTORS + "/" + name + "/config").expect(200).toString())
        .doesNotContain(secret);

    api.delete(CONNECTORS + "/" + name).expect(200);
  }

  /** Presigned URL, S3-style upload of the packaged ZIP, legacy plugin; returns the plugin id. */
  private static String uploadPlugin(String displayName) {
    JsonNode presigned =
        api.post(
                "/connect/v1/presigned-upload-url", Map.of("content_format", "ZIP", "cloud", "AWS"))
            .expect(200);
    byte[] zip;
    try {
      zip = Files.readAllBytes(Path.of(System.getProperty("plugin.zip")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(api.upload(presigned, "kafka-connect-dynamodb.zip", zip).status()).isLessThan(400);
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("display_name", displayName);
    plugin.put("description", "DynamoDB Custom connector for dev");
    plugin.put("connector_class", TestBed.CONNECTOR_CLASS);
    plugin.put("connector_type", "SOURCE");
    plugin.put("cloud", "AWS");
    plugin.put("sensitive_config_properties", List.of("aws.access.key.id", "aws.secret.key"));
    plugin.put(
        "upload_source",
        Map.of(
            "location",
            "PRESIGNED_URL_LOCATION",
            "upload_id",
            presigned.path("upload_id").asText()));
    return api.post("/connect/v1/custom-connector-plugins", plugin).expect(201).path("id").asText();
  }

  /** The walkthrough's key-value pairs plus what the console adds around them. */
  private static Map<String, String> seedConfig(String name, String pluginId, String topicPrefix) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("name", name);
    config.put("confluent.connector.type", "CUSTOM");
    config.put("confluent.custom.plugin.id", pluginId);
    config.put("connector.class", TestBed.CONNECTOR_CLASS);
    config.put("kafka.auth.mode", "KAFKA_API_KEY");
    config.put("kafka.api.key", KAFKA_KEY);
    config.put("kafka.api.secret", KAFKA_SECRET);
    config.put("tasks.max", "1");
    config.put("aws.access.key.id", "ABCD");
    config.put("aws.region", REGION);
    config.put("aws.secret.key", "123");
    config.put("kafka.topic.prefix", topicPrefix);
    return config;
  }

  private static void awaitState(String name, String state) {
    String path = CONNECTORS + "/" + name.replace(" ", "%20") + "/status";
    await(name + " " + state)
        .atMost(PROVISIONED)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode status = api.get(path).expect(200);
              assertThat(status.path("connector").path("state").asText())
                  .as(status.toPrettyString())
                  .isEqualTo(state);
            });
  }

  private static List<JsonNode> logLines(
      String connectorId, java.util.function.Predicate<List<JsonNode>> enough) {
    List<JsonNode> lines = new ArrayList<>();
    await("log lines of " + connectorId)
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              lines.clear();
              for (ConsumerRecord<String, String> record :
                  TestBed.readUntil(
                      cloud.logTopic(connectorId), r -> false, Duration.ofSeconds(2))) {
                lines.add(TestBed.json(record.value()));
              }
              return enough.test(lines);
            });
    return lines;
  }

  private static JsonNode failureEvent(String connectorId, String type) {
    List<JsonNode> events = new ArrayList<>();
    await(type + " event of " + connectorId)
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (ConsumerRecord<String, String> record :
                  TestBed.readUntil(
                      "confluent-connect-log-events", r -> false, Duration.ofSeconds(2))) {
                JsonNode event = TestBed.json(record.value());
                if (event.path("subject").asText().equals(connectorId)
                    && event.path("type").asText().endsWith(type)) {
                  events.add(event);
                }
              }
              return !events.isEmpty();
            });
    return events.get(0);
  }

  private static double sentRecords(String connectorId) {
    String query =
        """
        {"aggregations":[{"metric":"io.confluent.kafka.connect/sent_records"}],
         "filter":{"field":"resource.connector.id","op":"EQ","value":"%s"},
         "granularity":"PT1M","intervals":["%s/%s"]}
        """
            .formatted(
                connectorId,
                Instant.now().minus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES),
                Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES));
    double sent = 0;
    for (JsonNode point : api.post("/v2/metrics/cloud/query", query).expect(200).path("data")) {
      sent += point.path("value").asDouble();
    }
    return sent;
  }
}
