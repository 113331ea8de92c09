package io.customconnectors.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** The egress allow-list of a Confluent Cloud custom connector. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Networking {

  @Size(max = 50)
  @ValidationRule(
      value = "self.all(e, e.matches(r'" + Patterns.ENDPOINT + "'))",
      message =
          "each spec.networking.endpoints entry must be host:port (optionally :TCP or :UDP), e.g."
              + " dynamodb.us-east-1.amazonaws.com:443")
  @JsonPropertyDescription(
      "Endpoints the connector may reach, as host:port[:TCP|UDP], e.g."
          + " dynamodb.us-east-1.amazonaws.com:443. Confluent Cloud blocks every other egress.")
  private List<@Size(max = 261) String> endpoints;

  @JsonPropertyDescription(
      "Add the AWS endpoints the DynamoDB source connector needs for config aws.region:"
          + " dynamodb.<region>.amazonaws.com:443, streams.dynamodb.<region>.amazonaws.com:443 and"
          + " tagging.<region>.amazonaws.com:443.")
  private Boolean deriveAwsEndpoints;
}
