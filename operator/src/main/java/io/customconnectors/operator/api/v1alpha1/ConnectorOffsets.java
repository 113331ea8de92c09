package io.customconnectors.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** A source connector's committed offsets, as its target last reported them. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorOffsets {

  @JsonPropertyDescription(
      "Source partitions and their offsets, the first 20 by partition; values longer than 200"
          + " characters are cut.")
  private List<PartitionOffset> partitions = new ArrayList<>();

  @JsonPropertyDescription("How many partitions the connector has offsets for.")
  private Integer total;

  @JsonPropertyDescription("When the offsets were read (RFC 3339, UTC).")
  private String updatedAt;
}
