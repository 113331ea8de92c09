package io.customconnectors.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The broker's SASL/PLAIN listener takes the credentials registered while it runs, and no others.
 */
class KafkaBrokerSaslIT {

  private final KafkaBroker broker = KafkaBroker.shared();

  @Test
  void aKeyRegisteredAfterTheBrokerStartedReadsAndAWrongSecretIsRefused() throws Exception {
    String topic = "sasl-" + UUID.randomUUID();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
      }
    }
    String key = "SASLKEY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    broker.addSaslUser(key, "first-secret");

    assertThat(read(key, "first-secret", topic)).containsExactly("v0", "v1", "v2");
    assertRefused(key, "wrong-secret", topic);
    assertRefused("NOSUCHKEY", "first-secret", topic);

    broker.addSaslUser(key, "rotated-secret");
    assertRefused(key, "first-secret", topic);
    assertThat(read(key, "rotated-secret", topic)).hasSize(3);
  }

  private List<String> read(String key, String secret, String topic) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer(key, secret)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < 3 && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }

  private void assertRefused(String key, String secret, String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(key, secret)) {
      consumer.subscribe(List.of(topic));
      assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(20)))
          .isInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("Authentication failed");
    }
  }

  private KafkaConsumer<String, String> consumer(String key, String secret) {
    Map<String, Object> config = new HashMap<>(broker.saslClientConfig(key, secret));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(config);
  }
}
