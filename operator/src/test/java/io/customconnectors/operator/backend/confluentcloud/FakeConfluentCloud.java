package io.customconnectors.operator.backend.confluentcloud;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.backend.OffsetsRequest;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.SourceOffset;
import io.customconnectors.operator.config.CloudConnectorConfig;

/**
 * One Confluent Cloud environment in memory, for the fast reconciler tests: custom plugins with
 * versions that are PROCESSING for a while and then READY (or FAILED), connectors that are
 * PROVISIONING with no tasks for a few lists, secrets masked on the way back, keys the service adds
 * of its own, {@code clcc-} ids, no stop, and refusals where the service refuses (a version that
 * connectors run cannot be deleted). Every operation is logged, and the next calls can be made to
 * fail. Not thread-safe beyond what one test needs.
 */
public final class FakeConfluentCloud implements CustomPlugins {

  private static final String MASK = "****************";

  /** A connector as the service keeps it. */
  private static final class Connector {
    Map<String, String> config;
    String state;
    int provisioningLists;
    final String id;
    List<SourceOffset> offsets = List.of();
    OffsetsRequest.Progress request;
    OffsetsRequest pending;

    Connector(Map<String, String> config, String state, int provisioningLists, String id) {
      this.config = config;
      this.state = state;
      this.provisioningLists = provisioningLists;
      this.id = id;
    }
  }

  private final String environment;
  private final Map<String, Plugin> plugins = new LinkedHashMap<>();
  private final Map<String, List<Version>> versions = new LinkedHashMap<>();
  private final Map<String, Set<String>> sensitive = new LinkedHashMap<>();
  private final Map<String, Map<String, Connector>> clusters = new LinkedHashMap<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private volatile int provisioningLists = 1;
  private volatile int processingReads = 1;
  private volatile String refuseArchivesWith;
  private volatile boolean loseNextCreate;
  private volatile String droppedOnWrite;
  private volatile BackendException refuseNextCreate;
  private volatile int failures;
  private volatile CountDownLatch uploadsHeld = new CountDownLatch(0);
  private volatile Runnable afterUpload = () -> {};
  private volatile int failureStatus;
  private volatile String failureMessage;

  public FakeConfluentCloud(String environment) {
    this.environment = environment;
  }

  /** How many lists a connector stays PROVISIONING (with no tasks) after a create or a PUT. */
  public FakeConfluentCloud provisioningFor(int lists) {
    this.provisioningLists = lists;
    return this;
  }

  /** How many version listings a new version stays PROCESSING. */
  public FakeConfluentCloud processingFor(int reads) {
    this.processingReads = reads;
    return this;
  }

  /** New versions end FAILED with this message (null: READY). */
  public FakeConfluentCloud refuseArchives(String message) {
    this.refuseArchivesWith = message;
    return this;
  }

  /** Every connector config written from now on loses this key, as a service that rewrites it. */
  public void dropOnWrite(String key) {
    droppedOnWrite = key;
  }

  /** The next plugin create happens, but its answer never arrives (a timeout). */
  /** Runs when an archive has reached storage, before its version is created. */
  public void afterUpload(Runnable step) {
    afterUpload = step;
  }

  /** Uploads stay in flight until {@link #releaseUploads()}, as over a slow link. */
  public void holdUploads() {
    uploadsHeld = new CountDownLatch(1);
  }

  public void releaseUploads() {
    uploadsHeld.countDown();
  }

  public void loseNextCreateAnswer() {
    loseNextCreate = true;
  }

  /** The next plugin create is refused with {@code status}: nothing is created. */
  public void failNextCreate(int status, String message) {
    refuseNextCreate = new BackendException(status, "Confluent Cloud: " + message);
  }

  /** The next {@code times} calls fail with {@code status}. */
  public void failNext(int times, int status, String message) {
    failureStatus = status;
    failureMessage = message;
    failures = times;
  }

  /** Every operation so far, e.g. {@code createPlugin}, {@code put orders}, {@code list}. */
  public List<String> operations() {
    return List.copyOf(operations);
  }

  public long count(String prefix) {
    return operations.stream().filter(o -> o.startsWith(prefix)).count();
  }

