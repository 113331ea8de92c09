package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether failed connectors and tasks are restarted automatically. */
public enum RestartPolicyType {
  @JsonProperty("OnFailure")
  ON_FAILURE,
  @JsonProperty("Never")
  NEVER
}
