package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.backend.AllowedTargets;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.config.CloudConnectorConfig;
import io.customconnectors.operator.reconciler.ReconcilerHarness.RecordedEvent;

import com.sun.net.httpserver.HttpServer;

/**
 * The fast tier on Confluent Cloud: both reconcilers against the in-memory Confluent Cloud (plugin
 * versions PROCESSING then READY, connectors PROVISIONING then RUNNING, secrets masked).
 */
class ConfluentCloudReconcilerTest {

  private static final String SECRET = "wJalrXUtnFEMI-cloud-fast-SECRET";

  private final ReconcilerHarness bed = new ReconcilerHarness();

  @AfterEach
  void close() {
    bed.close();
  }

  private static ConnectorPlugin plugin() {
    return FastTierManifests.confluentCloudPlugin(null);
  }

  private static CustomConnector connector(String name) {
    return FastTierManifests.cloudConnector(name);
  }

  private void secrets() {
    bed.secret("ccloud-api", Map.of("key", "CLOUDKEY", "secret", "cloud-" + SECRET));
    bed.secret("kafka-api", Map.of("key", "KAFKAKEY", "secret", "kafka-" + SECRET));
    bed.secret("aws", Map.of("secret-access-key", SECRET));
  }

  /** Uploads the plugin and waits for Confluent's verdict. */
  private void uploaded() {
    secrets();
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("TRUE Uploaded");
  }

  @Test
  void aPluginIsUploadedOnceAndReadyAfterConfluentChecksIt() {
    secrets();
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE Uploading");
    assertThat(bed.plugin("dynamodb-source").getMetadata().getAnnotations())
        .containsEntry(Annotations.CREATING_PLUGIN, "true");

    bed.reconcilePlugin("dynamodb-source");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("TRUE Uploaded");
    assertThat(bed.plugin("dynamodb-source").getStatus().getPluginVersion())
        .matches("0\\.1\\.0\\+[0-9a-f]{12}");
    assertThat(bed.plugin("dynamodb-source").getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.CREATING_PLUGIN);
    assertThat(bed.cloud.count("createPlugin")).isEqualTo(1);
    assertThat(bed.cloud.count("createVersion")).isEqualTo(1);
    assertThat(bed.events("dynamodb-source"))
        .extracting(RecordedEvent::type)
        .containsOnly(EventRecorder.Type.Normal);
  }

  @Test
  void aRefusedArchiveSaysWhyAndIsNotUploadedAgain() {
    bed.cloud.refuseArchives("no manifest.json in the archive");
    secrets();
    bed.apply(plugin());
    for (int i = 0; i < 4; i++) {
      bed.reconcilePlugin("dynamodb-source");
    }
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE ArchiveRejected");
    assertThat(bed.cloud.count("createVersion")).isEqualTo(1);
  }

