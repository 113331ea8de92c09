package io.customconnectors.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.testkit.support.ChildJvm;
import io.customconnectors.testkit.support.Ports;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in a child JVM on loopback ports,
 * started once per test JVM.
 */
public final class KafkaBroker {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static KafkaBroker shared;

  private final ChildJvm jvm;
  private final String bootstrapServers;

  private KafkaBroker(ChildJvm jvm, String bootstrapServers) {
    this.jvm = jvm;
    this.bootstrapServers = bootstrapServers;
  }

  public static synchronized KafkaBroker shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static KafkaBroker start() {
    long started = System.nanoTime();
    int port = Ports.freeLoopbackPort();
    int controllerPort = Ports.freeLoopbackPort();
    try {
      Path dir = Files.createTempDirectory("kafka-broker");
      Path config = dir.resolve("server.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",CONTROLLER://127.0.0.1:"
                  + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "inter.broker.listener.name=PLAINTEXT",
              "log.dirs=" + dir.resolve("data"),
              "num.partitions=1",
              "auto.create.topics.enable=true",
              "offsets.topic.replication.factor=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "share.coordinator.state.topic.replication.factor=1",
              "share.coordinator.state.topic.min.isr=1",
              "group.initial.rebalance.delay.ms=0",
              ""));
      String classpath = KafkaRuntime.classpath();
      List<String> jvmOptions = jvmOptions(dir);
      ChildJvm.run(
          "kafka-storage-format",
          classpath,
          "kafka.tools.StorageTool",
          List.of("format", "--cluster-id=" + clusterId(), "-c", config.toString()),
          dir.resolve("format.log"));
      ChildJvm jvm =
          ChildJvm.start(
              "kafka-broker",
              classpath,
              jvmOptions,
              "kafka.Kafka",
              List.of(config.toString()),
              dir.resolve("broker.log"),
              Map.of());
      KafkaBroker broker = new KafkaBroker(jvm, "127.0.0.1:" + port);
      jvm.awaitReady(Duration.ofSeconds(60), broker::answers);
      log.info(
          "Kafka broker ready on {} in {} ms (log: {})",
          broker.bootstrapServers,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          jvm.logFile());
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> jvmOptions(Path dir) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx384m");
    options.add("-XX:+UseSerialGC");
    options.add("-Dlog4j2.configurationFile=" + KafkaRuntime.log4jConfig(dir));
    String extra = System.getProperty("testbed.kafka.jvmOptions", "-XX:TieredStopAtLevel=1");
    if (!extra.isBlank()) {
      options.addAll(List.of(extra.trim().split("\\s+")));
    }
    return options;
  }

  private boolean answers() {
    int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    try (Socket probe = new Socket()) {
      // Only ask Kafka once the port is open: an admin client on a closed port logs a warning a
      // retry.
      probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
    } catch (IOException notListening) {
      return false;
    }
    try (Admin admin = admin()) {
      admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception notYet) {
      return false;
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000));
  }

  /** A consumer reading from the beginning, with string keys and values; the caller closes it. */
  public KafkaConsumer<String, String> newConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "testbed-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /**
   * Reads a topic from the beginning until {@code count} records arrived or {@code timeout} passed,
   * and returns what arrived.
   */
  public List<ConsumerRecord<String, String>> read(String topic, int count, Duration timeout) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = newConsumer()) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  public ChildJvm jvm() {
    return jvm;
  }

  /** A random KRaft cluster id; it may start with '-', hence {@code --cluster-id=} above. */
  private static String clusterId() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
