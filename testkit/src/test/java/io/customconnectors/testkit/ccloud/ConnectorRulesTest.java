package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectorRulesTest {

  private static final KafkaCluster CLUSTER =
      new KafkaCluster("env-1", "lkc-abc12", "AWS", "us-east-2", Map.of("K", "S"));

  @Test
  void endpointsAreHostPortPairsSeparatedBySemicolons() {
    assertThat(
            ConnectorRules.endpoints(
                "dynamodb.us-east-2.amazonaws.com:443:TCP; Streams.DynamoDB.us-east-2.amazonaws.com:443;"
                    + "tagging.us-east-2.amazonaws.com:443,8443"))
        .extracting(Object::toString)
        .containsExactly(
            "dynamodb.us-east-2.amazonaws.com:443",
            "streams.dynamodb.us-east-2.amazonaws.com:443",
            "tagging.us-east-2.amazonaws.com:443",
            "tagging.us-east-2.amazonaws.com:8443");
    assertThat(ConnectorRules.endpoints(null)).isEmpty();
  }

  @Test
  void badEndpointsSayWhichEntryIsWrong() {
    assertThatThrownBy(() -> ConnectorRules.endpoints("a.example.com:443,b.example.com:443"))
        .hasMessageContaining("'a.example.com:443,b.example.com:443' is not host:port[:TCP]")
        .hasMessageContaining("separate entries with ';'");
    assertThatThrownBy(() -> ConnectorRules.endpoints("a.example.com:443:SCTP"))
        .hasMessageContaining("'a.example.com:443:SCTP' is not host:port[:TCP]");
    assertThatThrownBy(() -> ConnectorRules.endpoints("a.example.com:70000"))
        .hasMessageContaining("not between 1 and 65535");
  }

  @Test
  void readsMaskSecretsAndAddTheServerKeysWhileTheWorkerGetsNoConfluentKeys() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("name", "orders");
    config.put("confluent.connector.type", "CUSTOM");
    config.put("confluent.custom.plugin.id", "ccp-1");
    config.put("kafka.auth.mode", "KAFKA_API_KEY");
    config.put("kafka.api.key", "K");
    config.put("kafka.api.secret", "S");
    config.put("aws.secret.key", "very-secret");
    config.put("aws.region", "us-east-2");
    EmulatedConnector connector =
        new EmulatedConnector(
            "clcc-xyz",
            CLUSTER,
            "orders",
            config,
            new PluginCatalog.Runnable(
                "ccp-1",
                null,
                "ccp-1",
                new byte[0],
                "ZIP",
                List.of("com.example.Source"),
                List.of("aws.secret.key"),
                "SOURCE"),
            Instant.EPOCH,
            Instant.EPOCH);

    Map<String, String> read = ConnectorRules.forRead(connector);
    assertThat(read)
        .containsEntry("kafka.api.key", ConnectorRules.MASK)
        .containsEntry("kafka.api.secret", ConnectorRules.MASK)
        .containsEntry("aws.secret.key", ConnectorRules.MASK)
        .containsEntry("aws.region", "us-east-2")
        .containsEntry("cloud.environment", "prod")
        .containsEntry("cloud.provider", "aws")
        .containsEntry("kafka.region", "us-east-2")
        .containsEntry("kafka.endpoint", "SASL_SSL://pkc-abc12.us-east-2.aws.confluent.cloud:9092");

    Map<String, String> worker = ConnectorRules.forWorker(connector);
    assertThat(worker)
        .containsEntry("name", "clcc-xyz")
        .containsEntry("connector.class", "com.example.Source")
        .containsEntry("tasks.max", "1")
        .containsEntry("aws.secret.key", "very-secret")
        .doesNotContainKeys(
            "confluent.connector.type",
            "confluent.custom.plugin.id",
            "kafka.auth.mode",
            "kafka.api.key",
            "kafka.api.secret");
  }
}
