package io.customconnectors.operator.backend.confluentcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;

class PluginVersionsTest {

  private static ConnectorPluginSpec spec() {
    ConnectorPluginSpec spec = new ConnectorPluginSpec();
    spec.setDisplayName("DynamoDB Custom connector");
    spec.setConnectorClass("io.customconnectors.connect.dynamodb.DynamoDbSourceConnector");
    spec.setConnectorType(ConnectorType.SOURCE);
    spec.setSensitiveConfigProperties(List.of("aws.secret.key", "aws.access.key.id"));
    return spec;
  }

  @Test
  void theFingerprintFollowsWhatAVersionDeclaresAndNothingElse() {
    String first = PluginVersions.fingerprint("sha256:abc", spec());
    assertThat(first).matches("[0-9a-f]{12}");

    ConnectorPluginSpec reordered = spec();
    reordered.setSensitiveConfigProperties(List.of("aws.access.key.id", "aws.secret.key"));
    reordered.setDisplayName("Renamed: a plugin attribute, not a version's");
    reordered.setDescription("also the plugin's");
    assertThat(PluginVersions.fingerprint("sha256:abc", reordered)).isEqualTo(first);

    assertThat(PluginVersions.fingerprint("sha256:abd", spec())).isNotEqualTo(first);
    ConnectorPluginSpec moreSensitive = spec();
    moreSensitive.setSensitiveConfigProperties(List.of("aws.secret.key"));
    assertThat(PluginVersions.fingerprint("sha256:abc", moreSensitive)).isNotEqualTo(first);
    ConnectorPluginSpec documented = spec();
    documented.setDocumentationLink("https://example.com/dynamodb");
    assertThat(PluginVersions.fingerprint("sha256:abc", documented)).isNotEqualTo(first);
  }

  @Test
  void confluentCloudsLengthLimitsAreCheckedBeforeAnythingIsSent() {
    assertThat(PluginVersions.tooLong(spec())).isEmpty();
    ConnectorPluginSpec long_ = spec();
    long_.setDisplayName("D".repeat(61));
    long_.setDescription("d".repeat(257));
    assertThat(PluginVersions.tooLong(long_))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains("spec.displayName has 61 characters, at most 60 allowed")
                    .contains("spec.description has 257 characters, at most 256 allowed")
                    .contains("Confluent Cloud's limits"));
  }

  @Test
  void thePluginsDescriptionCarriesTheResourcesMarkWithinConfluentsLimit() {
    String uid = "0b6d2c1e-6a7f-4d4e-9a43-0c0c7c1f2d3e";
    ConnectorPluginSpec described = spec();
    described.setDescription("DynamoDB Custom connector for dev");
    String description = PluginVersions.description(described, uid);
    assertThat(description)
        .isEqualTo("DynamoDB Custom connector for dev [customconnectors.io/uid=" + uid + "]");
    assertThat(PluginVersions.owned(new CustomPlugins.Plugin("ccp-1", "x", description), uid))
        .isTrue();
    assertThat(
            PluginVersions.owned(
                new CustomPlugins.Plugin("ccp-1", "x", description),
                "ffffffff-6a7f-4d4e-9a43-0c0c7c1f2d3e"))
        .isFalse();
    assertThat(PluginVersions.owned(new CustomPlugins.Plugin("ccp-2", "x", ""), uid)).isFalse();

    ConnectorPluginSpec longest = spec();
    longest.setDescription("d".repeat(256));
    assertThat(PluginVersions.tooLong(longest)).isEmpty();
    String shortened = PluginVersions.description(longest, uid);
    assertThat(shortened)
        .hasSizeLessThanOrEqualTo(256)
        .endsWith("[customconnectors.io/uid=" + uid + "]");
    assertThat(PluginVersions.description(spec(), uid))
        .isEqualTo("[customconnectors.io/uid=" + uid + "]");
  }
}
