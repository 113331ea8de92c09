package io.customconnectors.testkit.ccloud;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each connector's log entries, the same ones {@link ConnectLogs} writes to its log topic, kept in
 * memory (the newest {@code capacity} per connector) for the log search API.
 */
final class LogBook {

  static final int DEFAULT_CAPACITY = 10_000;

  /** One entry; {@code sequence} orders entries with equal timestamps as they were written. */
  record Entry(
      long sequence,
      Instant timestamp,
      String level,
      String message,
      String taskId,
      String connectorId,
      String stacktrace) {}

  private final int capacity;
  private final Map<String, Deque<Entry>> byConnector = new HashMap<>();
  private long written;

  LogBook(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps an entry in the form ConnectLogs writes it: timestamp, level, message, ... */
  void add(String connectorId, Map<String, Object> entry) {
    Object exception = entry.get("exception");
    Object stacktrace = exception instanceof Map<?, ?> map ? map.get("stacktrace") : null;
    add(
        connectorId,
        Instant.parse((String) entry.get("timestamp")),
        (String) entry.get("level"),
        (String) entry.get("message"),
        (String) entry.get("task_id"),
        stacktrace == null || stacktrace.toString().isEmpty() ? null : stacktrace.toString());
  }

  synchronized void add(
      String connectorId,
      Instant timestamp,
      String level,
      String message,
      String taskId,
      String stacktrace) {
    Deque<Entry> entries = byConnector.computeIfAbsent(connectorId, id -> new ArrayDeque<>());
    entries.addLast(
        new Entry(written++, timestamp, level, message, taskId, connectorId, stacktrace));
    if (entries.size() > capacity) {
      entries.removeFirst();
    }
  }

  /** The connector's entries kept so far, oldest written first. */
  synchronized List<Entry> of(String connectorId) {
    return List.copyOf(byConnector.getOrDefault(connectorId, new ArrayDeque<>()));
  }
}
