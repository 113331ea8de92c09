package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** The source of a plugin archive. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.url) ? 1 : 0) + (has(self.maven) ? 1 : 0) + (has(self.bundled) ? 1 : 0) == 1",
    message = "spec.archive must set exactly one of url, maven or bundled")
@ValidationRule(
    value = "!has(self.url) || has(self.sha256)",
    message =
        "spec.archive.sha256 is required with spec.archive.url: the operator verifies the download"
            + " before it uploads anything")
@ValidationRule(
    value = "!has(self.bundled) || !has(self.sha256)",
    message =
        "spec.archive.sha256 cannot be set with spec.archive.bundled: the operator knows the"
            + " checksum of the archives it ships")
public class PluginArchive {

  @Size(max = 2048)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.HTTP_URL + "')",
      message = "spec.archive.url must be an http(s) URL, e.g. https://example.com/path")
  @JsonPropertyDescription("An http(s) URL of the archive. Requires sha256.")
  private String url;

  @Size(max = 128)
  @ValidationRule(
      value = "self.matches(r'" + Patterns.SHA256 + "')",
      message = "spec.archive.sha256 must be 64 hex digits, as printed by sha256sum")
  @JsonPropertyDescription(
      "SHA-256 of the archive, 64 hex digits. Verified before upload; a mismatch is reported in"
          + " status and nothing is uploaded. Required with url, optional with maven.")
  private String sha256;

  @JsonPropertyDescription("Maven coordinates of the archive.")
  private MavenArtifact maven;

  @JsonPropertyDescription(
      "An archive shipped inside the operator image, e.g. dynamodb-source (the DynamoDB source"
          + " connector this project builds).")
  private BundledArchive bundled;
}
