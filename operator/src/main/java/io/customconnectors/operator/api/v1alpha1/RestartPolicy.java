package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/**
 * Automatic restarts of a failed connector or its failed tasks: the n-th restart waits
 * initialDelaySeconds * 2^(n-1), capped at maxDelaySeconds; the count resets once the connector has
 * run healthy for resetAfterSeconds.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.initialDelaySeconds <= self.maxDelaySeconds",
    message = "spec.restartPolicy.initialDelaySeconds must not be greater than maxDelaySeconds")
public class RestartPolicy {

  @Default("OnFailure")
  @JsonPropertyDescription(
      "OnFailure (default) restarts failed connectors and tasks; Never does not.")
  private RestartPolicyType type;

  @Default("10")
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription(
      "Restarts in a row before the operator gives up and leaves the connector failed. Default: 10.")
  private Integer maxRestarts;

  @Default("30")
  @Min(1)
  @Max(86400)
  @JsonPropertyDescription("Delay before the first restart, in seconds. Default: 30.")
  private Integer initialDelaySeconds;

  @Default("1800")
  @Min(1)
  @Max(86400)
  @JsonPropertyDescription("Upper bound of the delay between restarts, in seconds. Default: 1800.")
  private Integer maxDelaySeconds;

  @Default("3600")
  @Min(1)
  @Max(604800)
  @JsonPropertyDescription(
      "Healthy running time, in seconds, after which the restart count starts again at zero."
          + " Default: 3600.")
  private Integer resetAfterSeconds;
}
