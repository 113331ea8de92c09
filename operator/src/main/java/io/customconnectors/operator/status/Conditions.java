package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConditionStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;

/** Condition bookkeeping the way Kubernetes expects it. */
public final class Conditions {

  private Conditions() {}

  public static Condition of(
      String type, boolean status, Reason reason, String message, long generation) {
    return new Condition(
        type,
        status ? ConditionStatus.TRUE : ConditionStatus.FALSE,
        reason.name(),
        message,
        null,
        generation);
  }

  /**
   * The new conditions, each keeping the previous {@code lastTransitionTime} when its status did
   * not change (a reason or message change is not a transition), and {@code now} otherwise.
   */
  public static List<Condition> carryOver(
      List<Condition> previous, List<Condition> next, Instant now) {
    List<Condition> merged = new ArrayList<>();
    for (Condition condition : next) {
      Condition before =
          previous == null
              ? null
              : previous.stream()
                  .filter(p -> Objects.equals(p.getType(), condition.getType()))
                  .findFirst()
                  .orElse(null);
      String transition =
          before != null
                  && before.getStatus() == condition.getStatus()
                  && before.getLastTransitionTime() != null
              ? before.getLastTransitionTime()
              : now.toString();
      merged.add(
          new Condition(
              condition.getType(),
              condition.getStatus(),
              condition.getReason(),
              condition.getMessage(),
              transition,
              condition.getObservedGeneration()));
    }
    return merged;
  }

  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream()
        .filter(c -> Objects.equals(c.getType(), type))
        .findFirst()
        .orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition condition = find(conditions, type);
    return condition != null && condition.getStatus() == ConditionStatus.TRUE;
  }
}
