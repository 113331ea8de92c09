package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Maven coordinates of a plugin archive. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MavenArtifact {

  private static final String COORDINATE = "^[A-Za-z0-9_.-]+$";

  @Default("https://repo.maven.apache.org/maven2")
  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message =
          "spec.archive.maven.repository must be an http(s) URL, e.g. https://example.com/path")
  @JsonPropertyDescription("Base URL of the Maven repository. Default: Maven Central.")
  private String repository;

  @Required
  @Pattern(COORDINATE)
  @JsonPropertyDescription("groupId, e.g. io.customconnectors.")
  private String groupId;

  @Required
  @Pattern(COORDINATE)
  @JsonPropertyDescription("artifactId, e.g. kafka-connect-dynamodb.")
  private String artifactId;

  @Required
  @Pattern(COORDINATE)
  @JsonPropertyDescription(
      "Exact version, e.g. 1.0.0. Ranges and SNAPSHOT resolution are not used.")
  private String version;

  @Pattern(COORDINATE)
  @JsonPropertyDescription("Optional classifier, e.g. plugin.")
  private String classifier;

  @Default("zip")
  @Pattern("^(zip|jar)$")
  @JsonPropertyDescription("Packaging of the archive: zip (default) or jar.")
  private String type;
}
