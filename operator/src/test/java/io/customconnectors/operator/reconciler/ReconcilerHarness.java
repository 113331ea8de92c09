package io.customconnectors.operator.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.AllowedTargets;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.PluginBackends;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudPlugins;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.confluentcloud.FakeConfluentCloud;
import io.customconnectors.operator.backend.kafkaconnect.FakeKafkaConnect;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.backend.kafkaconnect.WorkerPlugins;
import io.customconnectors.operator.config.SecretLookup;
import io.customconnectors.operator.retry.Backoff;
import io.customconnectors.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * The fast reconciler tier's world, in one JVM and no process: both reconcilers wired as the
 * operator wires them, over an in-memory Kubernetes (resources, Secrets, status patches, Events and
 * annotations kept in maps and counted), an in-memory Kafka Connect and an in-memory Confluent
 * Cloud environment. The poller is never started: {@link #poll()} lets it look, and a clock that
 * only moves when told lets restart backoff be stepped through.
 */
final class ReconcilerHarness implements AutoCloseable {

  static final String NAMESPACE = "retail";
  static final String CONNECTOR_CLASS =
      "io.customconnectors.connect.dynamodb.DynamoDbSourceConnector";
  static final Duration POLL = Duration.ofSeconds(10);
  static final Duration RETRY = Duration.ofSeconds(5);

  /** An Event as the operator recorded it. */
  record RecordedEvent(String name, EventRecorder.Type type, String reason, String message) {}

  /** A clock that moves only when a test moves it. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  final TestClock clock = new TestClock();
  final FakeKafkaConnect connect = new FakeKafkaConnect();
  final FakeConfluentCloud cloud = new FakeConfluentCloud("env-1");
  final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
  final AtomicInteger statusWrites = new AtomicInteger();
  final CrashPoint crash = new CrashPoint();
  final Path bundled;
  ConnectClusterPoller poller;
  Backends backends;

  private final Map<String, Secret> secrets = new HashMap<>();

  /** False while the operator would still be listing Secrets at start-up. */
  volatile boolean secretCacheFilled = true;

  private final Map<String, CustomConnector> connectors = new HashMap<>();
  private final Map<String, ConnectorPlugin> plugins = new HashMap<>();
  private final AtomicInteger versions = new AtomicInteger(1);
  private final AllowedTargets allowed;
  private final Duration transferGrace;
  private CustomConnectorReconciler connectorReconciler;
  private ConnectorPluginReconciler pluginReconciler;

  ReconcilerHarness() {
    this(AllowedTargets.anything());
  }

  /** With the operator's allow-list of targets set to {@code allowed}. */
  ReconcilerHarness(AllowedTargets allowed) {
    // Transfers here take microseconds: a long grace keeps every pass as if they ran in line.
    this(allowed, Duration.ofSeconds(30));
  }

  /** With archive transfers that a reconcile waits {@code transferGrace} for. */
  ReconcilerHarness(AllowedTargets allowed, Duration transferGrace) {
    this.allowed = allowed;
    this.transferGrace = transferGrace;
    bundled = bundledArchive();
    cloud.afterUpload(() -> crash.reached("upload"));
    startOperator();
  }

  /**
   * A new operator process over the same Kubernetes and the same remote services: whatever the old
   * one held in memory (clients, memos, the poller's snapshots) is gone.
   */
  void restartOperator() {
    startOperator();
  }

  private void startOperator() {
    Lookups lookups =
        new Lookups() {
          @Override
          public Optional<ConnectorPlugin> plugin(String namespace, String name) {
            return Optional.ofNullable(plugins.get(name)).map(ReconcilerHarness::copy);
          }

          @Override
          public Optional<Secret> find(String namespace, String name) {
            if (!secretCacheFilled) {
              throw new SecretLookup.NotReadyException();
            }
            return Optional.ofNullable(secrets.get(name));
          }
        };
    Retrying once =
        new Retrying(
            1, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ZERO, d -> {});
    poller = new ConnectClusterPoller(POLL, clock);
    backends =
        new Backends(
            lookups,
            allowed,
            connection ->
                crash.around(ConnectorBackend.class, new KafkaConnectBackend(connection, once)),
            connection -> crash.around(ConnectorBackend.class, cloud.cluster(connection)),
            connection -> crash.around(CustomPlugins.class, cloud));
    EventRecorder recorder =
        (resource, type, reason, message) ->
            events.add(new RecordedEvent(resource.getMetadata().getName(), type, reason, message));
    StatusRecorder statuses = new StatusRecorder(this::patchStatus, recorder, clock);
    connectorReconciler =
        new CustomConnectorReconciler(
            lookups,
            backends,
            poller,
            new MetricsPoller(poller, clock),
            POLL,
            new LogPoller(poller, clock),
            new LogSources(lookups, null, "{id}-app-logs", allowed, clock),
            new OffsetsPoller(poller, clock),
            statuses,
            context -> List.of(),
            this::annotate,
            clock,
            RETRY);
    pluginReconciler =
        new ConnectorPluginReconciler(
            new PluginBackends(
                new WorkerPlugins(backends, POLL, clock),
                new ConfluentCloudPlugins(
                    backends,
                    new PluginArchives(bundled, bundled.resolve("cache")),
                    POLL,
                    transferGrace)),
            this::users,
            context -> List.of(),
            statuses,
            this::annotate,
            clock,
            POLL);
  }

  // ---- the Kubernetes side ----

  void secret(String name, Map<String, String> values) {
    secrets.put(
        name,
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withResourceVersion(Integer.toString(versions.incrementAndGet()))
            .endMetadata()
            .withStringData(values)
            .build());
  }

  void deleteSecret(String name) {
    secrets.remove(name);
  }

  /** {@code kubectl apply}: a new resource gets a uid, a changed spec a new generation. */
  void apply(CustomConnector connector) {
    connectors.put(connector.getMetadata().getName(), applied(connector, connectors));
  }

  void apply(ConnectorPlugin plugin) {
    plugins.put(plugin.getMetadata().getName(), applied(plugin, plugins));
  }

  private static <R extends CustomResource<?, ?>> R applied(R resource, Map<String, R> store) {
    R stored = store.get(resource.getMetadata().getName());
    R next = copy(resource);
    next.getMetadata().setNamespace(NAMESPACE);
    if (stored == null) {
      next.getMetadata().setUid(UUID.randomUUID().toString());
      next.getMetadata().setGeneration(1L);
    } else {
      next.getMetadata().setUid(stored.getMetadata().getUid());
      boolean specChanged = !JSON.asJson(stored.getSpec()).equals(JSON.asJson(next.getSpec()));
      next.getMetadata()
          .setGeneration(stored.getMetadata().getGeneration() + (specChanged ? 1 : 0));
      setStatus(next, stored.getStatus());
    }
    return next;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void setStatus(CustomResource resource, Object status) {
    resource.setStatus(status);
  }

  /**
   * The connector's status as it was earlier: the status writes since were lost (the operator died
   * before they were made).
   */
  void statusLostSince(CustomConnector earlier) {
    connectors.get(earlier.getMetadata().getName()).setStatus(copy(earlier).getStatus());
  }

  /** {@code kubectl annotate customconnector name key=value} ({@code null} removes it). */
  void annotate(String name, String key, String value) {
    annotate(connectors.get(name), key, value);
  }

  /** The connector is gone from the API server, finalizer or not. */
  void removeConnector(String name) {
    connectors.remove(name);
  }

  /** The plugin is gone from the API server, finalizer or not (a namespace being deleted). */
  void removePlugin(String name) {
    plugins.remove(name);
  }

  CustomConnector connector(String name) {
    return copy(connectors.get(name));
  }

  ConnectorPlugin plugin(String name) {
    return copy(plugins.get(name));
  }

  boolean exists(String name) {
    return connectors.containsKey(name) || plugins.containsKey(name);
  }

  /** The Ready condition's reason of a connector or plugin. */
  String ready(String name) {
    HasMetadata resource = connectors.containsKey(name) ? connectors.get(name) : plugins.get(name);
    var status =
        resource instanceof CustomConnector c
            ? c.getStatus() == null ? null : c.getStatus().getConditions()
            : ((ConnectorPlugin) resource).getStatus() == null
                ? null
                : ((ConnectorPlugin) resource).getStatus().getConditions();
    var condition = Conditions.find(status, "Ready");
    return condition == null ? null : condition.getStatus().name() + " " + condition.getReason();
  }

  String readyMessage(String name) {
    var status = connectors.get(name).getStatus();
    return Conditions.find(status.getConditions(), "Ready").getMessage();
  }

  private void patchStatus(CustomResource<?, ?> patch) {
    statusWrites.incrementAndGet();
    String name = patch.getMetadata().getName();
    if (patch instanceof CustomConnector connector && connectors.containsKey(name)) {
      connectors.get(name).setStatus(copy(connector).getStatus());
    } else if (patch instanceof ConnectorPlugin plugin && plugins.containsKey(name)) {
      plugins.get(name).setStatus(copy(plugin).getStatus());
    }
  }

  private void annotate(HasMetadata resource, String key, String value) {
    HasMetadata stored =
        resource instanceof ConnectorPlugin
            ? plugins.get(resource.getMetadata().getName())
            : connectors.get(resource.getMetadata().getName());
    Map<String, String> annotations =
        stored.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(stored.getMetadata().getAnnotations());
    if (value == null) {
      annotations.remove(key);
    } else {
      annotations.put(key, value);
    }
    stored.getMetadata().setAnnotations(annotations);
  }

  private List<String> users(ConnectorPlugin plugin) {
    return connectors.values().stream()
        .filter(
            c ->
                c.getSpec().getPluginRef() != null
                    && c.getSpec().getPluginRef().getName().equals(plugin.getMetadata().getName()))
        .map(c -> c.getMetadata().getName())
        .sorted()
        .toList();
  }

  // ---- the operator's side ----

  /** One reconcile of a CustomConnector, its status patch applied as the API server would. */
  UpdateControl<CustomConnector> reconcile(String name) {
    UpdateControl<CustomConnector> control = connectorReconciler.reconcile(connector(name), null);
    if (control.isPatchStatus()) {
      patchStatus(control.getResource().orElseThrow());
    }
    return control;
  }

  UpdateControl<ConnectorPlugin> reconcilePlugin(String name) {
    UpdateControl<ConnectorPlugin> control = pluginReconciler.reconcile(plugin(name), null);
    if (control.isPatchStatus()) {
      patchStatus(control.getResource().orElseThrow());
    }
    return control;
  }

  /** {@code kubectl delete}: the cleanup runs; the resource goes when the finalizer may go. */
  DeleteControl delete(String name) {
    DeleteControl control = connectorReconciler.cleanup(connector(name), null);
    if (control.isRemoveFinalizer()) {
      connectors.remove(name);
    }
    return control;
  }

  /** A cleanup whose finalizer removal then fails: the resource stays, to be cleaned up again. */
  DeleteControl deletePluginButKeepIt(String name) {
    return pluginReconciler.cleanup(plugin(name), null);
  }

  DeleteControl deleteButKeepIt(String name) {
    return connectorReconciler.cleanup(connector(name), null);
  }

  DeleteControl deletePlugin(String name) {
    DeleteControl control = pluginReconciler.cleanup(plugin(name), null);
    if (control.isRemoveFinalizer()) {
      plugins.remove(name);
    }
    return control;
  }

  /** The poller lists every watched cluster, as it does every interval. */
  void poll() {
    poller.pollNow();
  }

  /** Reconciles until the connector's status stops changing (a few passes at most). */
  void settle(String name) {
    for (int i = 0; i < 5; i++) {
      poll();
      reconcile(name);
    }
  }

  /** The archives the operator keeps in its download cache, by file name. */
  List<String> archiveCache() {
    try (Stream<Path> files = Files.list(bundled.resolve("cache"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<RecordedEvent> events(String name) {
    return events.stream().filter(e -> e.name().equals(name)).toList();
  }

  @Override
  public void close() {
    connect.close();
  }

  @SuppressWarnings("unchecked")
  static <T> T copy(T resource) {
    return resource == null ? null : (T) JSON.unmarshal(JSON.asJson(resource), resource.getClass());
  }

  /** A Confluent Hub style ZIP as the operator image ships it, with its manifest's version. */
  private static Path bundledArchive() {
    try {
      Path directory = Files.createTempDirectory("fast-tier-archives");
      Files.write(directory.resolve("dynamodb-source.zip"), FastTierManifests.archive("0.1.0"));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
