package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** One classified error seen in a connector's traces or logs. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecentError {

  @JsonPropertyDescription("When it was first seen (RFC 3339, UTC).")
  private String firstSeen;

  @JsonPropertyDescription("When it last appeared (RFC 3339, UTC).")
  private String lastSeen;

  @JsonPropertyDescription(
      "Where it was seen: TaskTrace, ConnectorTrace, LogTopic, LogEvent or PodLog.")
  private String source;

  @JsonPropertyDescription(
      "AuthenticationFailed, PermissionDenied, NetworkUnreachable, ConfigurationInvalid,"
          + " ResourceNotFound, Throttled or Unknown.")
  private String classification;

  @JsonPropertyDescription("The error as logged, trimmed.")
  private String message;

  @JsonPropertyDescription("What to do about it, e.g. which endpoint to add to the allow-list.")
  private String hint;

  @JsonPropertyDescription(
      "How many times it appeared since it was first seen (a task failing again after a restart"
          + " counts again; one failure seen on many polls counts once).")
  private Integer count;
}
