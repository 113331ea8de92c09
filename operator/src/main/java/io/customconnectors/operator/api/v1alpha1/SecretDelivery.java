package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/**
 * How spec.configFrom values reach an in-cluster Kafka Connect worker: as values, or as references
 * a config provider on the workers resolves, so that the values never enter Connect's config topic
 * or its REST answers.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.mode) || self.mode != 'DirectoryProvider' || has(self.path)",
    message =
        "spec.target.kafkaConnect.secrets.path is needed for DirectoryProvider: the directory the"
            + " Secrets are mounted under on the workers, e.g. /opt/kafka/external-configuration")
public class SecretDelivery {

  /** The three ways, as Kafka Connect users know them. */
  public enum Mode {
    Values,
    DirectoryProvider,
    KubernetesSecretsProvider
  }

  @JsonPropertyDescription(
      "Values (default): the operator resolves each Secret and sends the value; Connect stores it"
          + " in plain text in its config topic and returns it from GET /connectors."
          + " DirectoryProvider: it sends ${<provider>:<path>/<secret>:<key>} for Kafka's"
          + " DirectoryConfigProvider, with the Secrets mounted on the workers under path."
          + " KubernetesSecretsProvider: it sends ${<provider>:<namespace>/<secret>:<key>} for a"
          + " Kubernetes Secret config provider on the workers (e.g. Strimzi's). In both provider"
          + " modes the workers read the values themselves and Connect stores only the reference.")
  private Mode mode;

  @Size(max = 63)
  @ValidationRule(
      value = "self.matches(r'^[A-Za-z][A-Za-z0-9_-]*$')",
      message = "spec.target.kafkaConnect.secrets.provider must be a config provider alias")
  @JsonPropertyDescription(
      "Alias of the config provider in the workers' config.providers: default directory for"
          + " DirectoryProvider, secrets for KubernetesSecretsProvider.")
  private String provider;

  @Size(max = 1024)
  @ValidationRule(
      value = "self.startsWith('/')",
      message = "spec.target.kafkaConnect.secrets.path must be an absolute path on the workers")
  @JsonPropertyDescription(
      "DirectoryProvider: where each Secret is mounted on the workers, as <path>/<secret name>/.")
  private String path;
}
