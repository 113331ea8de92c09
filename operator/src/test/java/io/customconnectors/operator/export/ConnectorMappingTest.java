package io.customconnectors.operator.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.CloudProvider;
import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi.Declaration;
import io.fabric8.kubernetes.client.utils.Serialization;

class ConnectorMappingTest {

  private static final String AWS_SECRET = "wJalrXUtnFEMI-export-SECRET-1";
  private static final String DB_PASSWORD = "db-export-PASSWORD-2";
  private static final String TOKEN = "declared-export-TOKEN-3";

  private static Target connect() {
    KafkaConnectTarget connect = new KafkaConnectTarget();
    connect.setUrl("http://connect.kafka.svc:8083");
    Target target = new Target();
    target.setKafkaConnect(connect);
    return target;
  }

  private static Target cloud() {
    ConfluentCloudTarget cloud = new ConfluentCloudTarget();
    cloud.setEnvironment("env-abc1");
    cloud.setKafkaCluster("lkc-abc1");
    cloud.setCloud(CloudProvider.AWS);
    ApiKeySecretRef key = new ApiKeySecretRef();
    key.setName("confluent-cloud-api-key");
    cloud.setCredentialsSecretRef(key);
    Target target = new Target();
    target.setConfluentCloud(cloud);
    return target;
  }

  private static RemoteConnector remote(String name, String state, Map<String, String> config) {
    return new RemoteConnector(name, config, state, null, null, List.of(), "source", null);
  }

