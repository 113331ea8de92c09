package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.RecentError;
import io.customconnectors.operator.api.v1alpha1.TaskStatus;
import io.customconnectors.operator.backend.LogEntry;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.RemoteConnector.RemoteTask;

class ErrorReportTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String TARGET = "ccloud/lkc-1";

  static String recorded(String name) {
    try (InputStream in = ErrorReportTest.class.getResourceAsStream("/errors/" + name + ".trace")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RemoteConnector failing(String... traces) {
    List<RemoteTask> tasks = new ArrayList<>();
    for (int i = 0; i < traces.length; i++) {
      tasks.add(new RemoteTask(i, traces[i] == null ? "RUNNING" : "FAILED", "w", traces[i]));
    }
    return new RemoteConnector("orders", Map.of(), "RUNNING", "w", null, tasks, "source", "clcc-1");
  }

  private static Observation seen(RemoteConnector remote, Problem problem, String... secrets) {
    return new Observation(TARGET, "orders", remote, problem, true, "h", null, Set.of(secrets));
  }

  private static CustomConnectorStatus report(
      CustomConnectorStatus previous, RemoteConnector remote, Observation seen, Instant now) {
    CustomConnectorStatus status = new CustomConnectorStatus();
    status.setConditions(new ArrayList<>());
    return ErrorReport.apply(status, previous, remote, seen, 3, 1, now);
  }

  /** The status as the next reconcile sees it: this one's, with the tasks as they were. */
  private static CustomConnectorStatus after(CustomConnectorStatus status, RemoteConnector remote) {
    List<TaskStatus> tasks = new ArrayList<>();
    for (RemoteTask task : remote.tasks()) {
      TaskStatus entry = new TaskStatus();
      entry.setId(task.id());
      entry.setState(task.state());
      tasks.add(entry);
    }
    status.setTasks(tasks);
    status.setState(remote.state());
    return status;
  }

  @Test
  void aFailureSeenOnManyPollsIsOneOccurrenceAndTwoTasksFailingAlikeAreOneEntry() {
    String trace = recorded("network-streams-blocked");
    RemoteConnector remote = failing(trace, trace);
    CustomConnectorStatus first = after(report(null, remote, seen(remote, null), T0), remote);
    CustomConnectorStatus second =
        after(report(first, remote, seen(remote, null), T0.plusSeconds(10)), remote);
    assertThat(second.getRecentErrors()).hasSize(1);
    RecentError error = second.getRecentErrors().get(0);
    assertThat(error.getCount()).isEqualTo(2); // two tasks failed, once each
    assertThat(error.getFirstSeen()).isEqualTo(T0.toString());
    // The same failures, still there: nothing in the entry changes (no status write per poll).
    assertThat(error.getLastSeen()).isEqualTo(T0.toString());
    assertThat(second.getRecentErrors()).isEqualTo(first.getRecentErrors());
    assertThat(error.getHint())
        .isEqualTo(
            "Add streams.dynamodb.us-east-2.amazonaws.com:443 to spec.networking.endpoints (or set"
                + " spec.networking.deriveAwsEndpoints)");
    assertThat(Conditions.find(second.getConditions(), "LogErrors").getReason())
        .isEqualTo("NetworkUnreachable");
  }

  @Test
  void errorsAreRedactedBoundedNewestFirstAndKeptWhileTheConnectorCannotBeSeen() {
    String secret = "Supermarket_dynamodb";
    RemoteConnector remote = failing(recorded("network-streams-blocked"));
    CustomConnectorStatus status = report(null, remote, seen(remote, null, secret), T0);
    assertThat(status.getRecentErrors().get(0).getMessage())
        .doesNotContain(secret)
        .contains(Redaction.MASK);
    assertThat(Conditions.find(status.getConditions(), "LogErrors").getMessage())
        .doesNotContain(secret);

    CustomConnectorStatus previous = status;
    for (int i = 1; i <= 5; i++) {
      RemoteConnector other = failing("java.lang.IllegalStateException: failure number " + i);
      previous = report(previous, other, seen(other, null), T0.plusSeconds(i));
    }
    assertThat(previous.getRecentErrors())
        .extracting(RecentError::getMessage)
        .containsExactly(
            "java.lang.IllegalStateException: failure number 5",
            "java.lang.IllegalStateException: failure number 4",
            "java.lang.IllegalStateException: failure number 3");
    assertThat(previous.getRecentErrors().get(0).getClassification()).isEqualTo("Unknown");

    CustomConnectorStatus blocked =
        report(
            previous,
            null,
            seen(
                null,
                new Problem(
                    io.customconnectors.operator.api.v1alpha1.Reason.BackendUnreachable, "down")),
            T0.plusSeconds(60));
    assertThat(blocked.getRecentErrors()).isEqualTo(previous.getRecentErrors());
    assertThat(Conditions.find(blocked.getConditions(), "LogErrors"))
        .isEqualTo(Conditions.find(previous.getConditions(), "LogErrors"));
  }

  private static CustomConnectorStatus reportLogs(
      CustomConnectorStatus previous, List<LogEntry> entries, Instant now) {
    RemoteConnector healthy = failing((String) null);
    CustomConnectorStatus status = new CustomConnectorStatus();
    status.setConditions(new ArrayList<>());
    return ErrorReport.apply(
        status,
        previous,
        healthy,
        seen(healthy, null, "s3cr3t-value"),
        5,
        1,
        now,
        new ErrorReport.Logs(entries, Duration.ofSeconds(20)));
  }

  private static LogEntry logged(Instant at, String message, String trace) {
    return new LogEntry(at, "PodLog", 0, message, trace);
  }

  @Test
  void loggedErrorsCountOnceDatedWhenLoggedAndWhatStatusHoldsIsNotReadAgain() {
    String trace = recorded("network-streams-blocked");
    LogEntry first =
        logged(T0, "WorkerSourceTask{id=orders-0} Task threw an uncaught exception", trace);
    LogEntry generic = logged(T0.plusSeconds(1), "Something odd with s3cr3t-value", "");
    CustomConnectorStatus one = reportLogs(null, List.of(first, generic), T0.plusSeconds(5));

    assertThat(one.getLogsReadUntil())
        .containsExactly(Map.entry("PodLog", T0.plusSeconds(1).toString()));
    assertThat(one.getRecentErrors()).hasSize(2);
    RecentError network =
        one.getRecentErrors().stream()
            .filter(e -> e.getClassification().equals("NetworkUnreachable"))
            .findFirst()
            .orElseThrow();
    assertThat(network.getSource()).isEqualTo("PodLog task 0");
    assertThat(network.getFirstSeen()).isEqualTo(T0.toString());
    assertThat(network.getMessage())
        .startsWith(
            "org.apache.kafka.connect.errors.ConnectException: Cannot reach streams.dynamodb");
    assertThat(one.getRecentErrors())
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-value"));
    // The newest error is Unknown; the condition names the one the rules know.
    var condition = Conditions.find(one.getConditions(), ErrorReport.LOG_ERRORS);
    assertThat(condition.getReason()).isEqualTo("NetworkUnreachable");

    // The same entries again (a reader that started over): status already holds them.
    CustomConnectorStatus again = reportLogs(one, List.of(first, generic), T0.plusSeconds(10));
    assertThat(again.getRecentErrors())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(one.getRecentErrors());

    // A new occurrence counts, and moves lastSeen to when it was logged.
    LogEntry later = logged(T0.plusSeconds(12), first.message(), trace);
    CustomConnectorStatus three = reportLogs(again, List.of(later), T0.plusSeconds(15));
    RecentError counted =
        three.getRecentErrors().stream()
            .filter(e -> e.getClassification().equals("NetworkUnreachable"))
            .findFirst()
            .orElseThrow();
    assertThat(counted.getCount()).isEqualTo(2);
    assertThat(counted.getLastSeen()).isEqualTo(T0.plusSeconds(12).toString());

    // Nothing logged for the window (20 s): the condition goes; the errors stay listed.
    CustomConnectorStatus quiet = reportLogs(three, List.of(), T0.plusSeconds(33));
    assertThat(Conditions.find(quiet.getConditions(), ErrorReport.LOG_ERRORS)).isNull();
    assertThat(quiet.getRecentErrors()).hasSize(2);
    assertThat(ErrorReport.logErrorsLastFor(three, Duration.ofSeconds(20), T0.plusSeconds(15)))
        .contains(Duration.ofSeconds(17));
  }
}
