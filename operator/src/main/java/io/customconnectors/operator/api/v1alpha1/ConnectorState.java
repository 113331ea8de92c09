package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The state a user asks a connector to be in. */
public enum ConnectorState {
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Paused")
  PAUSED,
  @JsonProperty("Stopped")
  STOPPED
}
