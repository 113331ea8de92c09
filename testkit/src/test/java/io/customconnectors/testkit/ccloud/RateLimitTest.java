package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RateLimitTest {

  private final ManualClock clock = new ManualClock();
  private final RateLimit limit = new RateLimit(60, Duration.ofMinutes(1), clock);

  @Test
  void theSixtyFirstRequestInAMinuteIsRefusedUntilTheFirstLeavesTheWindow() {
    for (int i = 0; i < 60; i++) {
      RateLimit.Verdict verdict = limit.admit("10.0.0.1");
      assertThat(verdict.admitted()).as("request %d", i + 1).isTrue();
      assertThat(verdict.remaining()).isEqualTo(59 - i);
      clock.advance(Duration.ofMillis(500));
    }
    // 30 s after the first request.
    RateLimit.Verdict refused = limit.admit("10.0.0.1");
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(refused.reset()).isEqualTo(Duration.ofMillis(59_500));

    clock.advance(Duration.ofMillis(29_999));
    assertThat(limit.admit("10.0.0.1").admitted()).as("one millisecond early").isFalse();
    clock.advance(Duration.ofMillis(1));
    RateLimit.Verdict admitted = limit.admit("10.0.0.1");
    assertThat(admitted.admitted()).isTrue();
    assertThat(admitted.remaining()).isZero();
    assertThat(limit.admit("10.0.0.1").admitted()).as("only one left the window").isFalse();
  }

  @Test
  void refusedRequestsDoNotCountAndAQuietMinuteRestoresTheBudget() {
    for (int i = 0; i < 60; i++) {
      limit.admit("10.0.0.1");
    }
    for (int i = 0; i < 100; i++) {
      assertThat(limit.admit("10.0.0.1").admitted()).isFalse();
    }
    clock.advance(Duration.ofMinutes(1));
    RateLimit.Verdict verdict = limit.admit("10.0.0.1");
    assertThat(verdict.admitted()).isTrue();
    assertThat(verdict.remaining()).isEqualTo(59);
  }

  @Test
  void eachIpAddressHasItsOwnBudget() {
    for (int i = 0; i < 60; i++) {
      limit.admit("10.0.0.1");
    }
    assertThat(limit.admit("10.0.0.1").admitted()).isFalse();
    assertThat(limit.admit("10.0.0.2").admitted()).isTrue();
    assertThat(limit.admit("10.0.0.2").remaining()).isEqualTo(58);
  }

  @Test
  void aLoweredLimitWaitsForEnoughRequestsToLeave() {
    for (int i = 0; i < 10; i++) {
      limit.admit("10.0.0.1");
      clock.advance(Duration.ofSeconds(1));
    }
    limit.limit(5);
    RateLimit.Verdict refused = limit.admit("10.0.0.1");
    assertThat(refused.admitted()).isFalse();
    // The sixth request (sent at 5 s) must leave the window, at 65 s; it is now 10 s.
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(55));
  }

  @Test
  void headersGiveWholeSecondsRoundedUpAndRetryAfterOnlyOnRefusal() {
    RateLimit small = new RateLimit(1, Duration.ofMinutes(1), clock);
    Reply admitted = small.admit("10.0.0.1").annotate(Reply.empty(200));
    assertThat(admitted.headers())
        .containsEntry("X-RateLimit-Limit", "1")
        .containsEntry("X-RateLimit-Remaining", "0")
        .containsEntry("X-RateLimit-Reset", "60")
        .doesNotContainKey("Retry-After");
    clock.advance(Duration.ofMillis(20_500));
    Reply refused = small.admit("10.0.0.1").annotate(Reply.empty(429));
    assertThat(refused.headers())
        .containsEntry("Retry-After", "40")
        .containsEntry("X-RateLimit-Remaining", "0")
        .containsEntry("X-RateLimit-Reset", "40");
  }

  /** A clock tests move by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
