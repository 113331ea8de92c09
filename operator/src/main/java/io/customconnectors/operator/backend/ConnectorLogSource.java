package io.customconnectors.operator.backend;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where connectors' logged errors are read: a log topic, Confluent's log search API, the log events
 * topic, worker pods' logs. An instance serves one place; it reads by time, so a reader that starts
 * again (an operator restart) goes on from where the status says it was, and reports nothing twice.
 */
public interface ConnectorLogSource {

  /** What the source is, as its entries name it: LogTopic, LogEvent, LogSearch or PodLog. */
  String kind();

  /**
   * Errors logged by these connectors after {@code after} (per connector name, exclusive), oldest
   * first, at most {@code limit} per connector, by connector name; connectors with none are left
   * out. Throws {@link BackendException}.
   */
  Map<String, List<LogEntry>> errors(
      Collection<RemoteConnector> connectors, Map<String, Instant> after, int limit);
}
