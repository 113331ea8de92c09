package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.monitoring.OperatorMeters;
import io.customconnectors.operator.status.OffsetsStatus;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.micrometer.core.instrument.Timer;

/**
 * Reads source connectors' committed offsets every interval (neither target lists them for all
 * connectors at once: one call per connector, never retried, and none while the cluster's list call
 * fails), and an event for each resource whose offsets changed. Sinks have none to read.
 */
public final class OffsetsPoller extends AbstractEventSource<OffsetsStatus.Read, CustomConnector> {

  private static final Logger log = LoggerFactory.getLogger(OffsetsPoller.class);

  private record Want(ConnectorBackend backend, String connectorName, Duration interval) {}

  private final ConnectClusterPoller connectors;
  private final Clock clock;
  private final Map<ResourceID, Want> wanted = new ConcurrentHashMap<>();
  private final Map<ResourceID, OffsetsStatus.Read> latest = new ConcurrentHashMap<>();
  private final Map<ResourceID, Instant> next = new ConcurrentHashMap<>();
  private final Set<ResourceID> reading = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService timer;
  private ExecutorService readers;

  public OffsetsPoller(ConnectClusterPoller connectors, Clock clock) {
    super(OffsetsStatus.Read.class, "connector-offsets");
    this.connectors = connectors;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "offsets-poll-timer"));
    readers = Executors.newFixedThreadPool(2, runnable -> daemon(runnable, "offsets-poll"));
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

  /** Read the resource's connector's offsets every {@code interval}; null backend: not at all. */
  public void want(
      ResourceID resource, ConnectorBackend backend, String connectorName, Duration interval) {
    if (backend == null || interval == null) {
      forget(resource);
    } else {
      wanted.put(resource, new Want(backend, connectorName, interval));
    }
  }

  public Optional<OffsetsStatus.Read> latest(ResourceID resource) {
    return Optional.ofNullable(latest.get(resource));
  }

  public void forget(ResourceID resource) {
    wanted.remove(resource);
    latest.remove(resource);
    next.remove(resource);
  }

  private void readDue() {
    Instant now = clock.instant();
    wanted.forEach(
        (resource, want) -> {
          if (!next.getOrDefault(resource, Instant.EPOCH).isAfter(now) && reading.add(resource)) {
            readers.execute(() -> read(resource, want));
          }
        });
  }

  private void read(ResourceID resource, Want want) {
    Timer.Sample timing = Timer.start();
    try {
      // A cluster whose list call fails now (unreachable, throttled) is not asked for more.
      if (connectors.snapshot(want.backend()).error() != null) {
        next.put(resource, clock.instant().plus(want.interval()));
        return;
      }
      OffsetsStatus.Read read =
          new OffsetsStatus.Read(want.backend().offsets(want.connectorName()), clock.instant());
      timing.stop(OperatorMeters.poll("offsets", "ok"));
      next.put(resource, clock.instant().plus(want.interval()));
      OffsetsStatus.Read before = latest.put(resource, read);
      if (before == null || !before.offsets().equals(read.offsets())) {
        getEventHandler().handleEvent(new Event(resource));
      }
    } catch (BackendException e) {
      timing.stop(OperatorMeters.poll("offsets", "failed"));
      Duration wait = Duration.ofMillis(Math.max(e.retryAfterMillis(), want.interval().toMillis()));
      next.put(resource, clock.instant().plus(wait));
      log.debug("Reading the offsets of {} failed: {}", want.connectorName(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("Reading the offsets of {} failed unexpectedly", want.connectorName(), e);
      next.put(resource, clock.instant().plus(want.interval()));
    } finally {
      reading.remove(resource);
    }
  }

  @Override
  public Set<OffsetsStatus.Read> getSecondaryResources(CustomConnector primary) {
    OffsetsStatus.Read read = latest.get(ResourceID.fromResource(primary));
    return read == null ? Set.of() : Set.of(read);
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
