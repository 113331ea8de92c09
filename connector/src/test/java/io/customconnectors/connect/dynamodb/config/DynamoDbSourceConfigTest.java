package io.customconnectors.connect.dynamodb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DynamoDbSourceConfigTest {

  /** The seed's connector config, exactly as the walkthrough gives it. */
  static Map<String, String> seedConfig() {
    Map<String, String> config = new HashMap<>();
    config.put("aws.access.key.id", "ABCD");
    config.put("aws.region", "us-east-2");
    config.put("aws.secret.key", "123");
    config.put("kafka.topic.prefix", "supermarket-customer");
    return config;
  }

  @Test
  void seedConfigMeansWhatItMeantForTrustpilot() {
    DynamoDbSourceConfig config = new DynamoDbSourceConfig(seedConfig());

    assertThat(config.aws().region()).isEqualTo("us-east-2");
    assertThat(config.aws().accessKeyId().orElseThrow().value()).isEqualTo("ABCD");
    assertThat(config.aws().secretKey().orElseThrow().value()).isEqualTo("123");
    assertThat(config.discovery().listed()).isFalse();
    assertThat(config.discovery().ingestionTagKey()).isEqualTo("datalake-ingest");
    assertThat(config.discovery().envTagKey()).isEqualTo("environment");
    assertThat(config.discovery().envTagValue()).isEqualTo("dev");
    assertThat(config.discovery().rediscoveryPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.records().topicFor("Supermarket_dynamodb"))
        .isEqualTo("supermarket-customerSupermarket_dynamodb");
    assertThat(config.snapshot().mode()).isEqualTo(SnapshotMode.SNAPSHOT_THEN_STREAM);
  }

  @Test
  void credentialsNeverShowInToString() {
    DynamoDbSourceConfig config = new DynamoDbSourceConfig(seedConfig());

    assertThat(config.aws().toString()).doesNotContain("ABCD").doesNotContain("123,");
    assertThat(config.toString()).doesNotContain("ABCD");
  }

  @Test
  void trustpilotKeysKeepTheirMeaning() {
    Map<String, String> props = seedConfig();
    props.put("dynamodb.table.whitelist", "Orders, Customers");
    props.put("dynamodb.service.endpoint", "http://127.0.0.1:4566");
    props.put("init.sync.delay.period", "60");
    props.put("connect.dynamodb.rediscovery.period", "5000");

    DynamoDbSourceConfig config = new DynamoDbSourceConfig(props);

    assertThat(config.discovery().tables()).containsExactly("Customers", "Orders");
    assertThat(config.discovery().listed()).isTrue();
    assertThat(config.snapshot().initialDelay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.discovery().rediscoveryPeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.aws().dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
    assertThat(config.aws().streamsEndpoint())
        .as("follows the DynamoDB override")
        .contains(URI.create("http://127.0.0.1:4566"));
    assertThat(config.aws().taggingEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
  }

  @Test
  void includeListAndWhitelistAreMerged() {
    Map<String, String> props = seedConfig();
    props.put("dynamodb.tables.include", "bbb");
    props.put("dynamodb.table.whitelist", "aaa,bbb");

    assertThat(new DynamoDbSourceConfig(props).discovery().tables())
        .isEqualTo(List.of("aaa", "bbb"));
  }

  @Test
  void badValuesAreRejectedWithTheKeyAndWhatIsExpected() {
    assertRejected("aws.region", "us-region-X", "must be an AWS region such as us-east-1");
    assertRejected(
        "snapshot.mode",
        "initial",
        "must be one of [snapshot_then_stream, stream_only, snapshot_only]");
    assertRejected("dynamodb.tables.include", "ok-table,x", "'x' is not a DynamoDB table name");
    assertRejected("topic.name.format", "{prefix}", "must contain {table}");
    assertRejected("dynamodb.service.endpoint", "localhost:8000", "must be an http(s) URL");
    assertRejected("snapshot.scan.segments", "0", "Value must be at least 1");
  }

  private static void assertRejected(String key, String value, String message) {
    Map<String, String> props = seedConfig();
    props.put(key, value);
    assertThatThrownBy(() -> new DynamoDbSourceConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(message);
  }
}
