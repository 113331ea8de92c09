package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A custom connector's logs as Confluent Cloud offers them: the worker's log lines for the
 * connector (attributed through Connect's {@code [name|task-N]} context) written to a per-connector
 * topic, and connector or task failures written as CloudEvents to {@code
 * confluent-connect-log-events}; the same entries are kept in a {@link LogBook} for the log search
 * API. Topic name and record formats are the emulator's choice where the reference marks
 * Confluent's as unconfirmed; see the README.
 */
final class ConnectLogs implements AutoCloseable {

  static final String EVENTS_TOPIC = "confluent-connect-log-events";

  private static final Logger log = LoggerFactory.getLogger(ConnectLogs.class);
  private static final Pattern LINE =
      Pattern.compile(
          "^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3})] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) (.*)$");
  private static final Pattern CONTEXT = Pattern.compile("^\\[([^|\\]]+)\\|([^\\]]+)] (.*)$");
  private static final Pattern LOGGER = Pattern.compile("^(.*) \\(([\\w.$]+):\\d+\\)$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private final KafkaProducer<String, String> producer;
  private final Path workerLog;
  private final String topicFormat;
  private final Function<String, Optional<EmulatedConnector>> connectors;
  private final String organization;
  private final LogBook book;
  private final Thread tail;
  private volatile boolean running = true;
  private Map<String, Object> pending;
  private String pendingConnector;

  ConnectLogs(
      String bootstrapServers,
      Path workerLog,
      String topicFormat,
      Function<String, Optional<EmulatedConnector>> connectors,
      String organization,
      LogBook book) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    this.producer = new KafkaProducer<>(props);
    this.workerLog = workerLog;
    this.topicFormat = topicFormat;
    this.connectors = connectors;
    this.organization = organization;
    this.book = book;
    this.tail = new Thread(this::tail, "ccloud-log-shipper");
    tail.setDaemon(true);
    tail.start();
  }

  /** The log topic of a connector. */
  String topic(String connectorId) {
    return topicFormat.replace("{id}", connectorId);
  }

  /** Writes a ConnectorFailed or TaskFailed CloudEvent. */
  void failed(EmulatedConnector connector, Integer task, String trace) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("level", "ERROR");
    data.put(
        "context",
        task == null
            ? Map.of("connectorId", connector.id)
            : Map.of("connectorId", connector.id, "taskId", task));

    data.put(
        "summary",
        Map.of(
            task == null ? "connectorErrorSummary" : "taskErrorSummary",
            Map.of("message", headline(trace), "rootCause", rootCause(trace))));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", UUID.randomUUID().toString());
    event.put("source", crn(connector));
    event.put("subject", connector.id);
    event.put(
        "type",
        "io.confluent.logevents.connect." + (task == null ? "ConnectorFailed" : "TaskFailed"));
    event.put("time", Instant.now().toString());
    event.put("datacontenttype", "application/json");
    event.put("data", data);
    send(EVENTS_TOPIC, connector.id, event);
  }

  /**
   * Writes a provisioning failure to the connector's log topic, as the worker message a user sees
   * in the console's Logs tab when the connector never started.
   */
  void provisioningFailed(EmulatedConnector connector, String trace) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("timestamp", Instant.now().toString());
    entry.put("level", "ERROR");
    entry.put("logger", "io.confluent.connect.provisioning");
    entry.put("message", "Failed to start connector " + connector.name + ": " + headline(trace));
    entry.put("task_id", null);
    entry.put("id", connector.id);
    entry.put("exception", Map.of("stacktrace", trace == null ? "" : trace));
    book.add(connector.id, entry);
    send(topic(connector.id), connector.id, entry);
  }

  private String crn(EmulatedConnector connector) {
    return "crn://confluent.cloud/organization="
        + organization
        + "/environment="
        + connector.cluster.environment()
        + "/cloud-cluster="
        + connector.cluster.id()
        + "/connector="
        + connector.name;
  }

  /** The message part of a trace: its lines up to the first stack frame, on one line. */
  static String headline(String trace) {
    if (trace == null) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    for (String line : trace.lines().toList()) {
      if (line.matches("\\s+at .*") || line.startsWith("Caused by: ")) {
        break;
      }
      text.append(text.isEmpty() ? "" : " ").append(line.trim());
    }
    return text.toString();
  }

  /** The innermost {@code Caused by:} of a stack trace, or its headline. */
  static String rootCause(String trace) {
    if (trace == null) {
      return "";
    }
    String cause = headline(trace);
    for (String line : trace.lines().toList()) {
      if (line.startsWith("Caused by: ")) {
        cause = line.substring("Caused by: ".length());
      }
    }
    return cause;
  }

  private void tail() {
    long position = 0;
    StringBuilder partial = new StringBuilder();
    while (running) {
      try (RandomAccessFile file = new RandomAccessFile(workerLog.toFile(), "r")) {
        if (file.length() < position) {
          position = 0;
        }
        file.seek(position);
        byte[] chunk = new byte[(int) Math.min(1 << 20, file.length() - position)];
        file.readFully(chunk);
        position += chunk.length;
        partial.append(new String(chunk, StandardCharsets.UTF_8));
        int newline;
        while ((newline = partial.indexOf("\n")) >= 0) {
          line(partial.substring(0, newline));
          partial.delete(0, newline + 1);
        }
        if (chunk.length == 0) {
          flush();
          Thread.sleep(250);
        }
      } catch (IOException e) {
        sleepQuietly();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void line(String text) {
    Matcher line = LINE.matcher(text);
    if (!line.matches()) {
      if (pending != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> exception =
            (Map<String, Object>)
                pending.computeIfAbsent("exception", key -> new LinkedHashMap<>());
        exception.merge("stacktrace", text, (old, more) -> old + "\n" + more);
      }
      return;
    }
    flush();
    Matcher context = CONTEXT.matcher(line.group(3));
    if (!context.matches()) {
      return;
    }
    Optional<EmulatedConnector> connector = connectors.apply(context.group(1));
    if (connector.isEmpty()) {
      return;
    }
    String message = context.group(3);
    String logger = null;
    Matcher source = LOGGER.matcher(message);
    if (source.matches()) {
      message = source.group(1);
      logger = source.group(2);
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(
        "timestamp",
        LocalDateTime.parse(line.group(1), TIME)
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toString());
    entry.put("level", line.group(2));
    entry.put("logger", logger);
    entry.put("message", message);
    String scope = context.group(2).split("\\|")[0];
    entry.put("task_id", scope.startsWith("task-") ? scope : null);
    entry.put("id", connector.get().id);
    pending = entry;
    pendingConnector = connector.get().id;
  }

  private void flush() {
    if (pending != null) {
      book.add(pendingConnector, pending);
      send(topic(pendingConnector), pendingConnector, pending);
      pending = null;
    }
  }

  private void send(String topic, String key, Object value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, Call.JSON.writeValueAsString(value)));
    } catch (JsonProcessingException | RuntimeException e) {
      log.warn("Could not write to {}: {}", topic, e.getMessage());
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    tail.interrupt();
    producer.close(Duration.ofSeconds(5));
  }
}
