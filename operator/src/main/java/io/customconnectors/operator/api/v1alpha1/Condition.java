package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** A Kubernetes-style condition: one aspect of the resource's state and why it is so. */
@Data
@NoArgsConstructor
@AllArgsConstructor
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  @Required
  @JsonPropertyDescription("Aspect this condition describes, e.g. Ready, Running, Degraded.")
  private String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private ConditionStatus status;

  @JsonPropertyDescription("Machine-readable CamelCase cause, e.g. Running, AuthenticationFailed.")
  private String reason;

  @JsonPropertyDescription("What happened and, when something is wrong, what to do about it.")
  private String message;

  @JsonPropertyDescription("When status last changed (RFC 3339, UTC).")
  private String lastTransitionTime;

  @JsonPropertyDescription("metadata.generation the condition was computed for.")
  private Long observedGeneration;
}
