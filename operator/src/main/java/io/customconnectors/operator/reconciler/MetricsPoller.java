package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.ConnectorMetricsSource;
import io.customconnectors.operator.backend.MetricsReading;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.monitoring.OperatorMeters;
import io.customconnectors.operator.retry.Backoff;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.micrometer.core.instrument.Timer;

/**
 * Reads the metrics of every cluster whose connectors want them: one round per cluster per interval
 * (the shortest any of its connectors asks for), whatever the number of connectors, and an event
 * for each resource with a new reading. The connectors to read, and their ids, come from {@link
 * ConnectClusterPoller}'s watches and snapshots. A failed round (a 429 among them) waits as long as
 * the target asks, and at least one interval; readings already taken stay.
 */
public final class MetricsPoller extends AbstractEventSource<MetricsReading, CustomConnector> {

  private static final Logger log = LoggerFactory.getLogger(MetricsPoller.class);

  private static final Duration MIN_FIRST_WINDOW = Duration.ofMinutes(1);

  private final ConnectClusterPoller connectors;
  private final Clock clock;
  private final Map<ResourceID, Duration> wanted = new ConcurrentHashMap<>();
  private final Map<ResourceID, MetricsReading> latest = new ConcurrentHashMap<>();
  private final Map<ConnectorBackend, Round> rounds = new ConcurrentHashMap<>();
  private final Backoff failureBackoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
  private ScheduledExecutorService timer;
  private ExecutorService readers;

  private static final class Round {
    volatile Instant next = Instant.EPOCH;
    volatile boolean reading;
    int failures;
  }

  public MetricsPoller(ConnectClusterPoller connectors, Clock clock) {
    super(MetricsReading.class, "connector-metrics");
    this.connectors = connectors;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "metrics-poll-timer"));
    readers = Executors.newFixedThreadPool(2, runnable -> daemon(runnable, "metrics-poll"));
    timer.scheduleWithFixedDelay(this::readDue, 500, 500, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
      readers.shutdownNow();
    }
    super.stop();
  }

  /**
   * Whether and how often the resource wants its connector's metrics read; {@code null} for not at
   * all, which also drops its last reading.
   */
  public void want(ResourceID resource, Duration interval) {
    if (interval == null) {
      wanted.remove(resource);
      forget(resource);
    } else {
      wanted.put(resource, interval);
    }
  }

  /** The resource's newest reading, if any was taken. */
  public Optional<MetricsReading> latest(ResourceID resource) {
    return Optional.ofNullable(latest.get(resource));
  }

  /** The resource is gone: no more reads, and its gauges go. */
  public void forget(ResourceID resource) {
    wanted.remove(resource);
    if (latest.remove(resource) != null) {
      OperatorMeters.forgetConnector(resource);
    }
  }

  /** Reads every cluster that is due now; for tests that do not wait for the timer. */
  void readNow() {
    connectors.watchedByCluster().forEach((backend, names) -> read(backend, names, new Round()));
  }

  private void readDue() {
    Instant now = clock.instant();
    Map<ConnectorBackend, Map<ResourceID, String>> byCluster = connectors.watchedByCluster();
    Set<ResourceID> watched = ConcurrentHashMap.newKeySet();
    byCluster.values().forEach(names -> watched.addAll(names.keySet()));
    wanted.keySet().removeIf(resource -> !watched.contains(resource));
    latest.keySet().stream().filter(r -> !watched.contains(r)).toList().forEach(this::forget);
    rounds.keySet().removeIf(backend -> !byCluster.containsKey(backend));
    byCluster.forEach(
        (backend, names) -> {
          if (backend.metrics().isEmpty()
              || names.keySet().stream().noneMatch(wanted::containsKey)) {
            return;
          }
          Round round = rounds.computeIfAbsent(backend, b -> new Round());
          if (!round.reading && !round.next.isAfter(now)) {
            round.reading = true;
            readers.execute(() -> read(backend, names, round));
          }
        });
  }

  private void read(ConnectorBackend backend, Map<ResourceID, String> names, Round round) {
    Optional<ConnectorMetricsSource> source = backend.metrics();
    Duration interval = interval(names);
    if (source.isEmpty() || interval == null) {
      round.reading = false;
      return;
    }
    Timer.Sample timing = Timer.start();
    try {
      ConnectClusterPoller.Snapshot snapshot = connectors.snapshot(backend);
      List<RemoteConnector> remotes = new ArrayList<>();
      names.forEach(
          (resource, name) -> {
            if (wanted.containsKey(resource)) {
              snapshot.connector(name).ifPresent(remotes::add);
            }
          });
      // A connector's first window reaches back a minute at least: to its creation, usually.
      Duration firstWindow = interval.compareTo(MIN_FIRST_WINDOW) < 0 ? MIN_FIRST_WINDOW : interval;
      Map<String, MetricsReading> readings =
          remotes.isEmpty() ? Map.of() : source.get().read(remotes, firstWindow);
      timing.stop(OperatorMeters.poll("metrics", "ok"));
      round.failures = 0;
      round.next = clock.instant().plus(interval);
      names.forEach(
          (resource, name) -> {
            MetricsReading reading = readings.get(name);
            if (reading != null && wanted.containsKey(resource)) {
              latest.put(resource, reading);
              OperatorMeters.connectorReading(resource, this::latestOrNull);
              getEventHandler().handleEvent(new Event(resource));
            }
          });
    } catch (BackendException e) {
      timing.stop(OperatorMeters.poll("metrics", "failed"));
      round.failures++;
      Duration wait =
          Duration.ofMillis(
              Math.max(
                  Math.max(e.retryAfterMillis(), interval.toMillis()),
                  failureBackoff
                      .delay(round.failures, ThreadLocalRandom.current().nextDouble())
                      .toMillis()));
      round.next = clock.instant().plus(wait);
      log.warn(
          "Reading metrics of {} failed ({} in a row), next try in {} s: {}",
          backend.describe(),
          round.failures,
          wait.toSeconds(),
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("Reading metrics of {} failed unexpectedly", backend.describe(), e);
      round.next = clock.instant().plus(interval);
    } finally {
      round.reading = false;
    }
  }

  @Override
  public Set<MetricsReading> getSecondaryResources(CustomConnector primary) {
    MetricsReading reading = latest.get(ResourceID.fromResource(primary));
    return reading == null ? Set.of() : Set.of(reading);
  }

  private MetricsReading latestOrNull(ResourceID resource) {
    return latest.get(resource);
  }

  /** The shortest interval the cluster's connectors ask for; null when none wants metrics. */
  private Duration interval(Map<ResourceID, String> names) {
    return names.keySet().stream()
        .map(wanted::get)
        .filter(java.util.Objects::nonNull)
        .min(Duration::compareTo)
        .orElse(null);
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
