package io.customconnectors.connect.dynamodb.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20));

  @ParameterizedTest(name = "attempt {0} waits at most {1} ms")
  @CsvSource({"0, 100", "1, 200", "3, 800", "7, 12800", "8, 20000", "60, 20000", "1000, 20000"})
  void ceilingDoublesUntilTheCap(int attempt, long ceiling) {
    assertThat(backoff.ceilingMillis(attempt)).isEqualTo(ceiling);
  }

  @ParameterizedTest(name = "attempt {0}")
  @CsvSource({"0", "5", "100"})
  void waitsAreJitteredBelowTheCeiling(int attempts) {
    for (int i = 0; i < attempts; i++) {
      backoff.next();
    }
    for (int i = 0; i < 50; i++) {
      long ceiling = backoff.ceilingMillis(backoff.attempts());
      assertThat(backoff.next().toMillis()).isBetween(0L, ceiling);
    }
  }
}
