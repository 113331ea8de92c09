package io.customconnectors.connect.dynamodb.support;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th wait is a random duration between zero and
 * min(cap, base * 2^n). Jitter spreads the retries of many tasks hitting the same throttled table
 * instead of letting them retry in lock-step.
 */
public final class Backoff {

  private final Duration base;
  private final Duration cap;
  private int attempt;

  public Backoff(Duration base, Duration cap) {
    this.base = base;
    this.cap = cap;
  }

  /** The next wait; grows with each call until {@link #reset()}. */
  public Duration next() {
    long ceiling = ceilingMillis(attempt++);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /** The upper bound of the n-th wait, overflow-safe. */
  long ceilingMillis(int n) {
    long baseMillis = Math.max(1, base.toMillis());
    if (n >= Long.numberOfLeadingZeros(baseMillis) - 1) {
      return cap.toMillis();
    }
    return Math.min(cap.toMillis(), baseMillis << n);
  }

  public int attempts() {
    return attempt;
  }

  public void reset() {
    attempt = 0;
  }
}
