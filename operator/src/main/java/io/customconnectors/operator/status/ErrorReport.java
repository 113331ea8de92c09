package io.customconnectors.operator.status;

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
  record Seen(String source, String message, boolean fresh) {}

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
    status.setRecentErrors(
        merge(
            previous == null ? List.of() : previous.getRecentErrors(),
            seen,
            target,
            observation,
            limit,
            now));
    if (!seen.isEmpty()) {
      Seen newest = seen.get(0);
      String message = redact(newest.message(), observation);
      ErrorRules.Classified classified = ErrorRules.classify(newest.message(), target);
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
      ErrorRules.Classified classified = ErrorRules.classify(error.message(), target);
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
        entry.setCount(entry.getCount() + 1);
        entry.setSource(error.source());
        entry.setLastSeen(now.toString());
      }
    }
    return byKey.values().stream()
        .sorted(
            Comparator.comparing((RecentError e) -> e.getLastSeen() == null ? "" : e.getLastSeen())
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
