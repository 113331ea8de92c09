package io.customconnectors.testkit.ccloud;

import java.util.Map;

/** A Kafka cluster of an emulated environment, with the API keys it accepts. */
public record KafkaCluster(
    String environment, String id, String cloud, String region, Map<String, String> apiKeys) {

  /** The {@code kafka.endpoint} Confluent Cloud adds to connector configs. */
  String bootstrapEndpoint() {
    return "SASL_SSL://pkc-"
        + id.substring(id.indexOf('-') + 1)
        + "."
        + region
        + "."
        + cloud.toLowerCase()
        + ".confluent.cloud:9092";
  }
}
