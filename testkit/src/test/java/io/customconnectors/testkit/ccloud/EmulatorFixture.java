package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One emulator on the shared test bed, with the OpenAPI contract watching every exchange, and the
 * calls the emulator's tests repeat.
 */
final class EmulatorFixture implements AutoCloseable {

  static final String ENVIRONMENT = "env-7qv2p";
  static final String CLUSTER = "lkc-9w1x3";
  static final String KAFKA_KEY = "KAFKAKEY0000001";
  static final String KAFKA_SECRET = "kafka-secret-value";
  static final String CLOUD_KEY = "CLOUDKEY0000001";
  static final String CLOUD_SECRET = "cloud-secret-value";
  static final String LOGS_TOKEN = "logs-data-plane-token";
  static final String CONNECTORS =
      "/connect/v1/environments/" + ENVIRONMENT + "/clusters/" + CLUSTER + "/connectors";

  final KafkaBroker broker = KafkaBroker.shared();
  final ConnectWorker worker = ConnectWorker.shared();
  final ConfluentCloudEmulator cloud;
  final OpenApiContract contract = new OpenApiContract();
  final ConfluentCloudTestClient api;

  EmulatorFixture() {
    cloud =
        ConfluentCloudEmulator.builder()
            .backedBy(worker, broker)
            .cloudApiKey(CLOUD_KEY, CLOUD_SECRET)
            .logsToken(LOGS_TOKEN)
            .kafkaCluster(ENVIRONMENT, CLUSTER, "AWS", "us-east-2", Map.of(KAFKA_KEY, KAFKA_SECRET))
            .environment("env-empty")
            .serviceAccount(CLUSTER, "sa-connect1")
            .provisioningDelay(Duration.ofSeconds(1))
            .versionCheckDelay(Duration.ofSeconds(1))
            .metricsSampling(Duration.ofSeconds(1))
            .start();
    cloud.onExchange(contract);
    api = new ConfluentCloudTestClient(cloud.baseUrl(), CLOUD_KEY, CLOUD_SECRET);
  }

  /** Fails the test if any exchange so far broke the OpenAPI documents. */
  void assertContractKept() {
    assertThat(contract.takeViolations()).as("OpenAPI contract violations").isEmpty();
  }

  /** Presigned URL from {@code presignPath}, archive uploaded; returns the upload id. */
  String upload(String presignPath, Map<String, Object> request, byte[] archive, String file) {
    JsonNode presigned = api.post(presignPath, request).json();
    assertThat(presigned.path("upload_id").asText()).as(presigned.toString()).isNotBlank();
    ConfluentCloudTestClient.Response stored = api.upload(presigned, file, archive);
    assertThat(stored.status()).as(stored.text()).isLessThan(400);
    return presigned.path("upload_id").asText();
  }

  /** A legacy connect/v1 plugin of the FileStream source connector; returns its id. */
  String legacyFileSourcePlugin(String displayName, List<String> sensitive) {
    String uploadId =
        upload(
            "/connect/v1/presigned-upload-url",
            Map.of("content_format", "zip", "cloud", "AWS"),
            PluginArchives.fileSourceZip(),
            "file-source.zip");
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("display_name", displayName);
    plugin.put("description", "Kafka's FileStream source");
    plugin.put("documentation_link", "https://kafka.apache.org/documentation/#connect");
    plugin.put("connector_class", PluginArchives.FILE_SOURCE);
    plugin.put("connector_type", "SOURCE");
    plugin.put("cloud", "AWS");
    plugin.put("sensitive_config_properties", sensitive);
    plugin.put(
        "upload_source", Map.of("location", "PRESIGNED_URL_LOCATION", "upload_id", uploadId));
    return api.post("/connect/v1/custom-connector-plugins", plugin).expect(201).path("id").asText();
  }

  /** A custom connector config as the Confluent console would send it. */
  static Map<String, String> fileSourceConfig(
      String name, String pluginId, String file, String topic) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("name", name);
    config.put("confluent.connector.type", "CUSTOM");
    config.put("confluent.custom.plugin.id", pluginId);
    config.put("confluent.custom.connection.endpoints", "example.com:443:TCP");
    config.put("connector.class", PluginArchives.FILE_SOURCE);
    config.put("kafka.auth.mode", "KAFKA_API_KEY");
    config.put("kafka.api.key", KAFKA_KEY);
    config.put("kafka.api.secret", KAFKA_SECRET);
    config.put("tasks.max", "1");
    config.put("file", file);
    config.put("topic", topic);
    return config;
  }

  ConfluentCloudTestClient.Response createConnector(String name, Map<String, String> config) {
    return api.post(CONNECTORS, Map.of("name", name, "config", config));
  }

  String state(String name) {
    return api.get(CONNECTORS + "/" + name + "/status")
        .json()
        .path("connector")
        .path("state")
        .asText();
  }

  @Override
  public void close() {
    cloud.close();
  }
}
