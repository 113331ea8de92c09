package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Connector throughput and worker health over one window. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorMetrics {

  @JsonPropertyDescription("Records read by a sink connector from Kafka.")
  private Long recordsIn;

  @JsonPropertyDescription("Records written by a source connector to Kafka.")
  private Long recordsOut;

  @JsonPropertyDescription("Bytes read from Kafka.")
  private Long bytesIn;

  @JsonPropertyDescription("Bytes written to Kafka.")
  private Long bytesOut;

  @JsonPropertyDescription("Records sent to the dead letter queue.")
  private Long deadLetterQueueRecords;

  @JsonPropertyDescription("Consumer lag of a sink connector, in records.")
  private Long lag;

  @JsonPropertyDescription("Worker CPU use, in millicores, where the target reports it.")
  private Long workerCpuMillicores;

  @JsonPropertyDescription("Worker memory in use, in bytes, where the target reports it.")
  private Long workerMemoryBytes;

  @JsonPropertyDescription("The window the figures cover, as an ISO-8601 duration, e.g. PT1M.")
  private String window;

  @JsonPropertyDescription("When the figures were read (RFC 3339, UTC).")
  private String updatedAt;
}
