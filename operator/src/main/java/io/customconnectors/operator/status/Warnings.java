package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;

/**
 * Conditions that warn without blocking: the connector runs, but a person should change something.
 * Each is present (True) while it applies and absent otherwise, and names keys, never values.
 */
public final class Warnings {

  /** spec.config holds secrets in plain text. */
  public static final String SECRETS_IN_PLAIN_CONFIG = "SecretsInPlainConfig";

  /** The backend does not keep keys the operator sends; it stopped re-sending them. */
  public static final String CONFIG_NOT_KEPT = "ConfigNotKept";

  public static final Set<String> TYPES = Set.of(SECRETS_IN_PLAIN_CONFIG, CONFIG_NOT_KEPT);

  private Warnings() {}

  /** The status with a warning condition for each non-empty list of keys. */
  public static CustomConnectorStatus apply(
      CustomConnectorStatus status,
      List<Condition> previous,
      List<String> plainSecrets,
      List<String> unkeptKeys,
      long generation,
      Instant now) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> TYPES.contains(c.getType()));
    if (!plainSecrets.isEmpty()) {
      conditions.add(
          Conditions.of(
              SECRETS_IN_PLAIN_CONFIG,
              true,
              Reason.SecretInPlainConfig,
              "spec.config holds "
                  + String.join(", ", plainSecrets)
                  + " in plain text, readable by anyone who can read this resource or its"
                  + " manifest: move "
                  + (plainSecrets.size() == 1 ? "it" : "them")
                  + " to spec.configFrom (a Secret)",
              generation));
    }
    if (!unkeptKeys.isEmpty()) {
      conditions.add(
          Conditions.of(
              CONFIG_NOT_KEPT,
              true,
              Reason.ConfigNotKept,
              "The target does not keep "
                  + String.join(", ", unkeptKeys)
                  + " as sent (it drops or rewrites "
                  + (unkeptKeys.size() == 1 ? "it" : "them")
                  + ", or something resets "
                  + (unkeptKeys.size() == 1 ? "it" : "them")
                  + " after every write): the operator stopped sending the config again. Check"
                  + " the key in spec.config against what the target accepts; a change to the"
                  + " spec or its Secrets sends it once more",
              generation));
    }
    status.setConditions(Conditions.carryOver(previous, conditions, now));
    return status;
  }
}
