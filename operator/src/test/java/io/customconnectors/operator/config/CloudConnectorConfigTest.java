package io.customconnectors.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.Networking;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

class CloudConnectorConfigTest {

  private final Map<String, Secret> secrets = new HashMap<>();
  private final SecretLookup lookup =
      (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name));
  private final CloudConnectorConfig cloud = new CloudConnectorConfig(lookup);
  private final ConfigResolver resolver = new ConfigResolver(lookup);

  private void kafkaKey(String version, String key, String secret) {
    secrets.put(
        "retail/kafka-api-key",
        new SecretBuilder()
            .withNewMetadata()
            .withName("kafka-api-key")
            .withNamespace("retail")
            .withResourceVersion(version)
            .endMetadata()
            .withStringData(Map.of("key", key, "secret", secret))
            .build());
  }

  private static CustomConnector connector(KafkaAuth auth, Networking networking) {
    CustomConnector connector = new CustomConnector();
    connector.getMetadata().setName("orders");
    connector.getMetadata().setNamespace("retail");
    CustomConnectorSpec spec = new CustomConnectorSpec();
    spec.setConnectorName("DynamoDB Custom connector");
    spec.setConfig(Map.of("aws.region", "us-east-2"));
    spec.setKafkaAuth(auth);
    spec.setNetworking(networking);
    connector.setSpec(spec);
    return connector;
  }

  private static KafkaAuth apiKey() {
    KafkaAuth auth = new KafkaAuth();
    ApiKeySecretRef ref = new ApiKeySecretRef();
    ref.setName("kafka-api-key");
    auth.setApiKeySecretRef(ref);
    return auth;
  }

  private static ConnectorPluginStatus plugin() {
    ConnectorPluginStatus status = new ConnectorPluginStatus();
    status.setPluginId("ccp-abc");
    status.setPluginVersion("0.1.0+0123456789ab");
    return status;
  }

  private EffectiveConfig extend(CustomConnector connector) throws Exception {
    return cloud.extend(resolver.resolve(connector, "io.example.Source"), connector, plugin());
  }

  @Test
  void theCloudKeysAreAddedAndTheApiSecretIsASecret() throws Exception {
    kafkaKey("7", "KAFKAKEY", "kafka-secret");
    Networking networking = new Networking();
    networking.setEndpoints(
        List.of("db.example.com:5432:TCP", "dynamodb.us-east-2.amazonaws.com:443"));
    networking.setDeriveAwsEndpoints(true);
    EffectiveConfig config = extend(connector(apiKey(), networking));
    assertThat(config.config())
        .containsEntry("confluent.connector.type", "CUSTOM")
        .containsEntry("confluent.custom.plugin.id", "ccp-abc")
        .containsEntry("confluent.custom.plugin.version", "0.1.0+0123456789ab")
        .containsEntry("kafka.auth.mode", "KAFKA_API_KEY")
        .containsEntry("kafka.api.key", "KAFKAKEY")
        .containsEntry("kafka.api.secret", "kafka-secret")
        .containsEntry(
            "confluent.custom.connection.endpoints",
            "db.example.com:5432:TCP;dynamodb.us-east-2.amazonaws.com:443;"
                + "streams.dynamodb.us-east-2.amazonaws.com:443;tagging.us-east-2.amazonaws.com:443");
    assertThat(config.secretValues()).contains("kafka-secret");
  }

  @Test
  void theHashFollowsTheSecretsVersionNotItsValue() throws Exception {
    kafkaKey("7", "KAFKAKEY", "kafka-secret");
    String first = extend(connector(apiKey(), null)).hash();
    assertThat(extend(connector(apiKey(), null)).hash()).isEqualTo(first);
    kafkaKey("8", "KAFKAKEY", "rotated");
    assertThat(extend(connector(apiKey(), null)).hash()).isNotEqualTo(first);
    assertThat(first).doesNotContain("kafka-secret");
  }

  @Test
  void aServiceAccountNeedsNoSecretAndNoAuthIsAClearError() throws Exception {
    KafkaAuth account = new KafkaAuth();
    account.setServiceAccountId("sa-123abc");
    EffectiveConfig config = extend(connector(account, null));
    assertThat(config.config())
        .containsEntry("kafka.auth.mode", "SERVICE_ACCOUNT")
        .containsEntry("kafka.service.account.id", "sa-123abc")
        .doesNotContainKey("kafka.api.secret")
        .doesNotContainKey("confluent.custom.connection.endpoints");

    assertThatThrownBy(() -> extend(connector(null, null)))
        .isInstanceOf(CloudConnectorConfig.IncompleteException.class)
        .hasMessageContaining("spec.kafkaAuth");
    assertThatThrownBy(() -> extend(connector(apiKey(), null)))
        .isInstanceOf(MissingSecretException.class)
        .hasMessageContaining("kafka-api-key")
        .hasMessageContaining("spec.kafkaAuth.apiKeySecretRef");
  }
}
