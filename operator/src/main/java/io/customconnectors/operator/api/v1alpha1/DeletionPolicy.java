package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to the remote object when its resource is deleted. */
public enum DeletionPolicy {
  @JsonProperty("Delete")
  DELETE,
  @JsonProperty("Orphan")
  ORPHAN
}
