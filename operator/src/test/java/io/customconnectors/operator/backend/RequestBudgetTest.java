package io.customconnectors.operator.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class RequestBudgetTest {

  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void sixtyAMinuteAndTheWaitUntilEnoughAreFreed() {
    RequestBudget budget = new RequestBudget(60, Duration.ofMinutes(1), clock);
    assertThat(budget.take(40)).isZero();
    now = now.plusSeconds(10);
    assertThat(budget.take(20)).isZero();
    // Full: 3 more need three of the first 40 to expire, 50 s from now.
    assertThat(budget.take(3)).isEqualTo(Duration.ofSeconds(50));
    now = now.plusSeconds(50);
    assertThat(budget.take(40)).isZero();
    assertThat(budget.take(1)).isEqualTo(Duration.ofSeconds(10));
  }
}
