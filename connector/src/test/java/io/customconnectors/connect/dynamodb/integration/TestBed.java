package io.customconnectors.connect.dynamodb.integration;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import io.customconnectors.connect.dynamodb.DynamoDbSourceConnector;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The connector's integration test bed: moto as AWS, a real Kafka broker, and a real Connect worker
 * that loaded the connector from the packaged ZIP.
 */
final class TestBed {

  static final String CONNECTOR_CLASS = DynamoDbSourceConnector.class.getName();
  static final String REGION = "us-east-2";
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private TestBed() {}

  static MotoServer moto() {
    return MotoServer.shared();
  }

  static KafkaBroker kafka() {
    return KafkaBroker.shared();
  }

  static ConnectWorker connect() {
    return ConnectWorker.shared();
  }

  /** A DynamoDB client on moto with the seed's placeholder credentials. */
  static DynamoDbClient dynamo() {
    return DynamoDbClient.builder()
        .endpointOverride(moto().endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ABCD", "123")))
        .build();
  }

  /** The walkthrough's connector config, unchanged, plus the one key that points it at moto. */
  static Map<String, String> seedConfig(String topicPrefix) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("aws.access.key.id", "ABCD");
    config.put("aws.region", REGION);
    config.put("aws.secret.key", "123");
    config.put("kafka.topic.prefix", topicPrefix);
    config.put("dynamodb.service.endpoint", moto().endpoint().toString());
    return config;
  }

  static void awaitRunning(String connector, int tasks) {
    await("connector " + connector + " running with " + tasks + " task(s)")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              JsonNode status = connect().connectorStatus(connector);
              if (status.path("connector").path("state").asText().equals("FAILED")
                  || failedTask(status)) {
                throw new AssertionError("connector failed: " + status.toPrettyString());
              }
              int running = 0;
              for (JsonNode task : status.path("tasks")) {
                running += task.path("state").asText().equals("RUNNING") ? 1 : 0;
              }
              return status.path("connector").path("state").asText().equals("RUNNING")
                  && running == tasks;
            });
  }

  private static boolean failedTask(JsonNode status) {
    for (JsonNode task : status.path("tasks")) {
      if (task.path("state").asText().equals("FAILED")) {
        return true;
      }
    }
    return false;
  }

  /** Everything in a topic so far, read until {@code done} holds or the timeout passes. */
  static List<ConsumerRecord<String, String>> readUntil(
      String topic, Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = kafka().newConsumer()) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  static JsonNode json(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String op(ConsumerRecord<String, String> record) {
    return record.value() == null ? "tombstone" : json(record.value()).path("op").asText();
  }

  static JsonNode document(ConsumerRecord<String, String> record) {
    return json(json(record.value()).path("document").asText());
  }

  static String key(ConsumerRecord<String, String> record, String field) {
    return json(record.key()).path(field).asText();
  }
}
