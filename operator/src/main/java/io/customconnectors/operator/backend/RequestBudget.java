package io.customconnectors.operator.backend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code limit} requests in any {@code period}, shared by everything that calls one API
 * from this process: Confluent's Metrics API admits 60 requests a minute per IP address, and the
 * operator keeps under that rather than learning it from 429s.
 */
public final class RequestBudget {

  private final int limit;
  private final Duration period;
  private final Clock clock;
  private final Deque<Instant> taken = new ArrayDeque<>();

  public RequestBudget(int limit, Duration period, Clock clock) {
    this.limit = limit;
    this.period = period;
    this.clock = clock;
  }

  /**
   * Takes {@code count} requests at once when the budget has them: zero. Otherwise takes none and
   * answers how long until it will have them.
   */
  public synchronized Duration take(int count) {
    Instant now = clock.instant();
    while (!taken.isEmpty() && !taken.peekFirst().plus(period).isAfter(now)) {
      taken.removeFirst();
    }
    if (count > limit) {
      throw new IllegalArgumentException(count + " requests can never fit a budget of " + limit);
    }
    int over = taken.size() + count - limit;
    if (over <= 0) {
      for (int i = 0; i < count; i++) {
        taken.addLast(now);
      }
      return Duration.ZERO;
    }
    Instant freed = taken.stream().skip(over - 1).findFirst().orElse(now).plus(period);
    return Duration.between(now, freed);
  }
}
