package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** A Confluent Cloud environment and, for connectors, the Kafka cluster they attach to. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfluentCloudTarget {

  @Required
  @Pattern("^env-[a-z0-9]+$")
  @JsonPropertyDescription("Environment id, e.g. env-a1b2c3.")
  private String environment;

  @Pattern("^lkc-[a-z0-9]+$")
  @JsonPropertyDescription(
      "Kafka cluster id, e.g. lkc-1x2y3z. Required for CustomConnectors (set it here or on the"
          + " ConnectorPlugin they reference); plugins do not need it.")
  private String kafkaCluster;

  @Required
  @JsonPropertyDescription("Cloud provider of the environment's clusters: AWS, GCP or AZURE.")
  private CloudProvider cloud;

  @Required
  @JsonPropertyDescription(
      "Secret in this namespace holding a Cloud API key (not a Kafka cluster key).")
  private ApiKeySecretRef credentialsSecretRef;

  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message =
          "spec.target.confluentCloud.endpoint must be an http(s) URL, e.g. https://example.com/path")
  @JsonPropertyDescription(
      "Override of https://api.confluent.cloud, e.g. the project's Confluent Cloud emulator.")
  private String endpoint;

  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message =
          "spec.target.confluentCloud.metricsEndpoint must be an http(s) URL, e.g."
              + " https://example.com/path")
  @JsonPropertyDescription(
      "Override of the Metrics API, https://api.telemetry.confluent.cloud. When only endpoint is"
          + " overridden, the Metrics API is read there too (the emulator serves both).")
  private String metricsEndpoint;
}
