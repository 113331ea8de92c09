package io.customconnectors.operator.config;

import java.util.Map;
import java.util.Set;

/**
 * The full config a connector is given: spec.config, values from Secrets, and the keys the operator
 * owns ({@code name}, {@code connector.class}, {@code tasks.max}, the owner marker).
 *
 * @param hash a hash of everything but the secret values, which enter it only as the Secret's name,
 *     key and resourceVersion: it changes when a Secret is rotated, and cannot be used to guess a
 *     short secret, which a hash of the value itself could
 * @param secretValues the resolved secret values, to keep them out of status, events and logs
 */
public record EffectiveConfig(Map<String, String> config, Set<String> secretValues, String hash) {

  public EffectiveConfig {
    config = Map.copyOf(config);
    secretValues = Set.copyOf(secretValues);
  }

  @Override
  public String toString() {
    return "EffectiveConfig[" + config.size() + " keys, hash " + hash + "]";
  }
}
