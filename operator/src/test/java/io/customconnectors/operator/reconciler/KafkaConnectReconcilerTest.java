package io.customconnectors.operator.reconciler;

import static io.customconnectors.operator.reconciler.ReconcilerHarness.CONNECTOR_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.api.v1alpha1.RestartPolicy;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.reconciler.ReconcilerHarness.RecordedEvent;
import io.customconnectors.operator.status.Conditions;

/**
 * The fast tier on in-cluster Kafka Connect: both reconcilers, wired as in the operator, against
 * the in-memory Kafka Connect and an in-memory Kubernetes. Each case is a few reconciles and polls.
 */
class KafkaConnectReconcilerTest {

  private static final String SECRET = "wJalrXUtnFEMI-fast-tier-SECRET";

  private final ReconcilerHarness bed = new ReconcilerHarness();

  @AfterEach
  void close() {
    bed.close();
  }

  private ConnectorPlugin plugin() {
    return FastTierManifests.kafkaConnectPlugin(bed.connect.url().toString());
  }

  private static CustomConnector connector(String name) {
    return FastTierManifests.connector(name);
  }

  /** The walkthrough's plugin and one connector, Ready. */
  private void running(String name) {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    bed.apply(connector(name));
    bed.reconcile(name);
    bed.settle(name);
    assertThat(bed.ready(name)).isEqualTo("TRUE Running");
  }

  @Test
  void aNewConnectorIsReadyWithOneCreateOneStatusWriteAndOneEvent() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("TRUE Installed");
    int writesBefore = bed.statusWrites.get();

    bed.apply(connector("orders"));
    bed.reconcile("orders");
    assertThat(bed.connect.count("POST /connectors")).isEqualTo(1);
    // Creating is not worth a status write of its own: the next poll says more.
    assertThat(bed.statusWrites.get()).isEqualTo(writesBefore);

