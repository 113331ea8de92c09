package io.customconnectors.testkit.ccloud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Faults tests can inject into the emulator's API: rate limiting (429 with {@code Retry-After} and
 * {@code X-RateLimit-*}), server errors, latency, and 403 where Confluent sometimes answers 403
 * instead of 404. Out-of-band changes to connectors live on {@link ConfluentCloudEmulator}.
 */
public final class Faults {

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private volatile boolean forbiddenInsteadOfNotFound;
  private final Set<String> droppedOnRead = ConcurrentHashMap.newKeySet();
  private volatile Duration tasksMisreportedFor = Duration.ZERO;
  private volatile String misreportedTaskState;

  /** One injected behaviour for requests whose method and path match. */
  public static final class Rule {
    final String method;
    final Pattern path;
    final int status;
    final Duration retryAfter;
    final Duration latency;
    final AtomicInteger remaining;

    Rule(
        String method,
        String pathRegex,
        int status,
        Duration retryAfter,
        Duration latency,
        int times) {
      this.method = method;
      this.path = Pattern.compile(pathRegex);
      this.status = status;
      this.retryAfter = retryAfter;
      this.latency = latency;
      this.remaining = new AtomicInteger(times);
    }

    boolean matches(String requestMethod, String requestPath) {
      return (method == null || method.equals(requestMethod)) && path.matcher(requestPath).find();
    }
  }

  /** The next {@code times} matching requests get 429 with {@code Retry-After: retryAfter}. */
  public Faults rateLimit(String method, String pathRegex, int times, Duration retryAfter) {
    rules.add(new Rule(method, pathRegex, 429, retryAfter, Duration.ZERO, times));
    return this;
  }

  /** The next {@code times} matching requests fail with {@code status} (500, 503, ...). */
  public Faults fail(String method, String pathRegex, int status, int times) {
    rules.add(new Rule(method, pathRegex, status, Duration.ZERO, Duration.ZERO, times));
    return this;
  }

  /** Matching requests are delayed by {@code latency}, {@code times} times. */
  public Faults delay(String method, String pathRegex, Duration latency, int times) {
    rules.add(new Rule(method, pathRegex, 0, Duration.ZERO, latency, times));
    return this;
  }

  /**
   * Connector configs are read back without {@code key}, though it is stored and used: a service
   * that does not echo a key it was sent (the operator must notice, not PUT on every poll).
   */
  public Faults dropOnRead(String key) {
    droppedOnRead.add(key);
    return this;
  }

  /**
   * For {@code window} after a connector is first reported RUNNING, it lists its tasks as the real
   * service sometimes does: not at all ({@code taskState} null: {@code tasks: []}), or in {@code
   * taskState} (e.g. STOPPED).
   */
  public Faults tasksMisreported(Duration window, String taskState) {
    tasksMisreportedFor = window;
    misreportedTaskState = taskState;
    return this;
  }

  /** Answers 403 (not found or unauthorized) wherever the API would answer 404. */
  public Faults forbiddenInsteadOfNotFound(boolean enabled) {
    this.forbiddenInsteadOfNotFound = enabled;
    return this;
  }

  public void clear() {
    rules.clear();
    droppedOnRead.clear();
    tasksMisreportedFor = Duration.ZERO;
    misreportedTaskState = null;
    forbiddenInsteadOfNotFound = false;
  }

  /** The rules that apply to a request, each used up once. */
  List<Rule> take(String method, String path) {
    return rules.stream()
        .filter(rule -> rule.matches(method, path))
        .filter(rule -> rule.remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0)
        .toList();
  }

  Optional<Rule> firstFailure(List<Rule> applying) {
    return applying.stream().filter(rule -> rule.status != 0).findFirst();
  }

  /** A connector's config as the API answers it, without the keys it is told to drop. */
  Map<String, String> asRead(Map<String, String> config) {
    config.keySet().removeAll(droppedOnRead);
    return config;
  }

  /** A status as the API reports it at {@code now}, for a connector RUNNING since {@code since}. */
  ConnectorRuntime.Status asReported(ConnectorRuntime.Status status, Instant since, Instant now) {
    if (!status.state().equals("RUNNING")
        || since == null
        || !now.isBefore(since.plus(tasksMisreportedFor))) {
      return status;
    }
    String state = misreportedTaskState;
    return new ConnectorRuntime.Status(
        status.state(),
        status.trace(),
        state == null
            ? List.of()
            : status.tasks().stream()
                .map(t -> new ConnectorRuntime.TaskState(t.id(), state, ""))
                .toList());
  }

  boolean forbiddenInsteadOfNotFound() {
    return forbiddenInsteadOfNotFound;
  }
}
