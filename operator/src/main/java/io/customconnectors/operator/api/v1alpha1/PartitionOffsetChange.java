package io.customconnectors.operator.api.v1alpha1;

import java.util.Map;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** One partition of an offsets change and the offset it is to have. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitionOffsetChange {

  @Required
  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "The source partition as the connector names it, e.g. {protocol: 1, table: Orders} for the"
          + " DynamoDB connector, or {kafka_topic: orders, kafka_partition: 0} for a sink.")
  private Map<String, Object> partition;

  @SchemaFrom(type = FreeFormObject.class)
  @JsonPropertyDescription(
      "The offset to set: strings, numbers and booleans only (Kafka Connect stores nothing"
          + " nested; nested values go as JSON text). Omitted: the partition is reset.")
  private Map<String, Object> offset;

  /**
   * The schema of a JSON object whose keys the connector defines and whose values are scalars: a
   * map's generated schema would require every value to be an object.
   */
  @PreserveUnknownFields
  static final class FreeFormObject {}
}
