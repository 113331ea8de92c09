package io.customconnectors.operator.backend.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * Confluent's {@code confluent-connect-log-events} topic: CloudEvents of type {@code
 * io.confluent.logevents.connect.ConnectorFailed} and {@code TaskFailed} for every connector of the
 * organization, the connector's id as {@code subject}. One read serves all connectors.
 */
public final class LogEventErrors implements ConnectorLogSource {

  public static final String TOPIC = "confluent-connect-log-events";
  private static final String TYPES = "io.confluent.logevents.connect.";

  private final KafkaLogReader reader;

  public LogEventErrors(KafkaLogReader reader) {
    this.reader = reader;
  }

  @Override
  public String kind() {
    return "LogEvent";
  }

  @Override
  public Map<String, List<LogEntry>> errors(
      Collection<RemoteConnector> connectors, Map<String, Instant> after, int limit) {
    Map<String, RemoteConnector> byId = new HashMap<>();
    connectors.stream().filter(c -> c.id() != null).forEach(c -> byId.put(c.id(), c));
    if (byId.isEmpty()) {
      return Map.of();
    }
    Instant earliest =
        byId.values().stream()
            .map(c -> after.getOrDefault(c.name(), Instant.EPOCH))
            .min(Instant::compareTo)
            .orElse(Instant.EPOCH);
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : reader.read(TOPIC, earliest, 1000)) {
      JsonNode event = JsonHttp.tree(record.value());
      if (event == null || !event.path("type").asText().startsWith(TYPES)) {
        continue;
      }
      RemoteConnector connector = byId.get(event.path("subject").asText());
      Instant at;
      try {
        at = Instant.parse(event.path("time").asText());
      } catch (RuntimeException notATime) {
        continue;
      }
      if (connector == null || !at.isAfter(after.getOrDefault(connector.name(), Instant.EPOCH))) {
        continue;
      }
      JsonNode data = event.path("data");
      JsonNode summary = data.path("summary");
      JsonNode detail =
          summary.has("taskErrorSummary")
              ? summary.path("taskErrorSummary")
              : summary.path("connectorErrorSummary");
      List<LogEntry> entries = errors.computeIfAbsent(connector.name(), n -> new ArrayList<>());
      if (entries.size() < limit) {
        entries.add(
            new LogEntry(
                at,
                "LogEvent",
                data.path("context").has("taskId")
                    ? data.path("context").path("taskId").asInt()
                    : null,
                detail.path("message").asText(event.path("type").asText()),
                detail.path("rootCause").asText("")));
      }
    }
    return errors;
  }
}
