package io.customconnectors.operator.export;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.status.PlainSecrets;

/**
 * Which config keys hold secrets, and so go to a Secret instead of spec.config. What the target
 * knows comes first (a PASSWORD type in the connector's ConfigDef, a value Confluent masks, a key
 * the plugin declares sensitive); keys named like secrets are added as the operator warns about
 * them, since a connector may declare a secret as a plain string.
 */
final class SensitiveKeys {

  private SensitiveKeys() {}

  static Set<String> onKafkaConnect(Map<String, String> config, Set<String> passwordKeys) {
    Set<String> keys = new TreeSet<>(passwordKeys);
    keys.retainAll(config.keySet());
    keys.addAll(PlainSecrets.find(config, Set.of()));
    return keys;
  }

  static Set<String> onConfluentCloud(Map<String, String> config, Collection<String> declared) {
    Set<String> keys = new TreeSet<>(PlainSecrets.find(config, declared));
    config.forEach(
        (key, value) -> {
          if (ConfluentCloudBackend.masked(value)) {
            keys.add(key);
          }
        });
    return keys;
  }
}
