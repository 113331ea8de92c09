package io.customconnectors.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Where Events about our resources go: the Kubernetes API in the operator, a list in the fast
 * reconciler tests. Callers pass messages that were already redacted.
 */
public interface EventRecorder {

  /** Normal or Warning, as Kubernetes defines them. */
  enum Type {
    Normal,
    Warning
  }

  void record(HasMetadata resource, Type type, String reason, String message);
}
