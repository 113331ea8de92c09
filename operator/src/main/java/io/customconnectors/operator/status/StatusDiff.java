package io.customconnectors.operator.status;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Whether a status write would tell anyone anything: two statuses of either kind compared as the
 * API server would store them, but for the conditions' {@code lastTransitionTime}. A steady state
 * then costs no API writes.
 */
public final class StatusDiff {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusDiff() {}

  public static boolean differs(Object before, Object after) {
    if (before == null || after == null) {
      return before != after;
    }
    return !Objects.equals(withoutTimes(before), withoutTimes(after));
  }

  private static JsonNode withoutTimes(Object status) {
    JsonNode tree = JSON.valueToTree(status);
    for (JsonNode condition : tree.path("conditions")) {
      ((ObjectNode) condition).remove("lastTransitionTime");
    }
    return tree;
  }
}
