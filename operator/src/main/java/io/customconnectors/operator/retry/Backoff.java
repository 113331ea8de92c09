package io.customconnectors.operator.retry;

import java.time.Duration;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} is uniformly random between
 * zero and {@code min(cap, initial * 2^(n-1))}. The jitter matters because an operator retries for
 * many resources at once: without it they would all hit a recovering backend in the same instant.
 */
public record Backoff(Duration initial, Duration cap) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= cap, got " + initial + ", " + cap);
    }
  }

  /** The longest wait before retry {@code attempt} (1 = first retry), before jitter. */
  public Duration ceiling(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 62));
    long millis = initial.toMillis();
    for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, cap.toMillis()));
  }

  /** The wait before retry {@code attempt}, given a uniform random number in [0, 1). */
  public Duration delay(int attempt, double random) {
    return Duration.ofMillis((long) (ceiling(attempt).toMillis() * random));
  }
}
