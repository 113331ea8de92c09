package io.customconnectors.operator.backend.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.customconnectors.operator.backend.BackendException;

/**
 * Reads a Kafka topic by time with one Kafka API key (SASL/PLAIN), as Confluent Cloud serves log
 * topics: no consumer group (nothing is committed on the user's cluster), each topic's position
 * kept here, and the first read of a topic starting at a time rather than at an offset, so that a
 * reader that starts again reads on from where the status says it was.
 */
public final class KafkaLogReader implements AutoCloseable {

  private final String bootstrapServers;
  private final KafkaConsumer<String, String> consumer;
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  public KafkaLogReader(
      String bootstrapServers, String securityProtocol, String apiKey, String apiSecret) {
    this.bootstrapServers = bootstrapServers;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
    props.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
    props.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + jaas(apiKey)
            + "\" password=\""
            + jaas(apiSecret)
            + "\";");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A reader never creates a topic on the user's cluster, not even one it asks about too early.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "custom-connector-operator-logs");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(props);
  }

  private static String jaas(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * The topic's records from where the last read of it ended, or from {@code after} the first time,
   * up to the end as it is now or {@code limit} records; empty when the topic does not exist (yet).
   */
  public synchronized List<ConsumerRecord<String, String>> read(
      String topic, Instant after, int limit) {
    try {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (partitions == null || partitions.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> assigned = new ArrayList<>();
      partitions.forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
      consumer.assign(assigned);
      Map<TopicPartition, Long> fromTime = new HashMap<>();
      for (TopicPartition partition : assigned) {
        if (!positions.containsKey(partition)) {
          fromTime.put(partition, after.toEpochMilli() + 1);
        }
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      if (!fromTime.isEmpty()) {
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(fromTime);
        fromTime
            .keySet()
            .forEach(
                p ->
                    positions.put(
                        p,
                        found.get(p) == null ? ends.getOrDefault(p, 0L) : found.get(p).offset()));
      }
      assigned.forEach(p -> consumer.seek(p, positions.get(p)));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (records.size() < limit
          && System.nanoTime() < deadline
          && assigned.stream().anyMatch(p -> consumer.position(p) < ends.getOrDefault(p, 0L))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          records.add(record);
        }
      }
      assigned.forEach(p -> positions.put(p, consumer.position(p)));
      return records;
    } catch (AuthenticationException | AuthorizationException e) {
      throw new BackendException(
          401,
          "Kafka at "
              + bootstrapServers
              + " refused the Kafka API key to read "
              + topic
              + ": "
              + e.getMessage()
              + ". Check spec.kafkaAuth (it must be able to read the topic)",
          0,
          null);
    } catch (KafkaException e) {
      throw new BackendException(
          0, "Cannot read " + topic + " on " + bootstrapServers + ": " + e.getMessage(), 0, e);
    }
  }

  @Override
  public synchronized void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
