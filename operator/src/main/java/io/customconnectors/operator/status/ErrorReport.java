package io.customconnectors.operator.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.api.v1alpha1.RecentError;
import io.customconnectors.operator.backend.LogEntry;
import io.customconnectors.operator.backend.RemoteConnector;

/**
 * The errors a connector reports, classified with a fix ({@link ErrorRules}): {@code
 * status.recentErrors} (deduplicated, counted, newest first, bounded, redacted) and the {@code
 * LogErrors} condition, present while errors are reported, whose reason is the newest error's kind
 * and whose message is its fix and its first line. Ready, when it is False because the connector or
 * tasks failed, gets the fix too. A pure function of the previous status and what was observed.
 */
public final class ErrorReport {

  public static final String LOG_ERRORS = "LogErrors";

  /** Where an error was seen. */
  static final String CONNECTOR_TRACE = "ConnectorTrace";

  static final String TASK_TRACE = "TaskTrace";

  /** How many errors status keeps when spec.observability does not say. */
  public static final int DEFAULT_LIMIT = 10;

  /**
   * An error seen now: its source, first line, and whether it is a new occurrence (the task or
   * connector had not failed that way at the previous look).
   */
  record Seen(
      String source,
      String message,
      String classifiedText,
      boolean fresh,
      Instant at,
      ErrorRules.Classified known) {

    Seen(String source, String message, boolean fresh) {
      this(source, message, message, fresh, null, null);
    }

    ErrorRules.Classified classified(ErrorRules.Target target) {
      return known != null ? known : ErrorRules.classify(classifiedText, target);
    }
  }

  /**
   * Errors read from the connector's logs since status.logsReadUntil, and how long one keeps
   * LogErrors True after it was logged.
   */
  public record Logs(List<LogEntry> entries, Duration window) {

    public static final Logs NONE = new Logs(List.of(), Duration.ZERO);
  }

  private ErrorReport() {}

  /**
   * The status with recentErrors and LogErrors from what {@code remote} reports now; {@code
   * previous} is the status before this reconcile. Without a look at the connector (blocked), the
   * previous errors and condition stay.
   */
  public static CustomConnectorStatus apply(
      CustomConnectorStatus status,
      CustomConnectorStatus previous,
      RemoteConnector remote,
      Observation observation,
      int limit,
      long generation,
      Instant now) {
    return apply(status, previous, remote, observation, limit, generation, now, Logs.NONE);
  }

  /**
   * The same, with errors read from logs: each is an occurrence of its own, dated when it was
   * logged; LogErrors stays True for {@code logs.window()} after the newest of them.
   */
  public static CustomConnectorStatus apply(
      CustomConnectorStatus status,
      CustomConnectorStatus previous,
      RemoteConnector remote,
      Observation observation,
      int limit,
      long generation,
      Instant now,
      Logs logs) {
    status.setLogsReadUntil(
        previous == null || previous.getLogsReadUntil() == null
            ? null
            : new java.util.TreeMap<>(previous.getLogsReadUntil()));
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition before =
        previous == null ? null : Conditions.find(previous.getConditions(), LOG_ERRORS);
    conditions.removeIf(c -> c.getType().equals(LOG_ERRORS));
    if (remote == null || observation.problem() != null) {
      if (before != null) {
        conditions.add(before);
      }
      if (previous != null) {
        status.setRecentErrors(previous.getRecentErrors());
      }
      status.setConditions(conditions);
      return status;
    }
    ErrorRules.Target target =
        ConnectorStatusCalculator.onConfluentCloud(observation)
            ? ErrorRules.Target.CONFLUENT_CLOUD
            : ErrorRules.Target.KAFKA_CONNECT;
    List<Seen> seen = seen(remote, previous);
    List<Seen> logged = logged(logs.entries(), status.getLogsReadUntil());
    List<Seen> all = new ArrayList<>(seen);
    all.addAll(logged);
    status.setRecentErrors(
        merge(
            previous == null ? List.of() : previous.getRecentErrors(),
            all,
            target,
            observation,
            limit,
            now));
    Map<String, String> readUntil =
        status.getLogsReadUntil() == null ? new java.util.TreeMap<>() : status.getLogsReadUntil();
    for (LogEntry entry : logs.entries()) {
      String until = readUntil.get(entry.source());
      if (until == null || entry.at().isAfter(Instant.parse(until))) {
        readUntil.put(entry.source(), entry.at().toString());
      }
    }
    status.setLogsReadUntil(readUntil.isEmpty() ? null : readUntil);
    // The condition names the most telling error: the connector's own failure first, then the
    // newest logged one; one the rules know beats an Unknown ("Task threw an uncaught exception").
    List<Seen> current = new ArrayList<>(seen);
    current.addAll(loggedWithin(status, logs.window(), now));
    Seen newest =
        current.stream()
            .filter(error -> error.classified(target).reason() != Reason.Unknown)
            .findFirst()
            .orElse(current.isEmpty() ? null : current.get(0));
    if (newest != null) {
      String message = redact(newest.message(), observation);
      ErrorRules.Classified classified = newest.classified(target);
      conditions.add(
          Conditions.of(
              LOG_ERRORS,
              true,
              classified.reason(),
              classified.hint() + ". " + newest.source() + ": " + message,
              generation));
      withFix(conditions, classified.hint());
    }
    status.setConditions(
        Conditions.carryOver(previous == null ? null : previous.getConditions(), conditions, now));
    return status;
  }

