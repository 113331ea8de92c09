package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Config values read from a Secret: one key (secretKeyRef + configKey) or all keys (secretRef). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.secretKeyRef) != has(self.secretRef)",
    message = "each spec.configFrom entry sets exactly one of secretKeyRef or secretRef")
@ValidationRule(
    value = "!has(self.secretKeyRef) || has(self.configKey)",
    message =
        "spec.configFrom[].configKey is required with secretKeyRef: it names the config key the"
            + " secret value fills, e.g. aws.secret.key")
@ValidationRule(
    value = "!has(self.secretRef) || !has(self.configKey)",
    message =
        "spec.configFrom[].configKey is not used with secretRef: every key of that Secret becomes"
            + " a config key")
public class ConfigFromSource {

  @Pattern(Patterns.CONFIG_KEY)
  @JsonPropertyDescription("The config key to fill, e.g. aws.secret.key. Used with secretKeyRef.")
  private String configKey;

  @JsonPropertyDescription("One key of a Secret; its value becomes the value of configKey.")
  private SecretKeyRef secretKeyRef;

  @JsonPropertyDescription(
      "A whole Secret; each of its keys becomes a config key with that key's value.")
  private SecretRef secretRef;
}
