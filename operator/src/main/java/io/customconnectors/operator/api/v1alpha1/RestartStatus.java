package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** The restarts done for a connector: by its restart policy, and on request. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestartStatus {

  @JsonPropertyDescription("Restarts in a row since the connector was last healthy.")
  private Integer count;

  @JsonPropertyDescription("When the last restart was requested (RFC 3339, UTC).")
  private String lastRestartTime;

  @JsonPropertyDescription("Earliest time of the next restart, if one is pending (RFC 3339, UTC).")
  private String nextRestartTime;

  @JsonPropertyDescription(
      "When the connector was last restarted on request (customconnectors.io/restart or"
          + " restart-task); such restarts do not count against maxRestarts (RFC 3339, UTC).")
  private String lastManualRestart;
}
