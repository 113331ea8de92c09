package io.customconnectors.operator.api.v1alpha1;

import java.util.List;
import java.util.Map;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** The desired connector: what runs, with which config, where and how it is looked after. */
@JsonClassDescription(
    "The desired connector: what runs, with which config, where and how it is looked after.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.pluginRef) != has(self.connectorClass)",
    message =
        "set exactly one of spec.pluginRef (a ConnectorPlugin in this namespace) or"
            + " spec.connectorClass (a class installed on an in-cluster Kafka Connect worker)")
@ValidationRule(
    value = "!has(self.connectorClass) || (has(self.target) && has(self.target.kafkaConnect))",
    message =
        "spec.connectorClass needs spec.target.kafkaConnect: Confluent Cloud runs custom"
            + " connectors only from an uploaded plugin, so use spec.pluginRef there")
@ValidationRule(
    value = "has(self.connectorName) == has(oldSelf.connectorName)",
    message =
        "spec.connectorName cannot be added or removed after creation: it names the remote"
            + " connector")
@ValidationRule(
    value = "has(self.target) == has(oldSelf.target)",
    message =
        "spec.target cannot be added or removed after creation: create a new CustomConnector to"
            + " run the connector somewhere else")
@ValidationRule(
    value = "has(self.connectorClass) == has(oldSelf.connectorClass)",
    message = "spec.connectorClass cannot be added or removed after creation")
public class CustomConnectorSpec {

  @Size(min = 1, max = 249)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.CONNECTOR_NAME + "')",
      message =
          "spec.connectorName may hold letters, digits, spaces and . , & _ + | [ ] - and must not"
              + " start or end with a space")
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.connectorName is immutable: renaming would leave the old connector running;"
              + " create a new CustomConnector instead")
  @JsonPropertyDescription(
      "Name of the remote connector. Default: metadata.name. Letters, digits, spaces and"
          + " .,&_+|[]- (Confluent Cloud also caps it at 64 characters). Immutable.")
  private String connectorName;

  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.pluginRef is immutable: another plugin may put the connector on another cluster and"
              + " leave the old one running; create a new CustomConnector instead")
  @JsonPropertyDescription(
      "The ConnectorPlugin in this namespace that provides the connector class. The connector"
          + " runs on the plugin's target unless spec.target overrides it. Immutable.")
  private PluginRef pluginRef;

  @Size(max = 255)
  @ValidationRule(value = Patterns.JAVA_CLASS_RULE, message = Patterns.JAVA_CLASS_MESSAGE)
  @ValidationRule(value = "self == oldSelf", message = "spec.connectorClass is immutable")
  @JsonPropertyDescription(
      "Connector class already installed on an in-cluster Kafka Connect worker, instead of"
          + " pluginRef. Needs spec.target.kafkaConnect. Immutable.")
  private String connectorClass;

  @Size(max = 1000)
  @ValidationRule(
      value = "!('name' in self)",
      message = "spec.config must not set name: it comes from spec.connectorName")
  @ValidationRule(
      value = "!('connector.class' in self)",
      message =
          "spec.config must not set connector.class: it comes from the ConnectorPlugin or"
              + " spec.connectorClass")
  @ValidationRule(
      value = "!('tasks.max' in self)",
      message = "spec.config must not set tasks.max: use spec.tasksMax")
  @ValidationRule(
      value = "!('confluent.custom.connection.endpoints' in self)",
      message =
          "spec.config must not set confluent.custom.connection.endpoints: use"
              + " spec.networking.endpoints")
  @ValidationRule(
      value = "!('confluent.custom.plugin.id' in self) && !('confluent.connector.type' in self)",
      message =
          "spec.config must not set confluent.custom.plugin.id or confluent.connector.type: the"
              + " operator sets them from spec.pluginRef")
  @ValidationRule(
      value = "!('kafka.api.key' in self) && !('kafka.api.secret' in self)",
      message = "spec.config must not hold Kafka credentials: use spec.kafkaAuth.apiKeySecretRef")
  @JsonPropertyDescription(
      "Connector configuration (string values), e.g. aws.region and kafka.topic.prefix. Secret"
          + " values belong in spec.configFrom, never here.")
  private Map<String, String> config;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Config values taken from Secrets in this namespace, e.g. aws.secret.key. A change to a"
          + " referenced Secret updates the connector. Values never appear in this resource, its"
          + " status, events or the operator's logs.")
  private List<ConfigFromSource> configFrom;

  @Default("1")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Maximum number of tasks (tasks.max). At least 1; Confluent Cloud allows at most 5 for"
          + " custom connectors.")
  private Integer tasksMax;

  @Default("Running")
  @JsonPropertyDescription(
      "Running (default), Paused (tasks stop, the connector keeps its assignment) or Stopped"
          + " (no tasks; in-cluster Kafka Connect only).")
  private ConnectorState state;

  @JsonPropertyDescription(
      "Egress allow-list of a Confluent Cloud custom connector: the host:port endpoints it may"
          + " reach.")
  private Networking networking;

  @JsonPropertyDescription(
      "How the connector authenticates to the Kafka cluster on Confluent Cloud: exactly one of"
          + " apiKeySecretRef or serviceAccountId.")
  private KafkaAuth kafkaAuth;

  @JsonPropertyDescription(
      "Automatic restart of a failed connector or failed tasks, with exponential backoff.")
  private RestartPolicy restartPolicy;

  @JsonPropertyDescription(
      "Where and how often the operator reads the connector's logs, errors and metrics for"
          + " status.")
  private Observability observability;

  @JsonPropertyDescription(
      "Alter or reset the connector's offsets, carried out once per spec.offsets.requestId.")
  private OffsetsChange offsets;

  @ValidationRule(
      value = "self == oldSelf",
      message =
          "spec.target is immutable: create a new CustomConnector to run the connector somewhere"
              + " else")
  @JsonPropertyDescription(
      "Where the connector runs. Default: the target of the referenced ConnectorPlugin."
          + " Required with spec.connectorClass. Immutable.")
  private Target target;

  @Default("Delete")
  @JsonPropertyDescription(
      "Delete (default) removes the remote connector when this resource is deleted; Orphan"
          + " leaves it running.")
  private DeletionPolicy deletionPolicy;
}
