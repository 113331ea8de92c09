package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.PluginObservation.OnConfluentCloud;

class CloudPluginStatusCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
  private static final String ENV = "ccloud/env-1";

  private static ConnectorPlugin plugin(ConnectorPluginStatus previous) {
    ConnectorPlugin plugin = new ConnectorPlugin();
    plugin.getMetadata().setName("dynamodb-source");
    plugin.getMetadata().setGeneration(3L);
    plugin.setStatus(previous);
    return plugin;
  }

  private static ConnectorPluginStatus compute(
      ConnectorPluginStatus previous, OnConfluentCloud seen) {
    return CloudPluginStatusCalculator.compute(plugin(previous), seen, List.of("orders"), T0);
  }

  private static String reason(ConnectorPluginStatus status) {
    return Conditions.find(status.getConditions(), "Ready").getReason();
  }

  @Test
  void eachPhaseOfAVersionHasItsReason() {
    ConnectorPluginStatus uploading =
        compute(null, new OnConfluentCloud(ENV, "ccp-1", null, null, null, null, null));
    assertThat(reason(uploading)).isEqualTo("Uploading");

    ConnectorPluginStatus checking =
        compute(
            null, new OnConfluentCloud(ENV, "ccp-1", "1.0.0+ab", "PROCESSING", null, "f00", null));
    assertThat(reason(checking)).isEqualTo("Uploading");
    assertThat(Conditions.find(checking.getConditions(), "Ready").getMessage())
        .isEqualTo("Confluent Cloud is checking version 1.0.0+ab of plugin ccp-1 in ccloud/env-1");

    ConnectorPluginStatus refused =
        compute(
            null,
            new OnConfluentCloud(
                ENV, "ccp-1", "1.0.0+ab", "FAILED", "no manifest.json", "f00", null));
    assertThat(reason(refused)).isEqualTo("ArchiveRejected");
    assertThat(Conditions.find(refused.getConditions(), "Ready").getMessage())
        .contains("no manifest.json")
        .contains("change spec.archive");

    ConnectorPluginStatus ready =
        compute(null, new OnConfluentCloud(ENV, "ccp-1", "1.0.0+ab", "READY", null, "f00", null));
    assertThat(Conditions.isTrue(ready.getConditions(), "Ready")).isTrue();
    assertThat(reason(ready)).isEqualTo("Uploaded");
    assertThat(ready.getPluginId()).isEqualTo("ccp-1");
    assertThat(ready.getPluginVersion()).isEqualTo("1.0.0+ab");
    assertThat(ready.getArchiveSha256()).isEqualTo("f00");
    assertThat(ready.getUsedBy()).isEqualTo(1);
    assertThat(ready.getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void connectorsKeepTheLastReadyVersionWhileANewOneIsCheckedOrRefused() {
    ConnectorPluginStatus ready =
        compute(null, new OnConfluentCloud(ENV, "ccp-1", "1.0.0+ab", "READY", null, "f00", null));
    ConnectorPluginStatus checking =
        compute(
            ready, new OnConfluentCloud(ENV, "ccp-1", "1.0.1+cd", "PROCESSING", null, "b44", null));
    assertThat(reason(checking)).isEqualTo("Uploading");
    assertThat(checking.getPluginVersion()).isEqualTo("1.0.0+ab");
    assertThat(checking.getArchiveSha256()).isEqualTo("f00");
    assertThat(Conditions.find(checking.getConditions(), "Ready").getMessage())
        .endsWith("connectors keep running version 1.0.0+ab");

    ConnectorPluginStatus refused =
        compute(
            checking,
            new OnConfluentCloud(ENV, "ccp-1", "1.0.1+cd", "FAILED", "bad archive", "b44", null));
    assertThat(refused.getPluginVersion()).isEqualTo("1.0.0+ab");

    ConnectorPluginStatus moved =
        compute(
            refused, new OnConfluentCloud(ENV, "ccp-1", "1.0.2+ef", "READY", null, "c55", null));
    assertThat(moved.getPluginVersion()).isEqualTo("1.0.2+ef");
    assertThat(moved.getArchiveSha256()).isEqualTo("c55");

    // Another plugin (the old one was deleted outside Kubernetes): nothing to run until READY.
    ConnectorPluginStatus recreated =
        compute(
            moved, new OnConfluentCloud(ENV, "ccp-2", "1.0.2+ef", "PROCESSING", null, "c55", null));
    assertThat(recreated.getPluginVersion()).isNull();
  }

  @Test
  void aFailedNewUploadKeepsTheVersionInUse() {
    ConnectorPluginStatus ready =
        compute(null, new OnConfluentCloud(ENV, "ccp-1", "1.0.0+ab", "READY", null, "f00", null));
    ConnectorPluginStatus mismatch =
        compute(
            ready,
            new OnConfluentCloud(
                ENV,
                "ccp-1",
                null,
                null,
                null,
                "f00",
                new io.customconnectors.operator.backend.Problem(
                    Reason.ArchiveChecksumMismatch, "has SHA-256 x, not y")));
    assertThat(reason(mismatch)).isEqualTo("ArchiveChecksumMismatch");
    assertThat(mismatch.getPluginVersion()).isEqualTo("1.0.0+ab");
    assertThat(mismatch.getArchiveSha256()).isEqualTo("f00");
  }
}