  /** Log entries not recorded yet (after their source's status.logsReadUntil), newest first. */
  static List<Seen> logged(List<LogEntry> entries, Map<String, String> readUntil) {
    java.util.function.Function<LogEntry, Instant> recorded =
        entry ->
            readUntil == null || readUntil.get(entry.source()) == null
                ? Instant.EPOCH
                : Instant.parse(readUntil.get(entry.source()));
    // One line read from two sources (the log topic and the search API) is one occurrence.
    Map<String, LogEntry> distinct = new LinkedHashMap<>();
    entries.forEach(entry -> distinct.putIfAbsent(entry.at() + "|" + entry.message(), entry));
    return distinct.values().stream()
        .filter(entry -> entry.at().isAfter(recorded.apply(entry)))
        .sorted(Comparator.comparing(LogEntry::at).reversed())
        .map(
            entry -> {
              // With an exception, the exception says what went wrong ("Task threw an uncaught
              // exception" does not), and matches the task's trace in status when it failed.
              String headline = Traces.headline(entry.trace());
              String message = headline.isBlank() ? entry.message() : headline;
              return new Seen(
                  entry.source() + (entry.task() == null ? "" : " task " + entry.task()),
                  message,
                  entry.message() + "\n" + entry.trace(),
                  true,
                  entry.at(),
                  null);
            })
        .toList();
  }

  /** Errors from logs still within the window, newest first. */
  private static List<Seen> loggedWithin(
      CustomConnectorStatus status, Duration window, Instant now) {
    return status.getRecentErrors().stream()
        .filter(
            e -> e.getSource() != null && LOG_SOURCES.stream().anyMatch(e.getSource()::startsWith))
        .filter(e -> e.getLastSeen() != null)
        .filter(e -> !Instant.parse(e.getLastSeen()).plus(window).isBefore(now))
        .map(
            e ->
                new Seen(
                    e.getSource(),
                    e.getMessage(),
                    e.getMessage(),
                    false,
                    null,
                    new ErrorRules.Classified(Reason.valueOf(e.getClassification()), e.getHint())))
        .toList();
  }

  private static final List<String> LOG_SOURCES =
      List.of("LogTopic", "LogSearch", "LogEvent", "PodLog");

  /** How long after its newest log error the connector's LogErrors stays True; empty when none. */
  public static java.util.Optional<Duration> logErrorsLastFor(
      CustomConnectorStatus status, Duration window, Instant now) {
    return status.getRecentErrors().stream()
        .filter(
            e -> e.getSource() != null && LOG_SOURCES.stream().anyMatch(e.getSource()::startsWith))
        .filter(e -> e.getLastSeen() != null)
        .map(e -> Duration.between(now, Instant.parse(e.getLastSeen()).plus(window)))
        .filter(left -> !left.isNegative())
        .findFirst();
  }