  /** The connector's config as the service stores it, unmasked. */
  public Optional<Map<String, String>> stored(String cluster, String name) {
    Connector connector = cluster(cluster).get(name);
    return connector == null ? Optional.empty() : Optional.of(Map.copyOf(connector.config));
  }

  /** A console user sets a connector's state (e.g. FAILED), or deletes it ({@code null}). */
  public void setState(String cluster, String name, String state) {
    if (state == null) {
      cluster(cluster).remove(name);
    } else {
      cluster(cluster).get(name).state = state;
    }
  }

  /** The connector's committed offsets, as Confluent observes them. */
  public void offsets(String cluster, String name, List<SourceOffset> committed) {
    cluster(cluster).get(name).offsets = List.copyOf(committed);
  }

  public List<SourceOffset> offsetsOf(String cluster, String name) {
    return cluster(cluster).get(name).offsets;
  }

  /**
   * Confluent carries out the connector's pending offsets request (or fails it, with a message).
   */
  public void finishOffsetsRequest(String cluster, String name, String failure) {
    Connector connector = cluster(cluster).get(name);
    OffsetsRequest pending = connector.pending;
    if (failure == null) {
      if (pending.isReset()) {
        connector.offsets = List.of();
      } else {
        List<SourceOffset> now = new ArrayList<>(connector.offsets);
        for (OffsetsRequest.Entry entry : pending.alter()) {
          now.removeIf(offset -> offset.partition().equals(entry.partition()));
          if (entry.offset() != null) {
            now.add(new SourceOffset(entry.partition(), entry.offset()));
          }
        }
        connector.offsets = now;
      }
    }
    connector.request =
        new OffsetsRequest.Progress(
            failure == null ? "APPLIED" : "FAILED",
            failure == null ? "The offsets have been altered successfully" : failure,
            connector.request.requestedAt(),
            failure == null ? java.time.Instant.now() : null);
    connector.pending = null;
  }

  /** Someone else's plugin in the environment. */
  public String addPlugin(String displayName) {
    return createPlugin(displayName, "").id();
  }

  /** A version someone uploaded to a plugin, already READY; returns its id. */
  public synchronized String addReadyVersion(String pluginId, String version) {
    Version ready = new Version("ver-" + ids.incrementAndGet(), version, "READY", null);
    versions.get(pluginId).add(ready);
    return ready.id();
  }

  public List<Plugin> pluginsNamed(String displayName) {
    return plugins.values().stream().filter(p -> p.displayName().equals(displayName)).toList();
  }

  public List<Version> versionsOf(String pluginId) {
    return List.copyOf(versions.getOrDefault(pluginId, List.of()));
  }

  private Map<String, Connector> cluster(String cluster) {
    return clusters.computeIfAbsent(cluster, key -> new LinkedHashMap<>());
  }

  private void call(String operation) {
    operations.add(operation);
    if (failures > 0) {
      failures--;
      throw new BackendException(failureStatus, "Confluent Cloud: " + failureMessage);
    }
  }

