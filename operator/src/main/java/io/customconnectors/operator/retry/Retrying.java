package io.customconnectors.operator.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.backend.BackendException;

/**
 * The one place backend calls are retried: only failures whose {@link BackendException.Kind} is
 * retriable (unreachable, 409 while Kafka Connect rebalances, 429, 5xx), a few times within a short
 * budget, waiting as long as {@code Retry-After} asks (up to the budget). Longer outages are not
 * waited out here but surface to the reconciler, which reports them in status and is retried later.
 */
public final class Retrying {

  /** How a thread waits; tests pass one that records instead of sleeping. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(Retrying.class);

  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration budget;
  private final Sleeper sleeper;

  public Retrying(int maxAttempts, Backoff backoff, Duration budget, Sleeper sleeper) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.budget = budget;
    this.sleeper = sleeper;
  }

  /** Four attempts within ten seconds, backoff from 200 ms. */
  public static Retrying standard() {
    return new Retrying(
        4,
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)),
        Duration.ofSeconds(10),
        duration -> Thread.sleep(duration.toMillis()));
  }

  public <T> T call(String action, Supplier<T> call) {
    long waited = 0;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (BackendException e) {
        if (!e.retriable() || attempt >= maxAttempts) {
          throw e;
        }
        long wait =
            Math.max(
                e.retryAfterMillis(),
                backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()).toMillis());
        if (waited + wait > budget.toMillis()) {
          throw e;
        }
        log.debug("{} failed ({}), retry {} in {} ms", action, e.getMessage(), attempt, wait);
        try {
          sleeper.sleep(Duration.ofMillis(wait));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        waited += wait;
      }
    }
  }

  public void run(String action, Runnable call) {
    call(
        action,
        () -> {
          call.run();
          return null;
        });
  }
}
