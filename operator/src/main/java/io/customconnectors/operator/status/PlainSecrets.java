package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;

/**
 * Secrets written into {@code spec.config} in plain text, where anyone who may read the
 * CustomConnector (or its manifest in Git) sees them: the keys the plugin declares sensitive, and
 * keys that are secrets by their name. Reported as a {@code Warning} condition that names the keys,
 * never their values, and says to move them to {@code spec.configFrom}.
 */
public final class PlainSecrets {

  public static final String WARNING = "Warning";

  /** A last segment that names a secret: password, secret, token, credentials, private key. */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i)(^|[._-])(password|passwd|secret|secret[._-]key|secret[._-]access[._-]key|token"
              + "|credentials?|private[._-]key)$");

  private PlainSecrets() {}

  /** The keys of {@code config} that hold secrets, sorted. */
  public static List<String> find(Map<String, String> config, Collection<String> declared) {
    TreeSet<String> found = new TreeSet<>();
    if (config != null) {
      for (String key : config.keySet()) {
        if ((declared != null && declared.contains(key)) || SECRET_NAME.matcher(key).find()) {
          found.add(key);
        }
      }
    }
    return new ArrayList<>(found);
  }

  /** The status with the Warning condition for these keys, or without one when there are none. */
  public static CustomConnectorStatus apply(
      CustomConnectorStatus status,
      List<Condition> previous,
      List<String> keys,
      long generation,
      Instant now) {
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> WARNING.equals(c.getType()));
    if (!keys.isEmpty()) {
      conditions.add(
          Conditions.of(
              WARNING,
              true,
              Reason.SecretInPlainConfig,
              "spec.config holds "
                  + String.join(", ", keys)
                  + " in plain text, readable by anyone who can read this resource or its"
                  + " manifest: move "
                  + (keys.size() == 1 ? "it" : "them")
                  + " to spec.configFrom (a Secret)",
              generation));
    }
    status.setConditions(Conditions.carryOver(previous, conditions, now));
    return status;
  }
}
