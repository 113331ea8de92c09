package io.customconnectors.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/**
 * A change of a connector's offsets, carried out once per requestId. It lives in the spec rather
 * than in an annotation the operator removes: a GitOps tool would see the removal as drift and put
 * the annotation back, asking again; a requestId that stays in Git asks exactly once.
 */
@JsonClassDescription(
    "Alter or reset the connector's offsets, once per requestId: in-cluster the operator stops the"
        + " connector, changes the offsets and brings it back to spec.state; on Confluent Cloud it"
        + " sends an offsets request and follows it. status.offsetsChange shows the progress.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.reset) != has(self.alter)",
    message =
        "spec.offsets needs exactly one of reset: true (all the connector's offsets) or alter (a"
            + " list of partitions with their new offsets)")
@ValidationRule(
    value = "!has(self.reset) || self.reset",
    message =
        "spec.offsets.reset can only be true; to set offsets to given values use"
            + " spec.offsets.alter")
public class OffsetsChange {

  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription(
      "Names this change, e.g. \"reset-2026-12-01\". Each requestId is carried out once (it is"
          + " recorded in status.offsetsChange); to change the offsets again, give a new one.")
  private String requestId;

  @JsonPropertyDescription(
      "true resets all the connector's offsets: a source connector starts over (the DynamoDB"
          + " connector snapshots its tables again, so their records arrive a second time).")
  private Boolean reset;

  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "Partitions and the offsets to give them. Each partition must be one the connector has"
          + " offsets for (see status.offsets); an entry without an offset resets that partition.")
  private List<PartitionOffsetChange> alter;
}