  /** The connectors of one Kafka cluster of this environment, as connect/v1 serves them. */
  public ConnectorBackend cluster(ConfluentCloudConnection connection) {
    String cluster = connection.kafkaCluster();
    return new ConnectorBackend() {
      @Override
      public String describe() {
        return "ccloud/" + cluster;
      }

      @Override
      public Map<String, RemoteConnector> listConnectors() {
        call("list " + cluster);
        Map<String, RemoteConnector> all = new LinkedHashMap<>();
        cluster(cluster).forEach((name, connector) -> all.put(name, remote(name, connector)));
        return all;
      }

      @Override
      public Optional<Map<String, String>> config(String name) {
        call("config " + name);
        Connector connector = cluster(cluster).get(name);
        return connector == null ? Optional.empty() : Optional.of(masked(connector.config));
      }

      @Override
      public void putConfig(String name, Map<String, String> config) {
        call("put " + name);
        Map<String, String> stored = new LinkedHashMap<>(config);
        if (droppedOnWrite != null) {
          stored.remove(droppedOnWrite);
        }
        stored.put("cloud.environment", "prod");
        stored.put("kafka.endpoint", "SASL_SSL://pkc-fake.us-east-2.aws.confluent.cloud:9092");
        Connector existing = cluster(cluster).get(name);
        if (existing == null) {
          cluster(cluster)
              .put(
                  name,
                  new Connector(
                      stored, "RUNNING", provisioningLists, "clcc-" + ids.incrementAndGet()));
        } else {
          existing.config = stored;
          existing.provisioningLists = provisioningLists;
          if (existing.state.equals("FAILED")) {
            existing.state = "RUNNING"; // sending the config again restarts a connector
          }
        }
      }

      @Override
      public void pause(String name) {
        call("pause " + name);
        cluster(cluster).get(name).state = "PAUSED";
      }

      @Override
      public void resume(String name) {
        call("resume " + name);
        cluster(cluster).get(name).state = "RUNNING";
      }

      @Override
      public void stop(String name) {
        throw new BackendException(400, "Confluent Cloud cannot stop a connector");
      }

      @Override
      public boolean canStop() {
        return false;
      }

      @Override
      public void restart(String name, Map<String, String> config) {
        putConfig(name, config);
      }

      @Override
      public boolean sameConfig(Map<String, String> desired, Map<String, String> remote) {
        return ConfluentCloudBackend.matches(desired, remote);
      }

      @Override
      public List<SourceOffset> offsets(String name) {
        call("offsets " + name);
        return cluster(cluster).get(name).offsets;
      }

      @Override
      public boolean offsetsChangeNeedsStop() {
        return false;
      }

      @Override
      public OffsetsRequest.Outcome changeOffsets(String name, OffsetsRequest request) {
        call("offsets-request " + name);
        Connector connector = cluster(cluster).get(name);
        if (connector.pending != null) {
          throw new BackendException(
              400, "Confluent Cloud: only one alter offsets request at a time");
        }
        connector.pending = request;
        java.time.Instant at =
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        connector.request = new OffsetsRequest.Progress("PENDING", "", at, null);
        return new OffsetsRequest.Outcome(false, "", at);
      }

      @Override
      public Optional<OffsetsRequest.Progress> offsetsProgress(String name) {
        call("offsets-status " + name);
        return Optional.ofNullable(cluster(cluster).get(name).request);
      }

      @Override
      public boolean delete(String name) {
        call("delete " + name);
        return cluster(cluster).remove(name) != null;
      }

      @Override
      public List<InstalledPlugin> plugins() {
        return List.of();
      }
    };
  }

  private RemoteConnector remote(String name, Connector connector) {
    String state = connector.state;
    if (connector.provisioningLists > 0) {
      connector.provisioningLists--;
      state = "PROVISIONING";
    }
    List<RemoteConnector.RemoteTask> tasks = new ArrayList<>();
    if (!state.equals("PROVISIONING")) {
      int count = Integer.parseInt(connector.config.getOrDefault("tasks.max", "1"));
      for (int i = 0; i < count; i++) {
        tasks.add(
            new RemoteConnector.RemoteTask(
                i, state.equals("PAUSED") ? "PAUSED" : state, "worker-" + i, null));
      }
    }
    return new RemoteConnector(
        name, masked(connector.config), state, null, null, tasks, "source", connector.id);
  }

  /** Secrets come back masked: the plugin version's sensitive keys and the Kafka API secret. */
  private Map<String, String> masked(Map<String, String> config) {
    Set<String> secret =
        sensitive.getOrDefault(
            config.get(CloudConnectorConfig.PLUGIN_ID)
                + "/"
                + config.get(CloudConnectorConfig.PLUGIN_VERSION),
            Set.of());
    Map<String, String> shown = new LinkedHashMap<>();
    config.forEach(
        (key, value) ->
            shown.put(key, secret.contains(key) || key.equals("kafka.api.secret") ? MASK : value));
    return shown;
  }

  private boolean inUse(String pluginId, String version) {
    return clusters.values().stream()
        .flatMap(connectors -> connectors.values().stream())
        .anyMatch(
            c ->
                pluginId.equals(c.config.get(CloudConnectorConfig.PLUGIN_ID))
                    && version.equals(c.config.get(CloudConnectorConfig.PLUGIN_VERSION)));
  }