    bed.poll();
    bed.reconcile("orders");
    bed.poll();
    bed.reconcile("orders");

    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.statusWrites.get() - writesBefore).isEqualTo(1);
    assertThat(bed.events("orders")).extracting(RecordedEvent::reason).containsExactly("Running");
    assertThat(bed.connect.connectors().get("orders"))
        .containsEntry("aws.secret.key", SECRET)
        .containsEntry(ConfigResolver.OWNER_KEY, "retail/orders");
    assertThat(bed.connector("orders").getStatus().toString()).doesNotContain(SECRET);
    assertThat(bed.connect.count("PUT /connectors/orders/config")).isZero();
  }

  @Test
  void eachPluginOfAClusterSharesOneListingPerInterval() {
    bed.apply(plugin());
    ConnectorPlugin second = plugin();
    second.getMetadata().setName("second");
    bed.apply(second);
    bed.reconcilePlugin("dynamodb-source");
    bed.reconcilePlugin("second");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.connect.count("GET /connector-plugins")).isEqualTo(1);

    bed.clock.advance(ReconcilerHarness.POLL);
    bed.reconcilePlugin("second");
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.connect.count("GET /connector-plugins")).isEqualTo(2);
  }

  @Test
  void aPluginWhoseClassIsNotInstalledBlocksItsConnectors() {
    ConnectorPlugin missing = plugin();
    missing.getSpec().setConnectorClass("io.example.NotThere");
    bed.apply(missing);
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE NotInstalledOnWorker");

    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(connector("orders"));
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE PluginNotReady");
    assertThat(bed.connect.connectors()).isEmpty();
  }

  @Test
  void anOutOfBandEditIsUndoneWithOnePut() {
    running("orders");
    putDirectly("orders", Map.of("aws.region", "eu-west-1"));
    bed.poll();
    bed.reconcile("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/config")).isEqualTo(2);
    assertThat(bed.connect.connectors().get("orders")).containsEntry("aws.region", "us-east-2");

    bed.settle("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/config")).isEqualTo(2);
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  /** A config change made with curl, as a console user would: one PUT of the whole config. */
  private void putDirectly(String name, Map<String, String> changes) {
    var config = new java.util.HashMap<>(bed.connect.connectors().getOrDefault(name, Map.of()));
    config.putAll(changes);
    new KafkaConnectBackend(
            KafkaConnectConnection.plain(bed.connect.url().toString()), Retrying.standard())
        .putConfig(name, config);
  }

  @Test
  void aRotatedSecretReachesTheWorkerWithOnePut() {
    running("orders");
    bed.secret("aws", Map.of("secret-access-key", "rotated-" + SECRET));
    bed.reconcile("orders");
    assertThat(bed.connect.connectors().get("orders"))
        .containsEntry("aws.secret.key", "rotated-" + SECRET);
    bed.settle("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/config")).isEqualTo(1);
  }

  static Stream<Arguments> states() {
    return Stream.of(
        Arguments.of(ConnectorState.PAUSED, "PUT /connectors/orders/pause", "TRUE Paused"),
        Arguments.of(ConnectorState.STOPPED, "PUT /connectors/orders/stop", "TRUE Stopped"));
  }

  @ParameterizedTest
  @MethodSource("states")
  void aStateChangeIsOneCallAndBackToRunningResumes(
      ConnectorState state, String call, String ready) {
    running("orders");
    CustomConnector changed = connector("orders");
    changed.getSpec().setState(state);
    bed.apply(changed);
    bed.settle("orders");
    assertThat(bed.connect.count(call)).isEqualTo(1);
    assertThat(bed.ready("orders")).isEqualTo(ready);

    bed.apply(connector("orders"));
    bed.settle("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/resume")).isEqualTo(1);
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aConnectorMeantToBePausedIsCreatedPausedAndNeverRuns() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    CustomConnector paused = connector("orders");
    paused.getSpec().setState(ConnectorState.PAUSED);
    bed.apply(paused);
    bed.settle("orders");
    assertThat(bed.connect.requests())
        .noneMatch(r -> r.startsWith("PUT /connectors/orders/pause"))
        .noneMatch(r -> r.startsWith("PUT /connectors/orders/resume"));
    assertThat(bed.ready("orders")).isEqualTo("TRUE Paused");
  }

  @Test
  void failuresAreRestartedWithGrowingDelaysUpToTheLimit() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    CustomConnector connector = connector("orders");
    RestartPolicy policy = new RestartPolicy();
    policy.setInitialDelaySeconds(10);
    policy.setMaxRestarts(2);
    connector.getSpec().setRestartPolicy(policy);
    bed.apply(connector);
    bed.settle("orders");

    // {seconds to wait, restarts expected after the wait}: 10 s, then 20 s, then the limit.
    int[][] steps = {{10, 1}, {20, 2}};
    for (int[] step : steps) {
      bed.connect.setState("orders", "FAILED");
      bed.poll();
      bed.reconcile("orders");
      assertThat(bed.ready("orders")).isEqualTo("FALSE ConnectorFailed");
      assertThat(bed.readyMessage("orders")).contains("Next automatic restart at");
      bed.clock.advance(Duration.ofSeconds(step[0] - 1));
      bed.reconcile("orders");
      assertThat(bed.connect.count("POST /connectors/orders/restart")).isEqualTo(step[1] - 1);
      bed.clock.advance(Duration.ofSeconds(1));
      bed.reconcile("orders");
      assertThat(bed.connect.count("POST /connectors/orders/restart")).isEqualTo(step[1]);
      assertThat(bed.connector("orders").getStatus().getRestarts().getCount()).isEqualTo(step[1]);
    }
    bed.connect.setState("orders", "FAILED");
    bed.poll();
    bed.reconcile("orders");
    bed.clock.advance(Duration.ofHours(1));
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE RestartLimitReached");
    assertThat(bed.connect.count("POST /connectors/orders/restart")).isEqualTo(2);
  }

  @Test
  void aTaskFailureIsClassifiedWithItsFixCountedPerOccurrenceAndClearedWhenItHeals()
      throws Exception {
    String trace = FastTierManifests.trace("network-streams-blocked");
    CustomConnector connector = connector("orders");
    RestartPolicy never = new RestartPolicy();
    never.setType(io.customconnectors.operator.api.v1alpha1.RestartPolicyType.NEVER);
    connector.getSpec().setRestartPolicy(never);
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    bed.apply(connector);
    bed.settle("orders");

    bed.connect.failTask("orders", trace);
    bed.poll();
    bed.reconcile("orders");
    bed.poll();
    bed.reconcile("orders");
    var status = bed.connector("orders").getStatus();
    var logErrors = Conditions.find(status.getConditions(), "LogErrors");
    assertThat(logErrors.getReason()).isEqualTo("NetworkUnreachable");
    assertThat(logErrors.getMessage())
        .startsWith(
            "Let the Connect workers open connections to"
                + " streams.dynamodb.us-east-2.amazonaws.com:443. TaskTrace 0:"
                + " org.apache.kafka.connect.errors.ConnectException: Cannot reach"
                + " streams.dynamodb.us-east-2.amazonaws.com");
    assertThat(bed.readyMessage("orders"))
        .endsWith(
            "Fix: Let the Connect workers open connections to"
                + " streams.dynamodb.us-east-2.amazonaws.com:443");
    assertThat(status.getRecentErrors()).hasSize(1);
    assertThat(status.getRecentErrors().get(0).getClassification()).isEqualTo("NetworkUnreachable");
    assertThat(status.getRecentErrors().get(0).getCount()).isEqualTo(1);
    assertThat(bed.events("orders"))
        .filteredOn(e -> e.reason().equals("NetworkUnreachable"))
        .hasSize(1);

    // Restarted by hand, failing again the same way: a second occurrence of the same error.
    bed.annotate("orders", Annotations.RESTART, "true");
    bed.reconcile("orders");
    bed.poll();
    bed.reconcile("orders");
    bed.connect.failTask("orders", trace);
    bed.clock.advance(Duration.ofSeconds(30));
    bed.poll();
    bed.reconcile("orders");
    status = bed.connector("orders").getStatus();
    assertThat(status.getRecentErrors()).hasSize(1);
    assertThat(status.getRecentErrors().get(0).getCount()).isEqualTo(2);
    assertThat(status.getRecentErrors().get(0).getLastSeen())
        .isEqualTo(bed.clock.instant().toString());

    // Healed: the condition goes, the history stays.
    bed.annotate("orders", Annotations.RESTART, "true");
    bed.reconcile("orders");
    bed.poll();
    bed.reconcile("orders");
    status = bed.connector("orders").getStatus();
    assertThat(Conditions.find(status.getConditions(), "LogErrors")).isNull();
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(status.getRecentErrors()).hasSize(1);
  }

  @Test
  void aRestartAskedForByAnnotationIsDoneOnceRecordedAndTheAnnotationRemoved() {
    running("orders");
    bed.annotate("orders", Annotations.RESTART, "true");
    bed.reconcile("orders");
    bed.reconcile("orders");
    assertThat(
            bed.connect.count("POST /connectors/orders/restart?includeTasks=true&onlyFailed=false"))
        .isEqualTo(1);
    assertThat(bed.connector("orders").getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.RESTART);
    assertThat(bed.connector("orders").getStatus().getRestarts().getLastManualRestart())
        .isEqualTo(bed.clock.instant().toString());
    // Not one of the policy's restarts: nothing counts against maxRestarts.
    assertThat(bed.connector("orders").getStatus().getRestarts().getCount()).isNull();
    assertThat(bed.events("orders"))
        .filteredOn(e -> e.reason().equals("Restarted"))
        .extracting(RecordedEvent::message)
        .containsExactly("Restarted connector 'orders' and its tasks on request");

    bed.annotate("orders", Annotations.RESTART_TASK, "0");
    bed.poll();
    bed.reconcile("orders");
    bed.poll();
    bed.reconcile("orders");
    assertThat(bed.connect.count("POST /connectors/orders/tasks/0/restart")).isEqualTo(1);
    assertThat(bed.connector("orders").getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.RESTART_TASK);
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aRestartOfATaskThatDoesNotExistIsRefusedWithTheTasksThereAre() {
    running("orders");
    bed.annotate("orders", Annotations.RESTART_TASK, "7");
    bed.reconcile("orders");
    assertThat(bed.connect.count("POST /connectors/orders/tasks")).isZero();
    assertThat(bed.connect.count("POST /connectors/orders/restart")).isZero();
    assertThat(bed.connector("orders").getMetadata().getAnnotations())
        .doesNotContainKey(Annotations.RESTART_TASK);
    assertThat(bed.events("orders"))
        .filteredOn(e -> e.reason().equals("RestartRefused"))
        .extracting(RecordedEvent::type, RecordedEvent::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                EventRecorder.Type.Warning,
                "Not restarted: connector 'orders' has no task '7'; its tasks are [0]"));
    assertThat(bed.connector("orders").getStatus().getRestarts()).isNull();
  }

  @Test
  void aSameNamedConnectorOfSomeoneElseIsLeftAloneUntilAdopted() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    putDirectly("orders", Map.of("connector.class", CONNECTOR_CLASS, "tasks.max", "1"));

    bed.apply(connector("orders"));
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE NameTaken");
    assertThat(bed.readyMessage("orders")).contains(Annotations.ADOPT);
    assertThat(bed.connect.count("PUT /connectors/orders/config")).isEqualTo(1);
    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.connect.connectors()).containsKey("orders");

    CustomConnector adopting = connector("orders");
    adopting.getMetadata().setAnnotations(Map.of(Annotations.ADOPT, "true"));
    bed.apply(adopting);
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.connect.connectors().get("orders"))
        .containsEntry(ConfigResolver.OWNER_KEY, "retail/orders");
  }

  @Test
  void anAdoptedConnectorThatAlreadyHasTheDesiredConfigTakesNoWriteUntilItsSpecChanges() {
    running("orders");
    var byHand = new java.util.HashMap<>(bed.connect.connectors().get("orders"));
    byHand.put("name", "by-hand");
    byHand.remove(ConfigResolver.OWNER_KEY);
    putDirectly("by-hand", byHand);

    CustomConnector adopting = connector("by-hand");
    adopting.getMetadata().setAnnotations(Map.of(Annotations.ADOPT, "true"));
    bed.apply(adopting);
    bed.settle("by-hand");
    assertThat(bed.ready("by-hand")).isEqualTo("TRUE Running");
    assertThat(bed.connect.count("PUT /connectors/by-hand/config")).isEqualTo(1);
    assertThat(bed.connect.count("POST /connectors/by-hand/restart")).isZero();
    assertThat(bed.connector("by-hand").getStatus().getConfigHash()).isNotNull();

    CustomConnector changed = bed.connector("by-hand");
    changed.getSpec().getConfig().put("aws.region", "eu-west-1");
    bed.apply(changed);
    bed.settle("by-hand");
    assertThat(bed.connect.count("PUT /connectors/by-hand/config")).isEqualTo(2);
    assertThat(bed.connect.connectors().get("by-hand"))
        .containsEntry("aws.region", "eu-west-1")
        .containsEntry(ConfigResolver.OWNER_KEY, "retail/by-hand");
  }

  @Test
  void aConnectorSyncedBeforeItsPluginWaitsForItThenRuns() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(connector("orders"));
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE PluginNotFound");
    assertThat(bed.readyMessage("orders")).contains("dynamodb-source");
    assertThat(bed.connect.connectors()).isEmpty();

    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.connect.count("POST /connectors")).isEqualTo(1);
  }

  @Test
  void aMissingSecretIsReportedAndItsCreationFixesIt() {
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    bed.apply(connector("orders"));
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE SecretNotFound");
    assertThat(bed.readyMessage("orders")).contains("Secret aws").contains("spec.configFrom[0]");
    assertThat(bed.connect.connectors()).isEmpty();

    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aPluginInUseWaitsForItsConnectorsThenGoes() {
    running("orders");
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isFalse();
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE InUse");
    assertThat(bed.plugin("dynamodb-source").getStatus().getUsedBy()).isEqualTo(1);

    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.connect.connectors()).isEmpty();
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
  }

  static Stream<Arguments> deletions() {
    return Stream.of(
        Arguments.of(DeletionPolicy.DELETE, Map.of(), false),
        Arguments.of(DeletionPolicy.ORPHAN, Map.of(), true),
        Arguments.of(DeletionPolicy.DELETE, Map.of(Annotations.FORCE_DELETE, "true"), true));
  }

  @ParameterizedTest
  @MethodSource("deletions")
  void deletionFollowsThePolicy(
      DeletionPolicy policy, Map<String, String> annotations, boolean remoteStays) {
    running("orders");
    CustomConnector deleting = connector("orders");
    deleting.getSpec().setDeletionPolicy(policy);
    deleting.getMetadata().setAnnotations(annotations);
    bed.apply(deleting);
    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.connect.connectors().containsKey("orders")).isEqualTo(remoteStays);
  }

  @Test
  void aDeleteAfterItsSecretsAndPluginAreGoneUsesTheClientLastUsed() {
    running("orders");
    // A namespace being deleted: its Secrets and the plugin go first.
    bed.deleteSecret("aws");
    bed.removePlugin("dynamodb-source");
    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.connect.connectors()).isEmpty();
  }

  @Test
  void aTargetThatIsGoneKeepsTheFinalizerAndBacksOff() {
    running("orders");
    bed.connect.failNext(1_000, 503, "{\"error_code\":503,\"message\":\"worker gone\"}");
    var first = bed.delete("orders");
    assertThat(first.isRemoveFinalizer()).isFalse();
    assertThat(first.getScheduleDelay())
        .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(5_000L));
    assertThat(bed.ready("orders")).isEqualTo("FALSE DeletePending");
    assertThat(bed.readyMessage("orders"))
        .contains("worker gone")
        .contains(Annotations.FORCE_DELETE);

    bed.clock.advance(Duration.ofMinutes(4));
    var later = bed.delete("orders");
    assertThat(later.getScheduleDelay())
        .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(120_000L));
    assertThat(bed.exists("orders")).isTrue();

    bed.connect.failNext(0, 200, "");
    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.connect.connectors()).isEmpty();
  }

  @Test
  void aConnectorThatNeverHadATargetIsDeletedAtOnce() {
    CustomConnector nowhere = connector("orders");
    nowhere.getSpec().setPluginRef(null);
    nowhere.getSpec().setConnectorClass(CONNECTOR_CLASS);
    bed.apply(nowhere);
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE BackendNotSupported");
    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
  }

  @Test
  void aUrlThatIsNoUrlIsAConditionNotAnException() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    ConnectorPlugin broken = plugin();
    broken.getSpec().getTarget().getKafkaConnect().setUrl("http://connect%zz.kafka:8083");
    bed.apply(broken);
    bed.reconcilePlugin("dynamodb-source");
    assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE BackendUnreachable");
    bed.apply(connector("orders"));
    bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE BackendUnreachable");
    assertThat(bed.readyMessage("orders")).contains("Not an http(s) URL").contains("spec.target");
  }

  @Test
  void aThrottledWorkerIsWaitedForAsLongAsItAsksThenTheConnectorRecovers() {
    running("orders");
    bed.connect.failNext(
        "GET /connectors?", 1_000, 429, "{\"error_code\":429,\"message\":\"slow down\"}", 30);
    bed.poll();
    var first = bed.reconcile("orders");
    assertThat(bed.ready("orders")).isEqualTo("FALSE Throttled");
    assertThat(bed.readyMessage("orders")).contains("slow down").contains("30 s");
    assertThat(first.getScheduleDelay())
        .hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(30_000L));
    assertThat(bed.events("orders"))
        .extracting(RecordedEvent::reason, RecordedEvent::type)
        .contains(org.assertj.core.groups.Tuple.tuple("Throttled", EventRecorder.Type.Warning));

    bed.connect.failNext(0, 200, "");
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aBlockedConnectorWaitsLongerEachTimeUpToFiveMinutes() {
    running("orders");
    bed.connect.failNext(
        "GET /connectors?", 1_000, 503, "{\"error_code\":503,\"message\":\"down\"}", 0);
    bed.poll();
    long[] ceilings = {5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000};
    for (long ceiling : ceilings) {
      long delay = bed.reconcile("orders").getScheduleDelay().orElseThrow();
      assertThat(delay).isBetween(ceiling / 2, ceiling);
    }
    bed.connect.failNext(0, 200, "");
    bed.settle("orders");
    // Recovered: the next blocked reconcile starts from the shortest wait again.
    bed.connect.failNext(
        "GET /connectors?", 1_000, 503, "{\"error_code\":503,\"message\":\"down\"}", 0);
    bed.poll();
    assertThat(bed.reconcile("orders").getScheduleDelay())
        .hasValueSatisfying(d -> assertThat(d).isBetween(2_500L, 5_000L));
  }

  @Test
  void aRejectedConfigIsNotSentAgainUntilTheSpecChanges() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(plugin());
    bed.reconcilePlugin("dynamodb-source");
    bed.connect.failNext(
        "POST /connectors",
        1,
        400,
        "{\"error_code\":400,\"message\":\"aws.region: Unknown AWS region\"}",
        0);
    bed.apply(connector("orders"));
    for (int i = 0; i < 4; i++) {
      bed.poll();
      bed.reconcile("orders");
    }
    assertThat(bed.ready("orders")).isEqualTo("FALSE ConfigRejected");
    assertThat(bed.readyMessage("orders"))
        .contains("Unknown AWS region")
        .contains("not sent again");
    assertThat(bed.connect.count("POST /connectors")).isEqualTo(1);

    CustomConnector fixed = connector("orders");
    fixed.getSpec().setConfig(Map.of("aws.region", "eu-west-1"));
    bed.apply(fixed);
    bed.settle("orders");
    assertThat(bed.connect.count("POST /connectors")).isEqualTo(2);
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aSecretInPlainConfigIsAWarningThatNamesTheKeyNeverTheValue() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    ConnectorPlugin declaring = plugin();
    declaring.getSpec().setSensitiveConfigProperties(List.of("dynamodb.signing.salt"));
    bed.apply(declaring);
    bed.reconcilePlugin("dynamodb-source");
    CustomConnector careless = connector("orders");
    careless
        .getSpec()
        .setConfig(
            Map.of(
                "aws.region", "us-east-2",
                "schema.registry.basic.auth.password", "pa55-" + SECRET,
                "dynamodb.signing.salt", "salt-" + SECRET));
    bed.apply(careless);
    bed.settle("orders");

    var warning =
        io.customconnectors.operator.status.Conditions.find(
            bed.connector("orders").getStatus().getConditions(), "SecretsInPlainConfig");
    assertThat(warning.getReason()).isEqualTo("SecretInPlainConfig");
    assertThat(warning.getMessage())
        .contains("dynamodb.signing.salt, schema.registry.basic.auth.password")
        .contains("spec.configFrom")
        .doesNotContain(SECRET);
    assertThat(bed.events("orders"))
        .filteredOn(e -> e.reason().equals("SecretInPlainConfig"))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(EventRecorder.Type.Warning))
        .satisfies(e -> assertThat(e.message()).doesNotContain(SECRET));
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");

    bed.apply(connector("orders"));
    bed.settle("orders");
    assertThat(
            io.customconnectors.operator.status.Conditions.find(
                bed.connector("orders").getStatus().getConditions(), "SecretsInPlainConfig"))
        .isNull();
  }

  @Test
  void aHundredCredentialRotationsLeaveOneClientAndOneClusterPolled() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.secret("connect-auth", Map.of("username", "operator", "password", "pw0"));
    bed.connect.requireBasicAuth("operator", "pw0");
    ConnectorPlugin authenticated = plugin();
    var basic = new io.customconnectors.operator.api.v1alpha1.BasicAuthSecretRef();
    basic.setName("connect-auth");
    authenticated.getSpec().getTarget().getKafkaConnect().setBasicAuthSecretRef(basic);
    bed.apply(authenticated);
    bed.reconcilePlugin("dynamodb-source");
    bed.apply(connector("orders"));
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");

    for (int i = 1; i <= 100; i++) {
      bed.connect.requireBasicAuth("operator", "pw" + i);
      bed.secret("connect-auth", Map.of("username", "operator", "password", "pw" + i));
      bed.reconcilePlugin("dynamodb-source");
      bed.reconcile("orders");
    }
    bed.settle("orders");

    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.backends.clients()).isEqualTo(1);
    assertThat(bed.poller.clusterCount()).isEqualTo(1);

    assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
    assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
    assertThat(bed.backends.clients()).isZero();
    assertThat(bed.poller.clusterCount()).isZero();
  }
}
