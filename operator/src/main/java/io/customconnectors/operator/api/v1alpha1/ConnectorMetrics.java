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

  @JsonPropertyDescription(
      "Records per second in and out over the window, the RATE column of kubectl get.")
  private Double recordsPerSecond;

  @JsonPropertyDescription(
      "CPU the worker process used over the window, in millicores (1000 = one core); read from"
          + " a Kafka Connect worker's metrics endpoint.")
  private Long workerCpuMillicores;

  @JsonPropertyDescription(
      "CPU load of the worker as Confluent Cloud reports it for a custom connector, in percent.")
  private Long workerCpuLoadPercent;

  @JsonPropertyDescription("Heap the worker can still use (maximum minus used), in bytes.")
  private Long workerMemoryFreeBytes;

  @JsonPropertyDescription(
      "The window the figures cover, as an ISO-8601 duration, e.g. PT1M. Windows follow each"
          + " other without gaps: their counts add up to everything the connector did.")
  private String window;

  @JsonPropertyDescription("When the figures were read (RFC 3339, UTC).")
  private String updatedAt;
}
