package io.customconnectors.operator.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * The one place Secret values are read: decoded from {@code data} or {@code stringData}, with
 * errors that name the Secret, the key and the field of the resource that refers to them.
 */
public final class SecretValues {

  private final SecretLookup secrets;

  public SecretValues(SecretLookup secrets) {
    this.secrets = secrets;
  }

  /** The Secret {@code where} (a field of the resource, e.g. spec.configFrom[0]) names. */
  public Secret secret(String namespace, String name, String where) throws MissingSecretException {
    return secrets
        .find(namespace, name)
        .orElseThrow(
            () ->
                new MissingSecretException(
                    "Secret "
                        + name
                        + " named in "
                        + where
                        + " does not exist in namespace "
                        + namespace
                        + ": create it or fix the reference"));
  }

  /** The value of {@code key}, which {@code where} says the resource reads. */
  public String value(String namespace, String name, String key, String where)
      throws MissingSecretException {
    return require(secret(namespace, name, where), key, where);
  }

  /** The value of {@code key} in a Secret already read. */
  public static String require(Secret secret, String key, String where)
      throws MissingSecretException {
    return decode(secret, key)
        .orElseThrow(
            () ->
                new MissingSecretException(
                    "Secret "
                        + secret.getMetadata().getName()
                        + " has no key '"
                        + key
                        + "' ("
                        + where
                        + "): add the key or fix the reference"));
  }

  public static Optional<String> decode(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  public static Set<String> keys(Secret secret) {
    Set<String> keys = new TreeSet<>();
    if (secret.getData() != null) {
      keys.addAll(secret.getData().keySet());
    }
    if (secret.getStringData() != null) {
      keys.addAll(secret.getStringData().keySet());
    }
    return keys;
  }

  /**
   * How a Secret enters a config hash: its name, key and resourceVersion, never its value, so that
   * a rotation changes the hash and the hash cannot be used to guess a short secret.
   */
  public static String fingerprint(Secret secret, String key) {
    String version =
        secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion();
    return "secret:"
        + secret.getMetadata().getName()
        + "/"
        + key
        + "@"
        + (version == null ? "unversioned" : version);
  }

  /** The field of a Secret reference, or its default when the reference leaves it out. */
  public static String field(String configured, String fallback) {
    return configured == null || configured.isBlank() ? fallback : configured;
  }
}
