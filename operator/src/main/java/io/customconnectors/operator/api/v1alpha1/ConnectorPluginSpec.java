package io.customconnectors.operator.api.v1alpha1;

import java.util.List;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** What the plugin is, where its archive comes from and where it is installed. */
@JsonClassDescription("What the plugin is, where its archive comes from and where it is installed.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorPluginSpec {

  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "Name shown for the plugin, e.g. in the Confluent Cloud console (\"Connector plugin name\").")
  private String displayName;

  @Size(max = 1024)
  @JsonPropertyDescription("What the plugin is for.")
  private String description;

  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message = "spec.documentationLink must be an http(s) URL, e.g. https://example.com/path")
  @JsonPropertyDescription("An http(s) link to the plugin's documentation.")
  private String documentationLink;

  @Required
  @Size(max = 255)
  @ValidationRule(value = Patterns.JAVA_CLASS_RULE, message = Patterns.JAVA_CLASS_MESSAGE)
  @ValidationRule(
      value = "self == oldSelf",
      message = "connectorClass is immutable: create a new ConnectorPlugin for another class")
  @JsonPropertyDescription(
      "Fully qualified class of the connector, e.g."
          + " io.customconnectors.connect.dynamodb.DynamoDbSourceConnector. Immutable.")
  private String connectorClass;

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message = "connectorType is immutable: create a new ConnectorPlugin for another type")
  @JsonPropertyDescription("SOURCE or SINK. Immutable.")
  private ConnectorType connectorType;

  @JsonPropertyDescription(
      "Where the plugin archive (a Confluent Hub style ZIP or a JAR) comes from: exactly one of url"
          + " (with sha256), maven or bundled. Required for a confluentCloud target, except on a"
          + " resource annotated customconnectors.io/adopt=true, which then takes the existing"
          + " plugin as it is (no upload, connectors run its newest READY version); for a"
          + " kafkaConnect target the plugin is part of the worker image and this is ignored.")
  private PluginArchive archive;

  @Size(max = 100)
  @ValidationRule(
      value = "self.all(k, k.matches(r'" + Patterns.CONFIG_KEY + "'))",
      message =
          "sensitiveConfigProperties must be connector config keys (letters, digits, '.', '_',"
              + " '-'), e.g. aws.secret.key")
  @JsonPropertyDescription(
      "Config keys whose values Confluent Cloud must mask and encrypt, e.g. aws.secret.key. Keys"
          + " not listed here may be stored unencrypted.")
  private List<@Size(max = 255) String> sensitiveConfigProperties;

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message =
          "target is immutable: create a new ConnectorPlugin to install the plugin somewhere else")
  @JsonPropertyDescription(
      "Where the plugin is installed: exactly one of confluentCloud or kafkaConnect. Immutable.")
  private Target target;

  @Default("Delete")
  @JsonPropertyDescription(
      "Delete (default) removes the uploaded plugin when this resource is deleted; Orphan leaves"
          + " it.")
  private DeletionPolicy deletionPolicy;
}
