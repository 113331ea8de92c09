package io.customconnectors.testkit.ccloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A request budget per client over a sliding window, like the Metrics API's global limit of 60
 * requests per IP address per minute (reference: ccloud-api.md 1.4 and 5). A request is admitted
 * when fewer than {@code limit} requests of its client were admitted in the window before it;
 * refused requests do not count, so a client that keeps asking gets in once its oldest request
 * leaves the window.
 */
final class RateLimit {

  private final Clock clock;
  private final Duration window;
  private final Map<String, Deque<Instant>> admitted = new HashMap<>();
  private int limit;

  RateLimit(int limit, Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
    limit(limit);
  }

  synchronized void limit(int requests) {
    if (requests < 1) {
      throw new IllegalArgumentException("a rate limit admits at least one request: " + requests);
    }
    this.limit = requests;
  }

  /** Admits the client's request or refuses it; either way counts nothing else. */
  synchronized Verdict admit(String client) {
    Instant now = clock.instant();
    Deque<Instant> times = admitted.computeIfAbsent(client, c -> new ArrayDeque<>());
    while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
      times.removeFirst();
    }
    if (times.size() >= limit) {
      // After a lowered limit more than one request may have to leave the window first.
      Instant freed = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
      Duration retryAfter = Duration.between(now, freed.plus(window));
      return new Verdict(
          false, limit, 0, Duration.between(now, times.peekLast().plus(window)), retryAfter);
    }
    times.addLast(now);
    return new Verdict(true, limit, limit - times.size(), window, Duration.ZERO);
  }

  /**
   * What the limiter decided: {@code reset} is when the client's whole budget is back (its newest
   * request leaves the window), {@code retryAfter} when a refused request would be admitted.
   */
  record Verdict(boolean admitted, int limit, int remaining, Duration reset, Duration retryAfter) {

    /** The reply with {@code X-RateLimit-*} headers in seconds, and {@code Retry-After} on 429. */
    Reply annotate(Reply reply) {
      Reply annotated =
          reply
              .withHeader("X-RateLimit-Limit", Integer.toString(limit))
              .withHeader("X-RateLimit-Remaining", Integer.toString(remaining))
              .withHeader("X-RateLimit-Reset", Long.toString(seconds(reset)));
      return admitted
          ? annotated
          : annotated.withHeader("Retry-After", Long.toString(seconds(retryAfter)));
    }

    /** Whole seconds, rounded up: a client that waits this long is not early. */
    static long seconds(Duration duration) {
      long seconds = duration.getSeconds();
      return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
  }
}
