package io.customconnectors.operator.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.Networking;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * What a connector on Confluent Cloud needs in its config besides its own settings: the custom
 * plugin and version to run, the egress allow-list, and how it authenticates to Kafka.
 */
public final class CloudConnectorConfig {

  public static final String CONNECTOR_TYPE = "confluent.connector.type";
  public static final String PLUGIN_ID = "confluent.custom.plugin.id";
  public static final String PLUGIN_VERSION = "confluent.custom.plugin.version";
  public static final String ENDPOINTS = "confluent.custom.connection.endpoints";

  /** The spec cannot make a valid Confluent Cloud connector; the message says what to add. */
  public static final class IncompleteException extends Exception {
    public IncompleteException(String message) {
      super(message);
    }
  }

  private final SecretValues secrets;

  public CloudConnectorConfig(SecretLookup secrets) {
    this.secrets = new SecretValues(secrets);
  }

  /** {@code base} plus the Confluent Cloud keys, with the hash and the secrets to match. */
  public EffectiveConfig extend(
      EffectiveConfig base, CustomConnector resource, ConnectorPluginStatus plugin)
      throws MissingSecretException, IncompleteException {
    Map<String, String> config = new TreeMap<>(base.config());
    Map<String, String> hashed = new TreeMap<>();
    Set<String> secretValues = new HashSet<>(base.secretValues());
    config.put(CONNECTOR_TYPE, "CUSTOM");
    config.put(PLUGIN_ID, plugin.getPluginId());
    config.put(PLUGIN_VERSION, plugin.getPluginVersion());
    List<String> endpoints =
        endpoints(resource.getSpec().getNetworking(), config.get("aws.region"));
    if (!endpoints.isEmpty()) {
      config.put(ENDPOINTS, String.join(";", endpoints));
    }
    KafkaAuth auth = resource.getSpec().getKafkaAuth();
    if (auth != null && auth.getServiceAccountId() != null) {
      config.put("kafka.auth.mode", "SERVICE_ACCOUNT");
      config.put("kafka.service.account.id", auth.getServiceAccountId());
    } else if (auth != null && auth.getApiKeySecretRef() != null) {
      var ref = auth.getApiKeySecretRef();
      String where = "spec.kafkaAuth.apiKeySecretRef";
      Secret secret = secrets.secret(resource.getMetadata().getNamespace(), ref.getName(), where);
      String keyField = SecretValues.field(ref.getKeyField(), "key");
      String key = SecretValues.require(secret, keyField, where);
      String value =
          SecretValues.require(secret, SecretValues.field(ref.getSecretField(), "secret"), where);
      config.put("kafka.auth.mode", "KAFKA_API_KEY");
      config.put("kafka.api.key", key);
      config.put("kafka.api.secret", value);
      secretValues.add(key);
      secretValues.add(value);
      hashed.put("kafka.api", SecretValues.fingerprint(secret, keyField));
    } else {
      throw new IncompleteException(
          "A connector on Confluent Cloud authenticates to its Kafka cluster with"
              + " spec.kafkaAuth: set apiKeySecretRef (a Secret with a Kafka API key) or"
              + " serviceAccountId");
    }
    // The API key enters the hash as its Secret's name and version, never as its value.
    for (Map.Entry<String, String> entry : config.entrySet()) {
      if (!base.config().containsKey(entry.getKey()) && !entry.getKey().startsWith("kafka.api.")) {
        hashed.put(entry.getKey(), entry.getValue());
      }
    }
    return new EffectiveConfig(config, secretValues, ConfigResolver.sha256(base.hash() + hashed));
  }

  /**
   * spec.networking.endpoints, then (with deriveAwsEndpoints) the three AWS endpoints the DynamoDB
   * source connector calls in {@code aws.region}, without duplicates.
   */
  static List<String> endpoints(Networking networking, String region) {
    Set<String> endpoints = new LinkedHashSet<>();
    if (networking != null && networking.getEndpoints() != null) {
      endpoints.addAll(networking.getEndpoints());
    }
    if (networking != null
        && Boolean.TRUE.equals(networking.getDeriveAwsEndpoints())
        && region != null) {
      endpoints.add("dynamodb." + region + ".amazonaws.com:443");
      endpoints.add("streams.dynamodb." + region + ".amazonaws.com:443");
      endpoints.add("tagging." + region + ".amazonaws.com:443");
    }
    return new ArrayList<>(endpoints);
  }
}