  @Test
  void aConnectorIsProvisionedThenReadyWithoutAPutLoopOnMaskedSecrets() {
    uploaded();
    bed.apply(connector("orders"));
    bed.reconcile("orders");
    assertThat(bed.cloud.count("put orders")).isEqualTo(1);
    assertThat(bed.cloud.stored("lkc-1", "orders").orElseThrow())
        .containsEntry("aws.secret.key", SECRET)
        .containsEntry("kafka.api.secret", "kafka-" + SECRET)
        .containsEntry(CloudConnectorConfig.CONNECTOR_TYPE, "CUSTOM");

    bed.poll();
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE Provisioning");
    assertThat(bed.connector("orders").getStatus().getConnectorId()).startsWith("clcc-");

    for (int i = 0; i < 4; i++) {
      bed.poll();
      bed.reconcile("orders");
    }
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.cloud.count("put orders")).isEqualTo(1);
    assertThat(bed.events("orders"))
        .extracting(RecordedEvent::reason, RecordedEvent::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Provisioning", EventRecorder.Type.Normal),
            org.assertj.core.groups.Tuple.tuple("Running", EventRecorder.Type.Normal));
    assertThat(bed.connector("orders").getStatus().toString()).doesNotContain(SECRET);
  }

  @Test
  void stoppedIsRefusedWithAdviceAndPausedIsApplied() {
    uploaded();
    bed.apply(connector("orders"));
    bed.settle("orders");
    CustomConnector stopped = connector("orders");
    stopped.getSpec().setState(ConnectorState.STOPPED);
    bed.apply(stopped);
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE BackendNotSupported");
    assertThat(bed.readyMessage("orders")).contains("set spec.state to Paused");

    CustomConnector paused = connector("orders");
    paused.getSpec().setState(ConnectorState.PAUSED);
    bed.apply(paused);
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Paused");
    assertThat(bed.cloud.count("pause orders")).isEqualTo(1);
    assertThat(bed.cloud.count("put orders")).isEqualTo(1);
  }

  @Test
  void aFailedConnectorIsRestartedBySendingItsConfigAgain() {
    uploaded();
    CustomConnector connector = connector("orders");
    var policy = new io.customconnectors.operator.api.v1alpha1.RestartPolicy();
    policy.setInitialDelaySeconds(1);
    connector.getSpec().setRestartPolicy(policy);
    bed.apply(connector);
    bed.settle("orders");
    bed.cloud.setState("lkc-1", "orders", "FAILED");
    bed.poll();
    bed.reconcile("orders");
    bed.clock.advance(java.time.Duration.ofSeconds(1));
    bed.reconcile("orders");
    assertThat(bed.cloud.count("put orders")).isEqualTo(2);
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aNewDeclarationIsANewVersionTheConnectorMovesToAndTheOldOneGoes() {
    uploaded();
    bed.apply(connector("orders"));
    bed.settle("orders");
    String pluginId = bed.plugin("dynamodb-source").getStatus().getPluginId();
    String first = bed.plugin("dynamodb-source").getStatus().getPluginVersion();

    ConnectorPlugin documented = plugin();
    documented.getSpec().setDocumentationLink("https://example.com/dynamodb");
    bed.apply(documented);
    bed.reconcilePlugin("dynamodb-source");
    // Still checked by Confluent: the connector keeps the version it runs.
    assertThat(bed.plugin("dynamodb-source").getStatus().getPluginVersion()).isEqualTo(first);
    bed.reconcilePlugin("dynamodb-source");
    String second = bed.plugin("dynamodb-source").getStatus().getPluginVersion();
    assertThat(second).isNotEqualTo(first);
    // The old version is still run by the connector: it stays until the connector moved.
    assertThat(bed.cloud.versionsOf(pluginId)).hasSize(2);

    bed.reconcile("orders");
    assertThat(bed.cloud.stored("lkc-1", "orders").orElseThrow())
        .containsEntry(CloudConnectorConfig.PLUGIN_VERSION, second);
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.cloud.versionsOf(pluginId))
        .extracting(CustomPlugins.Version::version)
        .containsExactly(second);
  }

  @Test
  void aRestartOnRequestSendsTheConfigAgainAndSaysSo() {
    uploaded();
    bed.apply(connector("orders"));
    bed.settle("orders");
    long puts = bed.cloud.count("put orders");
    bed.annotate("orders", Annotations.RESTART_TASK, "0");
    bed.reconcile("orders");
    bed.reconcile("orders");
    assertThat(bed.cloud.count("put orders")).isEqualTo(puts + 1);
    assertThat(bed.connector("orders").getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.RESTART_TASK);
    assertThat(bed.events("orders"))
        .filteredOn(e -> e.reason().equals("Restarted"))
        .extracting(RecordedEvent::message)
        .containsExactly(
            "Restarted connector 'orders' and all its tasks on request by sending its config"
                + " again (ccloud/lkc-1 has no restart call): ccloud/lkc-1 cannot restart task 0"
                + " alone");
  }

  @Test
  void aSlowUploadHoldsNoReconcileThreadAndAnotherConnectorReachesReadyMeanwhile() {
    try (ReconcilerHarness quick =
        new ReconcilerHarness(AllowedTargets.anything(), Duration.ofMillis(100))) {
      quick.secret("ccloud-api", Map.of("key", "CLOUDKEY", "secret", "cloud-" + SECRET));
      quick.secret("kafka-api", Map.of("key", "KAFKAKEY", "secret", "kafka-" + SECRET));
      quick.secret("aws", Map.of("secret-access-key", SECRET));
      quick.apply(plugin());
      reconcileUntil(quick, "TRUE Uploaded");
      String first = quick.plugin("dynamodb-source").getStatus().getPluginVersion();
      quick.apply(connector("orders"));
      quick.settle("orders");

      quick.cloud.holdUploads();
      ConnectorPlugin documented = plugin();
      documented.getSpec().setDocumentationLink("https://example.com/dynamodb");
      quick.apply(documented);
      // An upload in line would hold this reconcile (and its thread) until the upload ends.
      assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> quick.reconcilePlugin("dynamodb-source"));
      assertThat(quick.ready("dynamodb-source")).isEqualTo("FALSE Uploading");
      assertThat(quick.plugin("dynamodb-source").getStatus().getPluginVersion()).isEqualTo(first);
      long asked = quick.cloud.operations().size();
      assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> quick.reconcilePlugin("dynamodb-source"));
      assertThat(quick.cloud.operations()).hasSize((int) asked); // nothing asked meanwhile

      quick.apply(connector("customers"));
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> quick.settle("customers"));
      assertThat(quick.ready("customers")).isEqualTo("TRUE Running");
      assertThat(quick.cloud.count("createVersion")).isEqualTo(2);

      quick.cloud.releaseUploads();
      reconcileUntil(quick, "TRUE Uploaded");
      assertThat(quick.plugin("dynamodb-source").getStatus().getPluginVersion())
          .isNotEqualTo(first);
      assertThat(quick.cloud.count("createVersion")).isEqualTo(2);
    }
  }

  @Test
  void cachedArchivesNoPluginNamesAnyMoreAreRemoved() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] first = FastTierManifests.archive("0.1.0");
    byte[] second = FastTierManifests.archive("0.2.0");
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestURI().getPath().contains("0.1.0") ? first : second;
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      secrets();
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/dynamodb-";
      bed.apply(FastTierManifests.fromUrl(plugin(), base + "0.1.0.zip", sha256(first)));
      reconcileUntil(bed, "TRUE Uploaded");
      assertThat(bed.archiveCache()).containsExactly(sha256(first) + ".zip");

      bed.apply(FastTierManifests.fromUrl(plugin(), base + "0.2.0.zip", sha256(second)));
      reconcileUntil(bed, "TRUE Uploaded");
      assertThat(bed.plugin("dynamodb-source").getStatus().getPluginVersion()).startsWith("0.2.0+");
      assertThat(bed.archiveCache()).containsExactly(sha256(second) + ".zip");

      bed.deletePlugin("dynamodb-source");
      assertThat(bed.exists("dynamodb-source")).isFalse();
      assertThat(bed.archiveCache()).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  private static void reconcileUntil(ReconcilerHarness harness, String ready) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              harness.reconcilePlugin("dynamodb-source");
              return ready.equals(harness.ready("dynamodb-source"));
            });
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aPluginNameTakenBySomeoneElseIsLeftAloneUntilAdopted() {
    secrets();
    String theirs = bed.cloud.addPlugin("DynamoDB Custom connector");
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE NameTaken");
    assertThat(bed.cloud.count("createVersion")).isZero();
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.count("deletePlugin")).isZero();

    ConnectorPlugin adopting = plugin();
    adopting.getMetadata().setAnnotations(Map.of(Annotations.ADOPT, "true"));
    bed.apply(adopting);
    bed.reconcilePlugin("dynamodb-source");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("TRUE Uploaded");
    assertThat(bed.plugin("dynamodb-source").getStatus().getPluginId()).isEqualTo(theirs);
  }

  @Test
  void aPluginWithoutAnArchiveIsRefusedUnlessItAdoptsOneThatExistsWhichItLeavesAsItIs() {
    secrets();
    ConnectorPlugin archiveless = plugin();
    archiveless.getSpec().setArchive(null);
    bed.apply(archiveless);
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE TargetIncomplete");
    assertThat(message(bed.plugin("dynamodb-source")))
        .contains("spec.archive is missing")
        .contains(Annotations.ADOPT + "=true");
    assertThat(bed.cloud.operations()).as("nothing asked of Confluent Cloud").isEmpty();

    String theirs = bed.cloud.addPlugin("DynamoDB Custom connector");
    bed.cloud.addReadyVersion(theirs, "1.0.0");
    bed.cloud.addReadyVersion(theirs, "1.1.0");
    long before = bed.cloud.operations().size();
    ConnectorPlugin adopting = plugin();
    adopting.getSpec().setArchive(null);
    adopting.getMetadata().setAnnotations(Map.of(Annotations.ADOPT, "true"));
    bed.apply(adopting);
    bed.reconcilePlugin("dynamodb-source");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("TRUE Uploaded");
    assertThat(bed.plugin("dynamodb-source").getStatus().getPluginId()).isEqualTo(theirs);
    assertThat(bed.plugin("dynamodb-source").getStatus().getPluginVersion()).isEqualTo("1.1.0");
    assertThat(bed.cloud.operations().subList((int) before, bed.cloud.operations().size()))
        .as("an adopted plugin without an archive is only read")
        .allMatch(op -> op.startsWith("plugin") || op.startsWith("versions"));
  }

  private static String message(ConnectorPlugin plugin) {
    return io.customconnectors.operator.status.Conditions.find(
            plugin.getStatus().getConditions(), "Ready")
        .getMessage();
  }

  @Test
  void deletingConnectorThenPluginRemovesEverythingRemote() {
    uploaded();
    bed.apply(connector("orders"));
    bed.settle("orders");
    String pluginId = bed.plugin("dynamodb-source").getStatus().getPluginId();

    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isFalse();
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE InUse");
    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.stored("lkc-1", "orders")).isEmpty();
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.plugin(pluginId)).isEmpty();
  }

  @Test
  void aPluginVersionStillRunByAnotherConnectorKeepsThePluginPending() {
    uploaded();
    var plugin = bed.plugin("dynamodb-source").getStatus();
    // A connector made in the console, outside this cluster, runs the version.
    bed.cloud
        .cluster(
            new io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection(
                null, "k", "s", "env-1", "lkc-2", "AWS"))
        .putConfig(
            "console-made",
            Map.of(
                CloudConnectorConfig.PLUGIN_ID, plugin.getPluginId(),
                CloudConnectorConfig.PLUGIN_VERSION, plugin.getPluginVersion()));
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isFalse();
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE DeletePending");

    ConnectorPlugin orphan = plugin();
    orphan.getSpec().setDeletionPolicy(DeletionPolicy.ORPHAN);
    bed.apply(orphan);
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.plugin(plugin.getPluginId())).isPresent();
  }

  @Test
  void aPluginReconciledBeforeTheSecretCacheIsFilledWaitsWithoutAStatus() {
    uploaded();
    var before = bed.plugin("dynamodb-source").getStatus();
    int operations = bed.cloud.operations().size();
    int events = bed.events("dynamodb-source").size();
    // An operator restarting: its plugin controller runs before the Secrets are listed.
    bed.secretCacheFilled = false;
    var control = bed.reconcilePlugin("dynamodb-source");
    assertThat(control.getScheduleDelay()).contains(1_000L);
    assertThat(bed.plugin("dynamodb-source").getStatus()).isEqualTo(before);
    assertThat(bed.events("dynamodb-source")).hasSize(events);
    assertThat(bed.cloud.operations()).hasSize(operations);
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isFalse();
    assertThat(bed.cloud.plugin(before.getPluginId())).isPresent();

    bed.secretCacheFilled = true;
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.plugin(before.getPluginId())).isEmpty();
  }

  @Test
  void aCreateWhoseAnswerWasLostFindsItsOwnPluginAgainWithoutADuplicate() {
    secrets();
    bed.cloud.loseNextCreateAnswer();
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE BackendUnreachable");
    assertThat(bed.plugin("dynamodb-source").getMetadata().getAnnotations())
        .containsEntry(Annotations.CREATING_PLUGIN, "true");

    bed.reconcilePlugin("dynamodb-source");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("TRUE Uploaded");
    assertThat(bed.cloud.pluginsNamed("DynamoDB Custom connector")).hasSize(1);
    assertThat(bed.cloud.count("createPlugin")).isEqualTo(1);
  }

  @Test
  void anotherTeamsSameNamedPluginIsNeverTakenForOwnNorDeleted() {
    secrets();
    String theirs = bed.cloud.addPlugin("DynamoDB Custom connector");
    // As if this resource had marked itself and the operator died before creating anything.
    ConnectorPlugin marked = plugin();
    marked.getMetadata().setAnnotations(Map.of(Annotations.CREATING_PLUGIN, "true"));
    bed.apply(marked);
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE NameTaken");
    assertThat(bed.cloud.count("createVersion")).isZero();
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.plugin(theirs)).isPresent();
  }

  @Test
  void aDefiniteRefusalToCreateClearsTheMark() {
    secrets();
    bed.apply(plugin());
    bed.cloud.failNextCreate(400, "quota exceeded: 100 custom plugins per organization");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE ConfigRejected");
    assertThat(bed.plugin("dynamodb-source").getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.CREATING_PLUGIN);
    assertThat(bed.cloud.pluginsNamed("DynamoDB Custom connector")).isEmpty();
  }

  @Test
  void aKeyTheServiceDoesNotKeepIsWrittenTwiceMoreThenReportedNotSentForever() {
    uploaded();
    bed.cloud.dropOnWrite("aws.region");
    bed.apply(connector("orders"));
    for (int i = 0; i < 10; i++) {
      bed.poll();
      bed.reconcile("orders");
    }
    assertThat(bed.cloud.count("put orders")).isEqualTo(3);
    var warning =
        io.customconnectors.operator.status.Conditions.find(
            bed.connector("orders").getStatus().getConditions(), "ConfigNotKept");
    assertThat(warning.getReason()).isEqualTo("ConfigNotKept");
    assertThat(warning.getMessage()).contains("aws.region");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.events("orders"))
        .extracting(RecordedEvent::reason)
        .containsOnlyOnce("ConfigNotKept");

    CustomConnector changed = connector("orders");
    changed.getSpec().setConfig(Map.of("aws.region", "eu-west-1"));
    bed.apply(changed);
    bed.reconcile("orders");
    assertThat(bed.cloud.count("put orders")).isEqualTo(4);
  }

  @Test
  void aCleanupThatRunsAgainAfterTheSecretsWentHasNothingLeftToDo() {
    uploaded();
    bed.apply(connector("orders"));
    bed.settle("orders");
    String pluginId = bed.plugin("dynamodb-source").getStatus().getPluginId();
    // Both deleted remotely, but their finalizers could not be removed (a conflict, say) ...
    assertThat(bed.deleteButKeepIt("orders").isRemoveFinalizer()).isTrue();
    bed.removeConnector("orders");
    assertThat(bed.deletePluginButKeepIt("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.cloud.plugin(pluginId)).isEmpty();
    // ... and by the next try the namespace's Secrets are gone.
    bed.deleteSecret("ccloud-api");
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
  }
}
