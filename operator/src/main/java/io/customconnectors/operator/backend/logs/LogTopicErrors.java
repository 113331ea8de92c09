package io.customconnectors.operator.backend.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.customconnectors.operator.backend.ConnectorLogSource;
import io.customconnectors.operator.backend.LogEntry;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A custom connector's log topic on its Confluent Cloud cluster: JSON entries {@code {timestamp,
 * level, logger, message, task_id, id, exception: {stacktrace}}} (Confluent does not document the
 * format; this is the one the project's emulator writes, see the README), of which the ERROR ones
 * are errors.
 */
public final class LogTopicErrors implements ConnectorLogSource {

  /** Where Confluent Cloud writes a custom connector's logs; {@code {id}} is its clcc- id. */
  public static final String DEFAULT_TOPIC = "{id}-app-logs";

  private final KafkaLogReader reader;
  private final String topic;

  /**
   * @param topic the topic's name, {@code {id}} standing for the connector's id
   */
  public LogTopicErrors(KafkaLogReader reader, String topic) {
    this.reader = reader;
    this.topic = topic;
  }

  @Override
  public String kind() {
    return "LogTopic";
  }

  @Override
  public Map<String, List<LogEntry>> errors(
      Collection<RemoteConnector> connectors, Map<String, Instant> after, int limit) {
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    for (RemoteConnector connector : connectors) {
      if (connector.id() == null) {
        continue;
      }
      Instant since = after.getOrDefault(connector.name(), Instant.EPOCH);
      List<LogEntry> entries = new ArrayList<>();
      for (ConsumerRecord<String, String> record :
          reader.read(topic.replace("{id}", connector.id()), since, 10 * limit)) {
        LogEntry entry = entry(record.value());
        if (entry != null && entry.at().isAfter(since) && entries.size() < limit) {
          entries.add(entry);
        }
      }
      if (!entries.isEmpty()) {
        errors.put(connector.name(), entries);
      }
    }
    return errors;
  }

  /** An ERROR entry of the topic, or null for anything else. */
  static LogEntry entry(String value) {
    JsonNode json = JsonHttp.tree(value);
    if (json == null || !json.path("level").asText().equals("ERROR")) {
      return null;
    }
    Instant at;
    try {
      at = Instant.parse(json.path("timestamp").asText());
    } catch (RuntimeException notATime) {
      return null;
    }
    return new LogEntry(
        at,
        "LogTopic",
        task(json.path("task_id").asText("")),
        json.path("message").asText(""),
        json.path("exception").path("stacktrace").asText(""));
  }

  /** {@code task-3} → 3. */
  static Integer task(String text) {
    if (text.startsWith("task-")) {
      try {
        return Integer.valueOf(text.substring(5));
      } catch (NumberFormatException notATask) {
        return null;
      }
    }
    return null;
  }
}
