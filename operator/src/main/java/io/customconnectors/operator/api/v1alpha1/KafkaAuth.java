package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** How a Confluent Cloud connector authenticates to its Kafka cluster. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.apiKeySecretRef) != has(self.serviceAccountId)",
    message = "spec.kafkaAuth must set exactly one of apiKeySecretRef or serviceAccountId")
public class KafkaAuth {

  @JsonPropertyDescription("Secret holding a Kafka cluster API key and secret.")
  private ApiKeySecretRef apiKeySecretRef;

  @Pattern("^sa-[a-z0-9]+$")
  @JsonPropertyDescription("Service account id, e.g. sa-abc123.")
  private String serviceAccountId;
}
