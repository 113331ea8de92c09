package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/**
 * Where a connector's logged errors are read besides its status traces: on Confluent Cloud its log
 * topic, the connector log search API and the organization's log events topic; in-cluster, the
 * worker pods' logs (spec.target.kafkaConnect.podSelector).
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogSettings {

  @Default("true")
  @JsonPropertyDescription(
      "Read the connector's logs for errors where a source is configured. Default: true.")
  private Boolean enabled;

  @Size(max = 512)
  @Pattern("^[a-zA-Z0-9.-]+:[0-9]{1,5}(,[a-zA-Z0-9.-]+:[0-9]{1,5})*$")
  @JsonPropertyDescription(
      "Bootstrap endpoint of the connector's Kafka cluster (host:port, as Confluent shows it),"
          + " to read the connector's log topic with the Kafka API key of spec.kafkaAuth. Without"
          + " it the log topic is not read.")
  private String bootstrapServers;

  @Default("SASL_SSL")
  @Pattern("^(SASL_SSL|SASL_PLAINTEXT)$")
  @JsonPropertyDescription(
      "How the log topics are read: SASL_SSL (Confluent Cloud) or SASL_PLAINTEXT. Default:"
          + " SASL_SSL.")
  private String securityProtocol;

  @Pattern(Patterns.TOPIC)
  @JsonPropertyDescription(
      "Log topic to read instead of the one Confluent Cloud creates for the connector"
          + " (<connector id>-app-logs unless the operator's LOG_TOPIC_PATTERN says otherwise).")
  private String topic;

  @JsonPropertyDescription(
      "Secret key holding a bearer token for Confluent's connector log search API"
          + " (api.logging.confluent.cloud). It admits about 5 requests a minute per connector:"
          + " the operator searches at most every 15 s.")
  private SecretKeyRef searchTokenSecretRef;

  @Size(max = 2048)
  @Pattern(Patterns.HTTP_URL)
  @JsonPropertyDescription(
      "Override of https://api.logging.confluent.cloud. When only the target's endpoint is"
          + " overridden, the log search API is read there too (the emulator serves both).")
  private String searchEndpoint;

  @Size(max = 512)
  @Pattern("^[a-zA-Z0-9.-]+:[0-9]{1,5}(,[a-zA-Z0-9.-]+:[0-9]{1,5})*$")
  @JsonPropertyDescription(
      "Bootstrap endpoint of the cluster holding the organization's confluent-connect-log-events"
          + " topic (ConnectorFailed and TaskFailed CloudEvents); read with"
          + " eventsCredentialsSecretRef's key.")
  private String eventsBootstrapServers;

  @JsonPropertyDescription("Secret with the Kafka API key of the log events cluster.")
  private ApiKeySecretRef eventsCredentialsSecretRef;
}
