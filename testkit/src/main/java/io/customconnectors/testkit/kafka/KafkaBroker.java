package io.customconnectors.testkit.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.testkit.kafka.sasl.PlainCredentialsFile;
import io.customconnectors.testkit.support.ChildJvm;
import io.customconnectors.testkit.support.Ports;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in a child JVM on loopback ports,
 * started once per test JVM. Two client listeners: PLAINTEXT for the test bed itself, and
 * SASL_PLAINTEXT with mechanism PLAIN, as Confluent Cloud clusters are reached with a Kafka API key
 * (there over SASL_SSL). The SASL listener accepts whatever {@link #addSaslUser} registered, also
 * after the broker started: its callback handler ({@link PlainCredentialsFile}, loaded by the
 * broker from the kafka-runtime jar) reads the credentials file this class appends to.
 */
public final class KafkaBroker {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static KafkaBroker shared;

  private final ChildJvm jvm;
  private final String bootstrapServers;
  private final String saslBootstrapServers;
  private final Path saslCredentials;

  private KafkaBroker(
      ChildJvm jvm, String bootstrapServers, String saslBootstrapServers, Path saslCredentials) {
    this.jvm = jvm;
    this.bootstrapServers = bootstrapServers;
    this.saslBootstrapServers = saslBootstrapServers;
    this.saslCredentials = saslCredentials;
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
    int saslPort = Ports.freeLoopbackPort();
    int controllerPort = Ports.freeLoopbackPort();
    try {
      Path dir = Files.createTempDirectory("kafka-broker");
      Path config = dir.resolve("server.properties");
      Path credentials = Files.createFile(dir.resolve("sasl-plain-credentials.tsv"));
      Files.writeString(
          config,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",SASL_PLAINTEXT://127.0.0.1:"
                  + saslPort
                  + ",CONTROLLER://127.0.0.1:"
                  + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:"
                  + port
                  + ",SASL_PLAINTEXT://127.0.0.1:"
                  + saslPort,
              "controller.listener.names=CONTROLLER",
              "listener.security.protocol.map="
                  + "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
              "inter.broker.listener.name=PLAINTEXT",
              "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN",
              "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                  + "org.apache.kafka.common.security.plain.PlainLoginModule required "
                  + PlainCredentialsFile.FILE_OPTION
                  + "=\""
                  + credentials.toAbsolutePath()
                  + "\";",
              "listener.name.sasl_plaintext.plain.sasl.server.callback.handler.class="
                  + PlainCredentialsFile.class.getName(),
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
      String classpath = KafkaRuntime.classpath() + File.pathSeparator + saslCallbackLocation();
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
      KafkaBroker broker =
          new KafkaBroker(jvm, "127.0.0.1:" + port, "127.0.0.1:" + saslPort, credentials);
      jvm.awaitReady(Duration.ofSeconds(60), broker::answers);
      log.info(
          "Kafka broker ready on {} (SASL/PLAIN on {}) in {} ms (log: {})",
          broker.bootstrapServers,
          broker.saslBootstrapServers,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          jvm.logFile());
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the broker loads the SASL/PLAIN callback from: the kafka-runtime jar (or classes). */
  private static String saslCallbackLocation() {
    try {
      return Path.of(
              PlainCredentialsFile.class
                  .getProtectionDomain()
                  .getCodeSource()
                  .getLocation()
                  .toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
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

  /** The PLAINTEXT listener, which needs no credentials. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The SASL_PLAINTEXT listener (mechanism PLAIN); see {@link #addSaslUser}. */
  public String saslBootstrapServers() {
    return saslBootstrapServers;
  }

  /**
   * Lets {@code username} (a Kafka API key) in on the SASL listener with {@code password} (its
   * secret), from the next authentication on; registering a username again replaces its password.
   */
  public synchronized void addSaslUser(String username, String password) {
    if (username.isEmpty() || (username + password).matches("(?s).*[\\t\\r\\n].*")) {
      throw new IllegalArgumentException(
          "A SASL/PLAIN username must be non-empty, and neither it nor the password may hold a"
              + " tab or line break");
    }
    try {
      Files.writeString(
          saslCredentials,
          username + "\t" + password + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Client settings for the SASL listener as a Confluent Cloud client has them (there with
   * SASL_SSL): bootstrap servers, SASL_PLAINTEXT, PLAIN, and the JAAS line with key and secret.
   */
  public Map<String, Object> saslClientConfig(String username, String password) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, saslBootstrapServers);
    config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
    config.put(
        SaslConfigs.SASL_JAAS_CONFIG,
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + username
            + "\" password=\""
            + password
            + "\";");
    return config;
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