  // ---- ccpm/v1 ----

  @Override
  public String describe() {
    return "ccloud/" + environment;
  }

  @Override
  public Optional<Plugin> plugin(String id) {
    call("plugin " + id);
    return Optional.ofNullable(plugins.get(id));
  }

  @Override
  public List<Plugin> plugins() {
    call("plugins");
    return List.copyOf(plugins.values());
  }

  @Override
  public Plugin createPlugin(String displayName, String description) {
    call("createPlugin " + displayName);
    if (refuseNextCreate != null) {
      BackendException refused = refuseNextCreate;
      refuseNextCreate = null;
      throw refused;
    }
    Plugin plugin =
        new Plugin(
            "ccp-" + ids.incrementAndGet(), displayName, description == null ? "" : description);
    plugins.put(plugin.id(), plugin);
    versions.put(plugin.id(), new ArrayList<>());
    if (loseNextCreate) {
      loseNextCreate = false;
      throw new BackendException(0, "Cannot reach Confluent Cloud: timeout");
    }
    return plugin;
  }

  @Override
  public void updatePlugin(String id, String displayName, String description) {
    call("updatePlugin " + id);
    plugins.put(id, new Plugin(id, displayName, description));
  }

  @Override
  public boolean deletePlugin(String id) {
    call("deletePlugin " + id);
    if (versions.getOrDefault(id, List.of()).stream().anyMatch(v -> inUse(id, v.version()))) {
      throw new BackendException(400, "Confluent Cloud: plugin " + id + " has versions in use");
    }
    versions.remove(id);
    return plugins.remove(id) != null;
  }

  @Override
  public synchronized List<Version> versions(String pluginId) {
    call("versions " + pluginId);
    List<Version> list = versions.getOrDefault(pluginId, new ArrayList<>());
    for (int i = 0; i < list.size(); i++) {
      Version version = list.get(i);
      if (version.phase().startsWith("PROCESSING")) {
        int left = Integer.parseInt(version.phase().substring("PROCESSING".length())) - 1;
        list.set(i, left > 0 ? withPhase(version, "PROCESSING" + left, null) : verdict(version));
      }
    }
    return list.stream()
        .map(v -> v.phase().startsWith("PROCESSING") ? withPhase(v, "PROCESSING", null) : v)
        .toList();
  }

  private Version verdict(Version version) {
    return refuseArchivesWith == null
        ? withPhase(version, "READY", null)
        : withPhase(version, "FAILED", refuseArchivesWith);
  }

  private static Version withPhase(Version version, String phase, String error) {
    return new Version(version.id(), version.version(), phase, error);
  }

  @Override
  public Version createVersion(String pluginId, VersionSpec spec, Path archive) {
    call("createVersion " + spec.version());
    try {
      if (!uploadsHeld.await(1, TimeUnit.MINUTES)) {
        throw new BackendException(-1, "upload timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException(-1, "upload interrupted");
    }
    call("upload " + archive.getFileName());
    afterUpload.run();
    synchronized (this) {
      return storeVersion(pluginId, spec);
    }
  }

  private Version storeVersion(String pluginId, VersionSpec spec) {
    Version version =
        new Version("ver-" + ids.incrementAndGet(), spec.version(), "PROCESSING", null);
    Version stored =
        processingReads > 0
            ? withPhase(version, "PROCESSING" + processingReads, null)
            : verdict(version);
    versions.get(pluginId).add(stored);
    sensitive.put(pluginId + "/" + spec.version(), Set.copyOf(spec.sensitiveConfigProperties()));
    return processingReads > 0 ? version : stored;
  }

  @Override
  public boolean deleteVersion(String pluginId, String versionId) {
    call("deleteVersion " + versionId);
    List<Version> list = versions.getOrDefault(pluginId, new ArrayList<>());
    Optional<Version> version = list.stream().filter(v -> v.id().equals(versionId)).findFirst();
    if (version.isEmpty()) {
      return false;
    }
    if (inUse(pluginId, version.get().version())) {
      throw new BackendException(
          400, "Confluent Cloud: version " + version.get().version() + " is used by connectors");
    }
    list.remove(version.get());
    return true;
  }
}
