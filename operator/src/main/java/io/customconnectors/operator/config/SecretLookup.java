package io.customconnectors.operator.config;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;

/** Where Secrets are read from: the informer cache in the operator, a map in unit tests. */
public interface SecretLookup {
  Optional<Secret> find(String namespace, String name);
}
