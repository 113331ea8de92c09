package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.monitoring.OperatorMeters;
import io.customconnectors.operator.retry.Backoff;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.micrometer.core.instrument.Timer;

/**
 * Polls the remote state of every cluster CustomConnectors run on: one list call per cluster per
 * interval, whatever the number of connectors, and an event for each resource whose connector
 * changed (or whose cluster became unreachable or came back). Failed polls back off with jitter.
 * Reconcilers read the last snapshot instead of calling the backend themselves, and tell the poller
 * what they wrote, so a write is not repeated on a snapshot taken before it.
 */
public final class ConnectClusterPoller
    extends AbstractEventSource<RemoteConnector, CustomConnector> {

  /** The last poll of a cluster: its connectors, or why it failed. */
  public record Snapshot(
      Map<String, RemoteConnector> connectors, Instant at, BackendException error) {

    public Optional<RemoteConnector> connector(String name) {
      return Optional.ofNullable(connectors.get(name));
    }

    @Override
    public String toString() {
      return "Snapshot["
          + connectors.keySet()
          + " at "
          + at
          + (error == null ? "" : ", failed")
          + "]";
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ConnectClusterPoller.class);

  private final Duration interval;
  private final Backoff failureBackoff;
  private final Clock clock;
  private final Map<ConnectorBackend, Cluster> clusters = new ConcurrentHashMap<>();
  private final Map<ResourceID, Watch> watches = new ConcurrentHashMap<>();
  private final AtomicLong listCalls = new AtomicLong();
  private ScheduledExecutorService timer;
  private ExecutorService pollers;

  private record Watch(ConnectorBackend backend, String connectorName) {}

  /** A config written ({@code config} set), or a state change or delete ({@code config} null). */
  private record PendingWrite(long sequence, Map<String, String> config) {}

  private static final class Cluster {
    final ConnectorBackend backend;
    volatile Snapshot snapshot;
    volatile Instant nextPoll = Instant.EPOCH;
    volatile boolean polling;

    /** Counts writes; a write during a poll means that poll may be stale: poll again soon. */
    final AtomicLong writes = new AtomicLong();

    /**
     * The latest write per connector, by sequence number: a list that began before a write cannot
     * show it, so the write is laid over that list rather than lost. Guarded by the cluster.
     */
    final Map<String, PendingWrite> pending = new HashMap<>();

    int failures;

    Cluster(ConnectorBackend backend) {
      this.backend = backend;
    }
  }

  public ConnectClusterPoller(Duration interval, Clock clock) {
    super(RemoteConnector.class, "connect-clusters");
    this.interval = interval;
    this.failureBackoff =
        new Backoff(
            Duration.ofSeconds(1),
            interval.compareTo(Duration.ofMinutes(1)) > 0 ? interval : Duration.ofMinutes(1));
    this.clock = clock;
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "connect-poll-timer"));
    pollers = Executors.newFixedThreadPool(4, runnable -> daemon(runnable, "connect-poll"));
    // Ticks only check what is due; a short tick lets a write be seen within a tenth of a second.
    long tick = 100;
    timer.scheduleWithFixedDelay(this::pollDue, tick, tick, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
      pollers.shutdownNow();
    }
    super.stop();
  }

  /** The resource's connector lives on this backend under this name; poll it from now on. */
  public void watch(ResourceID resource, ConnectorBackend backend, String connectorName) {
    // One lock with forget(), so a cluster is never dropped while a resource is being added to it.
    synchronized (watches) {
      Watch before = watches.put(resource, new Watch(backend, connectorName));
      clusters.computeIfAbsent(backend, Cluster::new);
      if (before != null && before.backend() != backend) {
        // Moved to another client (rotated credentials): the old one's snapshot, which holds the
        // connectors' configs and so their secrets, goes when nobody watches through it.
        dropIfUnwatched(before.backend());
      }
    }
  }

  private void dropIfUnwatched(ConnectorBackend backend) {
    if (watches.values().stream().noneMatch(w -> w.backend() == backend)) {
      clusters.remove(backend);
    }
  }

  /** Clusters polled now. */
  int clusterCount() {
    return clusters.size();
  }

  /** Every watched resource's connector name, by the cluster it lives on. */
  public Map<ConnectorBackend, Map<ResourceID, String>> watchedByCluster() {
    Map<ConnectorBackend, Map<ResourceID, String>> byCluster = new HashMap<>();
    watches.forEach(
        (resource, watch) ->
            byCluster
                .computeIfAbsent(watch.backend(), backend -> new HashMap<>())
                .put(resource, watch.connectorName()));
    return byCluster;
  }

  /** The backend a resource's connector was last seen on, if it is still watched. */
  public Optional<ConnectorBackend> watched(ResourceID resource) {
    Watch watch = watches.get(resource);
    return watch == null ? Optional.empty() : Optional.of(watch.backend());
  }

  public void forget(ResourceID resource) {
    synchronized (watches) {
      Watch gone = watches.remove(resource);
      if (gone != null) {
        dropIfUnwatched(gone.backend());
      }
    }
  }

  /** The last snapshot of a cluster, polling it now if it was never polled. */
  public Snapshot snapshot(ConnectorBackend backend) {
    Cluster cluster = clusters.computeIfAbsent(backend, Cluster::new);
    synchronized (cluster) {
      if (cluster.snapshot == null) {
        poll(cluster, false);
      }
    }
    return cluster.snapshot;
  }

  /**
   * Records a write: the snapshot shows {@code config} for the connector at once (as a connector
   * not yet running, if it was new), and the cluster is polled again soon rather than an interval
   * later.
   */
  public void wrote(ConnectorBackend backend, String connectorName, Map<String, String> config) {
    record(backend, connectorName, Map.copyOf(config));
  }

  /** The connector was deleted or its state changed: poll again soon. */
  public void changed(ConnectorBackend backend, String connectorName) {
    record(backend, connectorName, null);
  }

  private void record(ConnectorBackend backend, String connectorName, Map<String, String> config) {
    Cluster cluster = clusters.computeIfAbsent(backend, Cluster::new);
    synchronized (cluster) {
      PendingWrite write = new PendingWrite(cluster.writes.incrementAndGet(), config);
      cluster.pending.put(connectorName, write);
      Snapshot snapshot = cluster.snapshot;
      if (snapshot != null && snapshot.error() == null) {
        Map<String, RemoteConnector> connectors = new LinkedHashMap<>(snapshot.connectors());
        overlay(connectors, connectorName, write);
        cluster.snapshot = new Snapshot(connectors, snapshot.at(), null);
      }
    }
    pollSoon(cluster);
  }

  /**
   * A written config shows at once (as a connector not yet running, if it was new); a state change
   * or delete removes the connector until the next list says what it is now.
   */
  private static void overlay(
      Map<String, RemoteConnector> connectors, String connectorName, PendingWrite write) {
    if (write.config() == null) {
      connectors.remove(connectorName);
      return;
    }
    RemoteConnector before = connectors.get(connectorName);
    connectors.put(
        connectorName,
        before == null
            ? RemoteConnector.configured(connectorName, write.config())
            : new RemoteConnector(
                connectorName,
                write.config(),
                before.state(),
                before.workerId(),
                before.trace(),
                before.tasks(),
                before.type(),
                before.id()));
  }

  /**
   * Polls every watched cluster now, on the caller's thread, without events: how the fast
   * reconciler tests let time pass for the poller, which they never start.
   */
  void pollNow() {
    for (Cluster cluster : clusters.values()) {
      synchronized (cluster) {
        poll(cluster, false);
      }
    }
  }

  /** List calls made so far (the benchmark checks that they follow clusters, not connectors). */
  public long listCalls() {
    return listCalls.get();
  }

  private void pollSoon(Cluster cluster) {
    Instant soon = clock.instant().plusMillis(100);
    if (cluster.nextPoll.isAfter(soon)) {
      cluster.nextPoll = soon;
    }
  }

  private void pollDue() {
    Instant now = clock.instant();
    Set<ConnectorBackend> watched = new HashSet<>();
    watches.values().forEach(watch -> watched.add(watch.backend()));
    for (Cluster cluster : clusters.values()) {
      if (watched.contains(cluster.backend) && !cluster.polling && !cluster.nextPoll.isAfter(now)) {
        cluster.polling = true;
        pollers.execute(() -> poll(cluster, true));
      }
    }
  }

  private void poll(Cluster cluster, boolean notify) {
    long writesBefore = cluster.writes.get();
    Snapshot after;
    Timer.Sample timing = Timer.start();
    try {
      listCalls.incrementAndGet();
      after = new Snapshot(Map.copyOf(cluster.backend.listConnectors()), clock.instant(), null);
      timing.stop(OperatorMeters.poll("connectors", "ok"));
      cluster.failures = 0;
      cluster.nextPoll =
          clock
              .instant()
              .plus(cluster.writes.get() == writesBefore ? interval : Duration.ofMillis(100));
    } catch (BackendException e) {
      timing.stop(OperatorMeters.poll("connectors", "failed"));
      cluster.failures++;
      Duration wait =
          Duration.ofMillis(
              Math.max(
                  e.retryAfterMillis(),
                  failureBackoff
                          .delay(cluster.failures, ThreadLocalRandom.current().nextDouble())
                          .toMillis()
                      + 500));
      log.warn(
          "Polling {} failed ({} in a row), next try in {} ms: {}",
          cluster.backend.describe(),
          cluster.failures,
          wait.toMillis(),
          e.getMessage());
      Snapshot last = cluster.snapshot;
      after = new Snapshot(last == null ? Map.of() : last.connectors(), clock.instant(), e);
      cluster.nextPoll = clock.instant().plus(wait);
    } catch (RuntimeException e) {
      log.error("Polling {} failed unexpectedly", cluster.backend.describe(), e);
      cluster.nextPoll = clock.instant().plus(interval);
      cluster.polling = false;
      return;
    } finally {
      cluster.polling = false;
    }
    Snapshot before;
    synchronized (cluster) {
      // Writes that finished before the list began are in it; later ones are laid over it.
      cluster.pending.values().removeIf(write -> write.sequence() <= writesBefore);
      if (after.error() == null && !cluster.pending.isEmpty()) {
        Map<String, RemoteConnector> connectors = new LinkedHashMap<>(after.connectors());
        cluster.pending.forEach((name, write) -> overlay(connectors, name, write));
        after = new Snapshot(Map.copyOf(connectors), after.at(), null);
      }
      // Compared with what the snapshot holds now, writes recorded during the poll included.
      before = cluster.snapshot;
      cluster.snapshot = after;
    }
    if (notify) {
      announceChanges(cluster.backend, before, after);
    }
  }

  private void announceChanges(ConnectorBackend backend, Snapshot before, Snapshot after) {
    boolean reachabilityChanged =
        before == null || (before.error() == null) != (after.error() == null);
    Map<ResourceID, Watch> current = new HashMap<>(watches);
    current.forEach(
        (resource, watch) -> {
          if (watch.backend() != backend) {
            return;
          }
          boolean changed =
              reachabilityChanged
                  || !Objects.equals(
                      before.connectors().get(watch.connectorName()),
                      after.connectors().get(watch.connectorName()));
          if (changed && isRunning()) {
            getEventHandler().handleEvent(new Event(resource));
          }
        });
  }

  @Override
  public Set<RemoteConnector> getSecondaryResources(CustomConnector primary) {
    Watch watch = watches.get(ResourceID.fromResource(primary));
    if (watch == null) {
      return Set.of();
    }
    Cluster cluster = clusters.get(watch.backend());
    if (cluster == null || cluster.snapshot == null) {
      return Set.of();
    }
    RemoteConnector connector = cluster.snapshot.connectors().get(watch.connectorName());
    return connector == null ? Set.of() : Set.of(connector);
  }

  /**
   * Healthy while polling runs. An unreachable Connect cluster is reported in the status of its
   * connectors, not here: health decides whether the operator pod gets restarted, and restarting it
   * would not bring a Connect cluster back.
   */
  @Override
  public Status getStatus() {
    return timer != null && !timer.isShutdown() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