  private static Map<String, String> kafkaConnectConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("name", "Orders CDC (prod)");
    config.put("connector.class", "io.example.OrdersSource");
    config.put("tasks.max", "3");
    config.put("aws.region", "us-east-2");
    config.put("aws.secret.key", AWS_SECRET);
    config.put("db.password", DB_PASSWORD);
    config.put("poll.enabled", "true");
    config.put("batch.size", "0100");
    return config;
  }

  @Test
  void aKafkaConnectConnectorAdoptsWithItsSecretsInATemplateAndNowhereElse() {
    Map<String, String> config = kafkaConnectConfig();
    RemoteConnector remote = remote("Orders CDC (prod)", "PAUSED", config);
    // aws.secret.key is a PASSWORD in the ConfigDef; db.password only says so by its name.
    ExportedFile file =
        ConnectorMapping.kafkaConnect(
            remote,
            SensitiveKeys.onKafkaConnect(config, java.util.Set.of("aws.secret.key")),
            ResourceNames.of(remote.name()),
            "retail",
            connect());

    CustomConnector resource = (CustomConnector) file.resource();
    assertThat(file.fileName()).isEqualTo("orders-cdc-prod.yaml");
    assertThat(resource.getMetadata().getName()).isEqualTo("orders-cdc-prod");
    assertThat(resource.getMetadata().getNamespace()).isEqualTo("retail");
    assertThat(resource.getMetadata().getAnnotations()).containsEntry(Annotations.ADOPT, "true");
    assertThat(resource.getSpec().getConnectorName()).isEqualTo("Orders CDC (prod)");
    assertThat(resource.getSpec().getConnectorClass()).isEqualTo("io.example.OrdersSource");
    assertThat(resource.getSpec().getTasksMax()).isEqualTo(3);
    assertThat(resource.getSpec().getState()).isEqualTo(ConnectorState.PAUSED);
    assertThat(resource.getSpec().getTarget()).isEqualTo(connect());
    assertThat(resource.getSpec().getConfig())
        .containsOnlyKeys("aws.region", "poll.enabled", "batch.size");
    assertThat(resource.getSpec().getConfigFrom())
        .extracting(ConfigFromSource::getConfigKey)
        .containsExactly("aws.secret.key", "db.password");
    assertThat(resource.getSpec().getConfigFrom())
        .allMatch(c -> c.getSecretKeyRef().getName().equals("orders-cdc-prod-config"))
        .allMatch(c -> c.getSecretKeyRef().getKey().equals(c.getConfigKey()));
    assertThat(file.secrets())
        .singleElement()
        .satisfies(
            secret -> {
              assertThat(secret.name()).isEqualTo("orders-cdc-prod-config");
              assertThat(secret.hintByKey()).containsOnlyKeys("aws.secret.key", "db.password");
            });

    String written = new ManifestWriter("connect/connect:8083").render(file);
    assertThat(written).doesNotContain(AWS_SECRET).doesNotContain(DB_PASSWORD);
    assertThat(written).contains("  # \"aws.secret.key\": \"\"\n");
    // What kubectl would read back is the config as it runs, every value a string.
    CustomConnector readBack =
        Serialization.unmarshal(lastDocument(written), CustomConnector.class);
    assertThat(readBack.getSpec()).isEqualTo(resource.getSpec());
    assertThat(readBack.getSpec().getConfig())
        .containsEntry("poll.enabled", "true")
        .containsEntry("batch.size", "0100");
  }

  @Test
  void aRunningConnectorKeepsTheDefaultStateAndAFailedOneSaysSo() {
    Map<String, String> config = kafkaConnectConfig();
    ExportedFile running =
        ConnectorMapping.kafkaConnect(
            remote("a", "RUNNING", config), java.util.Set.of(), "a", null, connect());
    assertThat(((CustomConnector) running.resource()).getSpec().getState()).isNull();
    assertThat(running.notes()).isEmpty();

    ExportedFile stopped =
        ConnectorMapping.kafkaConnect(
            remote("a", "STOPPED", config), java.util.Set.of(), "a", null, connect());
    assertThat(((CustomConnector) stopped.resource()).getSpec().getState())
        .isEqualTo(ConnectorState.STOPPED);

    config.remove("tasks.max");
    ExportedFile failed =
        ConnectorMapping.kafkaConnect(
            remote("a", "FAILED", config), java.util.Set.of(), "a", null, connect());
    assertThat(((CustomConnector) failed.resource()).getSpec().getState()).isNull();
    assertThat(failed.notes())
        .anyMatch(n -> n.contains("FAILED"))
        .anyMatch(n -> n.contains("tasks.max"));
  }

  private static Map<String, String> cloudConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("name", "orders");
    config.put("connector.class", "io.example.OrdersSource");
    config.put("tasks.max", "1");
    config.put("confluent.connector.type", "CUSTOM");
    config.put("confluent.custom.plugin.id", "ccp-123");
    config.put("confluent.custom.plugin.version", "1.0.0");
    config.put("confluent.custom.connection.endpoints", "db.example.com:5432;api.example.com:443");
    config.put("kafka.auth.mode", "KAFKA_API_KEY");
    config.put("kafka.api.key", "KAFKAKEY123");
    config.put("kafka.api.secret", "****************");
    config.put("aws.secret.key", "****************");
    config.put("declared.value", TOKEN);
    config.put("aws.region", "us-east-2");
    config.put("cloud.provider", "aws");
    config.put("cloud.environment", "env-abc1");
    config.put("kafka.endpoint", "SASL_SSL://pkc.example:9092");
    config.put("config.internal.something", "x");
    return config;
  }

  @Test
  void aConfluentCloudConnectorReferencesItsPluginAndKeepsOnlyItsOwnConfig() {
    Map<String, String> config = cloudConfig();
    ExportedFile file =
        ConnectorMapping.confluentCloud(
            remote("orders", "RUNNING", config),
            SensitiveKeys.onConfluentCloud(config, List.of("declared.value")),
            "orders",
            "retail",
            cloud(),
            "orders-plugin");

    CustomConnector resource = (CustomConnector) file.resource();
    assertThat(resource.getSpec().getConnectorName()).isNull();
    assertThat(resource.getSpec().getPluginRef().getName()).isEqualTo("orders-plugin");
    assertThat(resource.getSpec().getConnectorClass()).isNull();
    assertThat(resource.getSpec().getTasksMax()).isEqualTo(1);
    assertThat(resource.getSpec().getTarget()).isEqualTo(cloud());
    assertThat(resource.getSpec().getNetworking().getEndpoints())
        .containsExactly("db.example.com:5432", "api.example.com:443");
    assertThat(resource.getSpec().getConfig()).containsOnlyKeys("aws.region");
    assertThat(resource.getSpec().getConfigFrom())
        .extracting(ConfigFromSource::getConfigKey)
        .containsExactly("aws.secret.key", "declared.value");
    assertThat(resource.getSpec().getKafkaAuth().getApiKeySecretRef().getName())
        .isEqualTo("orders-kafka-api-key");
    assertThat(file.secrets())
        .extracting(SecretTemplate::name)
        .containsExactly("orders-config", "orders-kafka-api-key");

    String written = new ManifestWriter("ccloud/env-abc1/lkc-abc1").render(file);
    assertThat(written).doesNotContain(TOKEN).doesNotContain("*****");
    assertThat(written).contains("# \"secret\": \"\"").contains("KAFKAKEY123");
  }

  @Test
  void aServiceAccountIsKeptAsItIs() {
    Map<String, String> config = cloudConfig();
    config.remove("kafka.api.key");
    config.remove("kafka.api.secret");
    config.put("kafka.auth.mode", "SERVICE_ACCOUNT");
    config.put("kafka.service.account.id", "sa-abc123");
    ExportedFile file =
        ConnectorMapping.confluentCloud(
            remote("orders", "PAUSED", config),
            SensitiveKeys.onConfluentCloud(config, List.of()),
            "orders",
            "retail",
            cloud(),
            "p");
    CustomConnector resource = (CustomConnector) file.resource();
    assertThat(resource.getSpec().getKafkaAuth().getServiceAccountId()).isEqualTo("sa-abc123");
    assertThat(resource.getSpec().getState()).isEqualTo(ConnectorState.PAUSED);
    assertThat(file.secrets()).extracting(SecretTemplate::name).containsExactly("orders-config");
  }

  @Test
  void aCloudPluginIsAdoptedAsItIsWithoutAnArchiveAndOrphanedOnDelete() {
    ExportedFile file =
        PluginMapping.confluentCloud(
            new CustomPlugins.Plugin("ccp-123", "Orders source", "Reads orders"),
            new Declaration(
                "1.0.0",
                "READY",
                Map.of("io.example.OrdersSource", "SINK"),
                List.of("aws.secret.key"),
                "https://example.com/docs"),
            "io.example.OrdersSource",
            ResourceNames.of("Orders source"),
            "retail",
            cloud());
    ConnectorPlugin plugin = (ConnectorPlugin) file.resource();
    assertThat(file.fileName()).isEqualTo("plugin-orders-source.yaml");
    assertThat(plugin.getMetadata().getAnnotations()).containsEntry(Annotations.ADOPT, "true");
    assertThat(plugin.getSpec().getDisplayName()).isEqualTo("Orders source");
    assertThat(plugin.getSpec().getArchive()).isNull();
    assertThat(plugin.getSpec().getConnectorType()).isEqualTo(ConnectorType.SINK);
    assertThat(plugin.getSpec().getSensitiveConfigProperties()).containsExactly("aws.secret.key");
    assertThat(plugin.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.ORPHAN);
    assertThat(file.notes()).anyMatch(n -> n.contains("nothing is uploaded or changed"));
    assertThat(new ManifestWriter("ccloud/env-abc1").render(file))
        .contains("# Applying this adopts plugin ccp-123 as it is");
  }

  @Test
  void namesAreDns1123LabelsAndStayUnique() {
    assertThat(ResourceNames.of("Orders CDC (prod)")).isEqualTo("orders-cdc-prod");
    assertThat(ResourceNames.of("__")).isEqualTo("connector");
    String longName = ResourceNames.of("x".repeat(100));
    assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    ResourceNames names = new ResourceNames();
    String first = names.unique("My Connector");
    String second = names.unique("my-connector");
    assertThat(first).isEqualTo("my-connector");
    assertThat(second).isNotEqualTo(first).startsWith("my-connector-");
    assertThat(new ResourceNames().unique("my-connector")).isEqualTo("my-connector");
  }

  private static String lastDocument(String yaml) {
    return yaml.substring(yaml.lastIndexOf("---\n") + 4);
  }
}
