package io.customconnectors.testkit.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The classpath of Kafka's broker and Connect worker, resolved by the {@code kafka-runtime} module
 * and shipped as a text file, plus the log4j2 configuration the child JVMs log with and the
 * Prometheus JMX exporter agent with its rules.
 */
final class KafkaRuntime {

  private KafkaRuntime() {}

  static String classpath() {
    return resource("kafka-classpath.txt", "build the testkit/kafka-runtime module first");
  }

  /**
   * Writes the Prometheus JMX exporter agent (jmx_prometheus_javaagent, which the testkit jar
   * bundles) into {@code dir}.
   */
  static Path jmxExporterAgent(Path dir) {
    try (InputStream in = KafkaRuntime.class.getResourceAsStream("jmx_prometheus_javaagent.jar")) {
      if (in == null) {
        throw new IllegalStateException(
            "jmx_prometheus_javaagent.jar is missing: build the testkit module");
      }
      Path agent = dir.resolve("jmx_prometheus_javaagent.jar");
      Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
      return agent;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the exporter rules the project ships (config/jmx-exporter) into {@code dir}. */
  static Path jmxExporterConfig(Path dir) {
    try {
      Path file = dir.resolve("jmx-exporter.yaml");
      Files.writeString(file, resource("kafka-connect.yaml", "build the testkit module") + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name, String remedy) {
    try (InputStream in = KafkaRuntime.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing: " + remedy);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a log4j2 configuration with Connect's own pattern, connector context included, so log
   * lines can be attributed to a connector and its tasks (as Confluent Cloud's log topic does).
   */
  static Path log4jConfig(Path dir) {
    Path file = dir.resolve("log4j2.properties");
    String config =
        String.join(
            "\n",
            "status = warn",
            "appender.stdout.type = Console",
            "appender.stdout.name = STDOUT",
            "appender.stdout.layout.type = PatternLayout",
            "appender.stdout.layout.pattern = [%d] %p %X{connector.context}%m (%c:%L)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.stdout.ref = STDOUT",
            "logger.kafka.name = kafka",
            "logger.kafka.level = WARN",
            "logger.kafkaorg.name = org.apache.kafka",
            "logger.kafkaorg.level = WARN",
            "logger.connect.name = org.apache.kafka.connect",
            "logger.connect.level = INFO",
            "logger.reflections.name = org.reflections",
            "logger.reflections.level = ERROR",
            "");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, config);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
