package io.customconnectors.operator.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.RestartPolicy;
import io.customconnectors.operator.api.v1alpha1.RestartPolicyType;
import io.customconnectors.operator.api.v1alpha1.RestartStatus;
import io.customconnectors.operator.backend.RemoteConnector;

/**
 * What spec.restartPolicy says to do about a connector now: restart it, wait until a time, give up,
 * or nothing. The delay before restart {@code k} in a row is {@code initialDelay * 2^(k-1)}, capped
 * at {@code maxDelay}, counted from the failure for the first restart and from the previous restart
 * after that; the count starts again once the connector has run healthy for {@code resetAfter}.
 */
public record RestartDecision(Action action, int count, Instant lastRestart, Instant nextRestart) {

  /** The four outcomes. */
  public enum Action {
    NONE,
    RESTART_NOW,
    WAIT,
    GIVE_UP
  }

  /**
   * @param failedSince when the current failure was first seen, or null when nothing has failed
   * @param healthySince since when the connector runs healthy, or null when it does not
   */
  public static RestartDecision decide(
      RestartPolicy policy,
      RestartStatus previous,
      Instant failedSince,
      Instant healthySince,
      Instant now) {
    Settings settings = Settings.of(policy);
    int count = previous == null || previous.getCount() == null ? 0 : previous.getCount();
    Instant last =
        previous == null || previous.getLastRestartTime() == null
            ? null
            : Instant.parse(previous.getLastRestartTime());
    if (failedSince == null) {
      boolean healed = healthySince != null && !healthySince.plus(settings.resetAfter).isAfter(now);
      return new RestartDecision(Action.NONE, healed ? 0 : count, healed ? null : last, null);
    }
    if (!settings.onFailure) {
      return new RestartDecision(Action.NONE, count, last, null);
    }
    if (count >= settings.maxRestarts) {
      return new RestartDecision(Action.GIVE_UP, count, last, null);
    }
    Instant due =
        (count == 0 || last == null ? failedSince : last).plus(delay(settings, count + 1));
    if (!due.isAfter(now)) {
      return new RestartDecision(Action.RESTART_NOW, count + 1, now, null);
    }
    return new RestartDecision(Action.WAIT, count, last, due);
  }

  /**
   * The decision for a connector as last seen: failing since the Degraded condition turned true (or
   * now), healthy since the Running condition did, when the connector is meant to run.
   */
  public static RestartDecision forConnector(
      CustomConnector resource, RemoteConnector remote, ConnectorState wanted, Instant now) {
    boolean failing =
        remote.state().equals("FAILED")
            || remote.tasks().stream().anyMatch(t -> t.state().equals("FAILED"));
    CustomConnectorStatus status = resource.getStatus();
    List<Condition> previous = status == null ? null : status.getConditions();
    Instant failedSince = null;
    if (failing && wanted == ConnectorState.RUNNING) {
      Condition degraded = Conditions.find(previous, ConnectorStatusCalculator.DEGRADED);
      failedSince =
          degraded != null && Conditions.isTrue(previous, ConnectorStatusCalculator.DEGRADED)
              ? Instant.parse(degraded.getLastTransitionTime())
              : now;
    }
    Condition running = Conditions.find(previous, ConnectorStatusCalculator.RUNNING);
    Instant healthySince =
        running != null
                && Conditions.isTrue(previous, ConnectorStatusCalculator.RUNNING)
                && !failing
            ? Instant.parse(running.getLastTransitionTime())
            : null;
    return decide(
        resource.getSpec().getRestartPolicy(),
        status == null ? null : status.getRestarts(),
        failedSince,
        healthySince,
        now);
  }

  /** The delay before restart {@code number} in a row (1 = first). */
  public static Duration delay(RestartPolicy policy, int number) {
    return delay(Settings.of(policy), number);
  }

  private static Duration delay(Settings settings, int number) {
    Duration delay = settings.initialDelay;
    for (int i = 1; i < number && delay.compareTo(settings.maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(settings.maxDelay) > 0 ? settings.maxDelay : delay;
  }

  /** No decision this time: what the status remembers stays as it is. */
  public static RestartDecision kept(RestartStatus previous) {
    if (previous == null) {
      return new RestartDecision(Action.NONE, 0, null, null);
    }
    return new RestartDecision(
        Action.NONE,
        previous.getCount() == null ? 0 : previous.getCount(),
        previous.getLastRestartTime() == null ? null : Instant.parse(previous.getLastRestartTime()),
        previous.getNextRestartTime() == null
            ? null
            : Instant.parse(previous.getNextRestartTime()));
  }

  /** The status block for this decision; null when there is nothing to remember. */
  public RestartStatus toStatus() {
    if (count == 0 && nextRestart == null) {
      return null;
    }
    RestartStatus status = new RestartStatus();
    status.setCount(count);
    status.setLastRestartTime(lastRestart == null ? null : lastRestart.toString());
    status.setNextRestartTime(nextRestart == null ? null : nextRestart.toString());
    return status;
  }

  private record Settings(
      boolean onFailure,
      int maxRestarts,
      Duration initialDelay,
      Duration maxDelay,
      Duration resetAfter) {

    static Settings of(RestartPolicy policy) {
      RestartPolicy p = policy == null ? new RestartPolicy() : policy;
      return new Settings(
          p.getType() != RestartPolicyType.NEVER,
          p.getMaxRestarts() == null ? 10 : p.getMaxRestarts(),
          Duration.ofSeconds(p.getInitialDelaySeconds() == null ? 30 : p.getInitialDelaySeconds()),
          Duration.ofSeconds(p.getMaxDelaySeconds() == null ? 1800 : p.getMaxDelaySeconds()),
          Duration.ofSeconds(p.getResetAfterSeconds() == null ? 3600 : p.getResetAfterSeconds()));
    }
  }
}
