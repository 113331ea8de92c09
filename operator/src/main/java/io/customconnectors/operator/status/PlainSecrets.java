package io.customconnectors.operator.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Secrets written into {@code spec.config} in plain text, where anyone who may read the
 * CustomConnector (or its manifest in Git) sees them: the keys the plugin declares sensitive, and
 * keys that are secrets by their name. {@link Warnings} reports them, by key, never by value.
 */
public final class PlainSecrets {

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
}
