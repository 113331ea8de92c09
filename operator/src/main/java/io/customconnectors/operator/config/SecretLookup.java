package io.customconnectors.operator.config;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;

/** Where Secrets are read from: the informer cache in the operator, a map in unit tests. */
public interface SecretLookup {

  /**
   * The cache is not filled yet (the operator is starting): an absent Secret may only be unread, so
   * nothing may be concluded from it. Callers look again shortly instead of reporting it.
   */
  final class NotReadyException extends RuntimeException {
    public NotReadyException() {
      super("The operator's Secret cache is still being filled");
    }
  }

  /** The Secret, or empty; throws {@link NotReadyException} before the cache is filled. */
  Optional<Secret> find(String namespace, String name);
}
