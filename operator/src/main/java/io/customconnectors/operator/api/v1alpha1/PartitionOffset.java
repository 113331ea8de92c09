package io.customconnectors.operator.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** One source partition and the offset committed for it. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitionOffset {

  @JsonPropertyDescription("The source partition, e.g. {table: Supermarket_dynamodb}.")
  private Map<String, String> partition;

  @JsonPropertyDescription("The offset committed for it.")
  private Map<String, String> offset;

  @JsonPropertyDescription(
      "The offset in words where the connector's format is known, e.g. \"table Orders: streaming"
          + " (snapshot of 100 records done at 2026-12-01T10:00:00Z), 2 shards read\".")
  private String summary;
}