  /** The connector's own failure first, then its failed tasks'. */
  static List<Seen> seen(RemoteConnector remote, CustomConnectorStatus previous) {
    List<Seen> seen = new ArrayList<>();
    if (remote.state().equals("FAILED")) {
      String message =
          remote.errors().isEmpty()
              ? Traces.headline(remote.trace())
              : String.join("; ", remote.errors());
      boolean failedBefore = previous != null && "FAILED".equals(previous.getState());
      if (!message.isBlank()) {
        seen.add(new Seen(CONNECTOR_TRACE, message, !failedBefore));
      }
    }
    for (RemoteConnector.RemoteTask task : remote.tasks()) {
      if (!task.state().equals("FAILED")) {
        continue;
      }
      String message = Traces.headline(task.trace());
      if (message.isBlank()) {
        continue;
      }
      boolean failedBefore =
          previous != null
              && previous.getTasks() != null
              && previous.getTasks().stream()
                  .anyMatch(t -> t.getId() == task.id() && "FAILED".equals(t.getState()));
      seen.add(new Seen(TASK_TRACE + " " + task.id(), message, !failedBefore));
    }
    return seen;
  }

  private static List<RecentError> merge(
      List<RecentError> previous,
      List<Seen> seen,
      ErrorRules.Target target,
      Observation observation,
      int limit,
      Instant now) {
    Map<String, RecentError> byKey = new LinkedHashMap<>();
    for (RecentError error : previous == null ? List.<RecentError>of() : previous) {
      byKey.put(key(error.getClassification(), error.getMessage()), copy(error));
    }
    for (Seen error : seen) {
      String message = redact(error.message(), observation);
      ErrorRules.Classified classified = ErrorRules.classify(error.classifiedText(), target);
      String key = key(classified.reason().name(), message);
      RecentError entry = byKey.get(key);
      if (entry == null) {
        entry = new RecentError();
        entry.setFirstSeen(now.toString());
        entry.setClassification(classified.reason().name());
        entry.setMessage(message);
        entry.setHint(classified.hint());
        entry.setCount(0);
        byKey.put(key, entry);
      }
      // One failure seen on many polls is one occurrence; a failure after a restart is another.
      // Only a new occurrence changes the entry: a failure that persists is not a status write
      // per poll.
      if (error.fresh() || entry.getCount() == 0) {
        Instant at = error.at() == null ? now : error.at();
        entry.setCount(entry.getCount() + 1);
        entry.setSource(error.source());
        if (entry.getLastSeen() == null || at.isAfter(Instant.parse(entry.getLastSeen()))) {
          entry.setLastSeen(at.toString());
        }
        if (at.isBefore(Instant.parse(entry.getFirstSeen()))) {
          entry.setFirstSeen(at.toString());
        }
      }
    }
    return byKey.values().stream()
        .sorted(
            Comparator.comparing(
                    (RecentError e) ->
                        e.getLastSeen() == null ? Instant.EPOCH : Instant.parse(e.getLastSeen()))
                .reversed())
        .limit(limit)
        .toList();
  }

  /** Ready=False for a failure names the fix too. */
  private static void withFix(List<Condition> conditions, String hint) {
    Condition ready = Conditions.find(conditions, ConnectorStatusCalculator.READY);
    if (ready == null || ready.getStatus().name().equals("TRUE")) {
      return;
    }
    if (Objects.equals(ready.getReason(), Reason.ConnectorFailed.name())
        || Objects.equals(ready.getReason(), Reason.TasksFailed.name())
        || Objects.equals(ready.getReason(), Reason.RestartLimitReached.name())) {
      ready.setMessage(ready.getMessage() + ". Fix: " + hint);
    }
  }

  private static String key(String classification, String message) {
    return classification + "|" + message;
  }

  private static RecentError copy(RecentError error) {
    RecentError copy = new RecentError();
    copy.setFirstSeen(error.getFirstSeen());
    copy.setLastSeen(error.getLastSeen());
    copy.setSource(error.getSource());
    copy.setClassification(error.getClassification());
    copy.setMessage(error.getMessage());
    copy.setHint(error.getHint());
    copy.setCount(error.getCount() == null ? 0 : error.getCount());
    return copy;
  }

  private static String redact(String text, Observation observation) {
    return Redaction.redact(text, observation.secrets());
  }
}
