package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Where the operator reads a connector's errors and metrics, and how often. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Observability {

  @Default("60")
  @Min(10)
  @Max(3600)
  @JsonPropertyDescription(
      "How often logs and metrics are read into status, in seconds. Default: 60. Connector state"
          + " is polled separately, once per cluster for all connectors.")
  private Integer intervalSeconds;

  @JsonPropertyDescription("Reading the connector's log topic for errors.")
  private LogSettings logs;

  @JsonPropertyDescription("Reading connector and worker metrics into status.metrics.")
  private MetricsSettings metrics;

  @Default("10")
  @Min(1)
  @Max(50)
  @JsonPropertyDescription("How many classified errors status.recentErrors keeps. Default: 10.")
  private Integer recentErrorsLimit;
}
