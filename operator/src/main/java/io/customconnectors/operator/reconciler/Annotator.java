package io.customconnectors.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Sets or (with {@code null}) removes one annotation on a resource: the operator's own marks, and
 * the one-shot requests users make by annotation once they are done.
 */
public interface Annotator {
  void annotate(HasMetadata resource, String key, String value);
}
