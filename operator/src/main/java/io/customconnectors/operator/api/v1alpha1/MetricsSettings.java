package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Reading connector and worker metrics. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSettings {

  @Default("true")
  @JsonPropertyDescription(
      "Read metrics (Confluent Metrics API, or the worker's metrics in-cluster). Default: true.")
  private Boolean enabled;
}
