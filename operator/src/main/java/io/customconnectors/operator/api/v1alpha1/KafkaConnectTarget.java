package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** A Kafka Connect cluster reached through its REST API. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KafkaConnectTarget {

  @Required
  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message =
          "spec.target.kafkaConnect.url must be an http(s) URL, e.g. https://example.com/path")
  @JsonPropertyDescription("Base URL of the Connect REST API, e.g. http://connect.kafka.svc:8083.")
  private String url;

  @JsonPropertyDescription("Secret with Basic-auth credentials for the REST API, if it needs them.")
  private BasicAuthSecretRef basicAuthSecretRef;

  @JsonPropertyDescription("TLS settings for an https URL.")
  private Tls tls;

  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message =
          "spec.target.kafkaConnect.metricsUrl must be an http(s) URL, e.g."
              + " http://connect.kafka.svc:9404/metrics")
  @JsonPropertyDescription(
      "The workers' Prometheus endpoint, as the Prometheus JMX exporter agent serves it with"
          + " config/jmx-exporter/kafka-connect.yaml, e.g. http://connect.kafka.svc:9404/metrics."
          + " Without it status.metrics stays empty on this target. TLS settings of url apply.")
  private String metricsUrl;

  @JsonPropertyDescription(
      "Labels of the worker pods, in the resource's namespace, whose logs the operator reads for"
          + " the connector's errors (lines in its [name|task-N] context), e.g. {app: connect}."
          + " Needs get on pods/log there.")
  private java.util.Map<String, String> podSelector;

  @JsonPropertyDescription("Container of the worker pods to read; default: the pod's only one.")
  private String podContainer;

  @JsonPropertyDescription(
      "How spec.configFrom values reach the workers: as values (default) or as config provider"
          + " references the workers resolve.")
  private SecretDelivery secrets;
}
