package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Where the last offsets change (spec.offsets) stands. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OffsetsChangeStatus {

  @JsonPropertyDescription("spec.offsets.requestId of the change.")
  private String requestId;

  @JsonPropertyDescription("Reset or Alter.")
  private String action;

  @JsonPropertyDescription(
      "Pending (checked, about to start), Stopping (in-cluster: waiting for the connector to"
          + " stop), Requested (Confluent Cloud: request sent, waiting for it to be applied),"
          + " Applied, Failed (the target refused it, or spec.offsets was removed halfway) or Rejected (the request is wrong: nothing"
          + " was changed; fix spec.offsets).")
  private String phase;

  @JsonPropertyDescription("What happened, in the target's words where it said something.")
  private String message;

  @JsonPropertyDescription("How many partitions the change names (0 for a reset).")
  private Integer partitions;

  @JsonPropertyDescription("When the operator took the change on (RFC 3339, UTC).")
  private String startedAt;

  @JsonPropertyDescription("When the request was sent to Confluent Cloud (RFC 3339, UTC).")
  private String requestedAt;

  @JsonPropertyDescription("When the target applied the change (RFC 3339, UTC).")
  private String appliedAt;
}
