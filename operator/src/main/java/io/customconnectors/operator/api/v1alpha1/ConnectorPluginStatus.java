package io.customconnectors.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** What the operator last observed about a plugin. */
@JsonClassDescription(
    "What the operator last observed about the plugin: Ready, its id and version on the target,"
        + " and how many CustomConnectors use it.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorPluginStatus implements StatusWithConditions {

  @JsonPropertyDescription("metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription("Ready and, when relevant, InUse conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Short form of the target, e.g. ccloud/env-a1b2c3 or connect/connect.kafka.svc:8083.")
  private String target;

  @JsonPropertyDescription("Id of the uploaded plugin on Confluent Cloud, e.g. ccp-4rrw00.")
  private String pluginId;

  @JsonPropertyDescription(
      "Plugin version: the uploaded version on Confluent Cloud, or the version a Connect worker"
          + " reports for the class.")
  private String pluginVersion;

  @JsonPropertyDescription("SHA-256 of the archive that was uploaded.")
  private String archiveSha256;

  @JsonPropertyDescription("Number of CustomConnectors that reference this plugin.")
  private Integer usedBy;
}
