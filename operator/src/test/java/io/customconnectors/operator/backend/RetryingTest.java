package io.customconnectors.operator.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.retry.Backoff;

class RetryingTest {

  private final List<Duration> waits = new ArrayList<>();
  private final Retrying retrying =
      new Retrying(
          4,
          new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)),
          Duration.ofSeconds(10),
          waits::add);

  @Test
  void retriableFailuresAreRetriedUpToTheAttemptLimit() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrying.call(
                    "list",
                    () -> {
                      calls.incrementAndGet();
                      throw new BackendException(503, "unavailable");
                    }))
        .hasMessage("unavailable");
    assertThat(calls.get()).isEqualTo(4);
    assertThat(waits).hasSize(3);
  }

  @Test
  void slowCallsUseUpTheBudgetToo() {
    Retrying withShortBudget =
        new Retrying(
            4,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
            Duration.ofMillis(100),
            waits::add);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                withShortBudget.call(
                    "list",
                    () -> {
                      calls.incrementAndGet();
                      try {
                        Thread.sleep(80);
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      throw new BackendException(0, "timed out");
                    }))
        .hasMessage("timed out");
    // 80 ms, a wait of at most 10 ms, 80 ms more: the budget of 100 ms is spent after two calls
    // (after one, when a loaded machine wakes the first late). Counting only the waits, all four
    // attempts would be made.
    assertThat(calls.get()).isBetween(1, 2);
  }

  @Test
  void permanentFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrying.call(
                    "put",
                    () -> {
                      calls.incrementAndGet();
                      throw new BackendException(400, "bad config");
                    }))
        .hasMessage("bad config");
    assertThat(calls.get()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void retryAfterIsHonouredWithinTheBudget() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        retrying.call(
            "list",
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new BackendException(429, "slow down", 3_000, null);
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aRetryAfterBeyondTheBudgetIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                retrying.call(
                    "list",
                    () -> {
                      throw new BackendException(429, "come back in a minute", 60_000, null);
                    }))
        .hasMessage("come back in a minute");
    assertThat(waits).isEmpty();
  }

  @Test
  void backoffGrowsToItsCapAndJitterStaysBelowIt() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.ceiling(500)).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ZERO);
  }
}
