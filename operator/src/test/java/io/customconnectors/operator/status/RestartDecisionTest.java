package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.customconnectors.operator.api.v1alpha1.RestartPolicy;
import io.customconnectors.operator.api.v1alpha1.RestartPolicyType;
import io.customconnectors.operator.api.v1alpha1.RestartStatus;

class RestartDecisionTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private static RestartPolicy policy(int max, int initial, int cap, int reset) {
    RestartPolicy policy = new RestartPolicy();
    policy.setMaxRestarts(max);
    policy.setInitialDelaySeconds(initial);
    policy.setMaxDelaySeconds(cap);
    policy.setResetAfterSeconds(reset);
    return policy;
  }

  private static RestartStatus restarts(int count, Instant last) {
    RestartStatus status = new RestartStatus();
    status.setCount(count);
    status.setLastRestartTime(last == null ? null : last.toString());
    return status;
  }

  @ParameterizedTest(name = "restart {0}: {1} s")
  @CsvSource({"1, 30", "2, 60", "3, 120", "4, 240", "6, 960", "7, 1800", "40, 1800"})
  void delaysDoubleFromTheInitialDelayUpToTheCap(int number, long seconds) {
    assertThat(RestartDecision.delay(policy(100, 30, 1800, 3600), number))
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void theFirstRestartWaitsTheInitialDelayAfterTheFailure() {
    RestartPolicy policy = policy(3, 30, 300, 3600);
    RestartDecision early = RestartDecision.decide(policy, null, NOW.minusSeconds(10), null, NOW);
    assertThat(early.action()).isEqualTo(RestartDecision.Action.WAIT);
    assertThat(early.nextRestart()).isEqualTo(NOW.plusSeconds(20));
    assertThat(early.toStatus().getNextRestartTime()).isEqualTo(NOW.plusSeconds(20).toString());

    RestartDecision due = RestartDecision.decide(policy, null, NOW.minusSeconds(30), null, NOW);
    assertThat(due.action()).isEqualTo(RestartDecision.Action.RESTART_NOW);
    assertThat(due.count()).isEqualTo(1);
    assertThat(due.lastRestart()).isEqualTo(NOW);
  }

  @Test
  void laterRestartsCountFromThePreviousRestart() {
    RestartPolicy policy = policy(3, 30, 300, 3600);
    Instant last = NOW.minusSeconds(59);
    RestartDecision waiting =
        RestartDecision.decide(policy, restarts(1, last), NOW.minusSeconds(5), null, NOW);
    assertThat(waiting.action()).isEqualTo(RestartDecision.Action.WAIT);
    assertThat(waiting.nextRestart()).isEqualTo(last.plusSeconds(60));
    RestartDecision due =
        RestartDecision.decide(
            policy, restarts(1, NOW.minusSeconds(60)), NOW.minusSeconds(5), null, NOW);
    assertThat(due.action()).isEqualTo(RestartDecision.Action.RESTART_NOW);
    assertThat(due.count()).isEqualTo(2);
  }

  @Test
  void afterMaxRestartsTheOperatorGivesUp() {
    RestartDecision decision =
        RestartDecision.decide(
            policy(3, 30, 300, 3600),
            restarts(3, NOW.minusSeconds(9999)),
            NOW.minusSeconds(5),
            null,
            NOW);
    assertThat(decision.action()).isEqualTo(RestartDecision.Action.GIVE_UP);
    assertThat(decision.count()).isEqualTo(3);
  }

  @Test
  void neverMeansNoRestart() {
    RestartPolicy never = policy(3, 1, 1, 1);
    never.setType(RestartPolicyType.NEVER);
    assertThat(RestartDecision.decide(never, null, NOW.minusSeconds(60), null, NOW).action())
        .isEqualTo(RestartDecision.Action.NONE);
  }

  @Test
  void theCountStartsAgainAfterHealthyRunningForResetAfter() {
    RestartPolicy policy = policy(3, 30, 300, 600);
    RestartDecision stillCounting =
        RestartDecision.decide(
            policy, restarts(2, NOW.minusSeconds(900)), null, NOW.minusSeconds(599), NOW);
    assertThat(stillCounting.count()).isEqualTo(2);
    RestartDecision reset =
        RestartDecision.decide(
            policy, restarts(2, NOW.minusSeconds(900)), null, NOW.minusSeconds(600), NOW);
    assertThat(reset.count()).isZero();
    assertThat(reset.toStatus()).isNull();
  }

  @Test
  void defaultsApplyWithoutAPolicy() {
    RestartDecision decision = RestartDecision.decide(null, null, NOW.minusSeconds(30), null, NOW);
    assertThat(decision.action()).isEqualTo(RestartDecision.Action.RESTART_NOW);
    assertThat(RestartDecision.delay(null, 100)).isEqualTo(Duration.ofSeconds(1800));
  }
}
