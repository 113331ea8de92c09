package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class IntervalsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:17:42Z");

  @Test
  void intervalsAreStartEndStartDurationOrDurationEnd() {
    assertThat(Intervals.parse("2026-11-25T09:00:00Z/2026-11-25T10:00:00Z", NOW))
        .isEqualTo(
            new Intervals.Interval(
                Instant.parse("2026-11-25T09:00:00Z"), Instant.parse("2026-11-25T10:00:00Z")));
    assertThat(Intervals.parse("2026-11-25T09:00:00Z/PT30M", NOW).end())
        .isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
    assertThat(Intervals.parse("PT1H/now", NOW).start()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(Intervals.parse("PT1H/now-2m|m", NOW).end())
        .isEqualTo(Instant.parse("2026-11-25T10:15:00Z"));
  }

  @Test
  void badIntervalsAndGranularitiesAreRefusedWithTheRule() {
    assertThatThrownBy(() -> Intervals.parse("now/PT1H/x", NOW)).hasMessageContaining("start/end");
    assertThatThrownBy(() -> Intervals.parse("2026-11-25T10:00:00Z/2026-11-25T09:00:00Z", NOW))
        .hasMessageContaining("ends before it starts");
    assertThatThrownBy(() -> Intervals.parse("yesterday/now", NOW))
        .hasMessageContaining("not an ISO-8601 time");
    Intervals.Interval day = Intervals.parse("P1D/now", NOW);
    assertThatThrownBy(() -> Intervals.granularity("PT1M", day))
        .hasMessageContaining("only allowed for intervals up to PT6H");
    assertThat(Intervals.granularity("PT5M", day)).isEqualTo(Duration.ofMinutes(5));
    assertThat(Intervals.granularity("ALL", day)).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> Intervals.granularity("PT2M", day))
        .hasMessageContaining("granularity must be one of");
  }
}
