package io.customconnectors.operator.backend;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.retry.Backoff;

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

  /** At most four attempts, none started after ten seconds; backoff from 200 ms. */
  public static Retrying standard() {
    return new Retrying(
        4,
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)),
        Duration.ofSeconds(10),
        duration -> Thread.sleep(duration.toMillis()));
  }

  /**
   * Calls until success, a failure retrying cannot help, {@code maxAttempts}, or the budget: no
   * retry starts whose wait would end more than the budget after the first call began (the calls'
   * own time counts).
   */
  public <T> T call(String action, Supplier<T> call) {
    long started = System.nanoTime();
    long slept = 0;
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
        long elapsed = Math.max((System.nanoTime() - started) / 1_000_000, slept);
        if (elapsed + wait > budget.toMillis()) {
          throw e;
        }
        // The kind and status only: a backend's message may quote the request, secrets included.
        log.debug(
            "{} failed ({}, {}), retry {} in {} ms", action, e.kind(), e.status(), attempt, wait);
        try {
          sleeper.sleep(Duration.ofMillis(wait));
          slept += wait;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
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
