package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** A place connectors run: exactly one of Confluent Cloud or an in-cluster Kafka Connect. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.confluentCloud) != has(self.kafkaConnect)",
    message = "target must set exactly one of confluentCloud or kafkaConnect")
public class Target {

  @JsonPropertyDescription("A Confluent Cloud environment (custom connectors).")
  private ConfluentCloudTarget confluentCloud;

  @JsonPropertyDescription("A Kafka Connect cluster reached through its REST API.")
  private KafkaConnectTarget kafkaConnect;
}
