package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.customconnectors.operator.backend.ConnectorLogSource;
import io.customconnectors.operator.backend.LogEntry;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.monitoring.OperatorMeters;
import io.customconnectors.operator.retry.Backoff;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.micrometer.core.instrument.Timer;

/**
 * Reads connectors' logged errors from their log sources: one read of a source per interval for all
 * the connectors that use it (the shortest interval they ask for), and an event for each resource
 * with new errors. Errors wait here until the resource's status records them
 * (status.logsReadUntil), so none is lost to a status write that did not happen, and none is
 * reported twice.
 */
public final class LogPoller extends AbstractEventSource<LogEntry, CustomConnector> {

  private static final Logger log = LoggerFactory.getLogger(LogPoller.class);
  private static final int PER_READ = 50;
  private static final int PENDING_MAX = 200;

  /** What a resource asked for at its last reconcile. */
  private record Want(
      ConnectorBackend backend,
      String connectorName,
      List<ConnectorLogSource> sources,
      Duration interval,
      Map<String, Instant> readUntil) {}

  private static final class Round {
    volatile Instant next = Instant.EPOCH;
    volatile boolean reading;
    int failures;
  }

  private final ConnectClusterPoller connectors;
  private final Clock clock;
  private final Map<ResourceID, Want> wanted = new ConcurrentHashMap<>();
  private final Map<ResourceID, List<LogEntry>> pending = new ConcurrentHashMap<>();

  /** What each resource's status holds, per source kind, as far as this poller knows. */
  private final Map<ResourceID, Map<String, Instant>> recorded = new ConcurrentHashMap<>();

  /**
   * When each resource's logs were last read without error: a read starts a little before it (the
   * log's clock may run behind ours) instead of at the newest error, which may be long ago.
   */
  private final Map<ResourceID, Map<String, Instant>> readAt = new ConcurrentHashMap<>();

  private static final Duration CLOCK_SLACK = Duration.ofSeconds(30);
  private final Map<ConnectorLogSource, Round> rounds = new ConcurrentHashMap<>();
  private final Backoff failureBackoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
  private ScheduledExecutorService timer;
  private ExecutorService readers;

  public LogPoller(ConnectClusterPoller connectors, Clock clock) {
    super(LogEntry.class, "connector-logs");
    this.connectors = connectors;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "log-poll-timer"));
    readers = Executors.newFixedThreadPool(2, runnable -> daemon(runnable, "log-poll"));
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
   * The resource's connector's logs are read from {@code sources} every {@code interval}, from
   * {@code readUntil} on (what its status says was read); no sources: not at all.
   */
  public void want(
      ResourceID resource,
      ConnectorBackend backend,
      String connectorName,
      List<ConnectorLogSource> sources,
      Duration interval,
      Map<String, Instant> readUntil) {
    if (sources.isEmpty() || backend == null) {
      forget(resource);
      return;
    }
    wanted.put(
        resource, new Want(backend, connectorName, List.copyOf(sources), interval, readUntil));
  }

  /**
   * Errors read for the resource that its status, as of {@code readUntil} (per source kind), does
   * not hold yet.
   */
  public List<LogEntry> pending(ResourceID resource, Map<String, Instant> readUntil) {
    List<LogEntry> entries = pending.get(resource);
    if (entries == null) {
      return List.of();
    }
    Map<String, Instant> known = recorded.getOrDefault(resource, Map.of());
    synchronized (entries) {
      entries.removeIf(
          entry ->
              !entry
                  .at()
                  .isAfter(latest(readUntil.get(entry.source()), known.get(entry.source()))));
      return List.copyOf(entries);
    }
  }

  /** The resource's status now holds everything up to {@code readUntil}, per source kind. */
  public void recorded(ResourceID resource, Map<String, Instant> readUntil) {
    if (!readUntil.isEmpty()) {
      Map<String, Instant> known =
          recorded.computeIfAbsent(resource, r -> new ConcurrentHashMap<>());
      readUntil.forEach((kind, at) -> known.merge(kind, at, LogPoller::latest));
    }
  }

  /** status.logsReadUntil as instants; empty when there is none. */
  public static Map<String, Instant> instants(Map<String, String> readUntil) {
    Map<String, Instant> instants = new HashMap<>();
    if (readUntil != null) {
      readUntil.forEach((kind, at) -> instants.put(kind, Instant.parse(at)));
    }
    return instants;
  }

  public void forget(ResourceID resource) {
    wanted.remove(resource);
    pending.remove(resource);
    recorded.remove(resource);
    readAt.remove(resource);
  }

  /** Sources in use now, for the cache that holds them. */
  Set<ConnectorLogSource> sourcesInUse() {
    Set<ConnectorLogSource> inUse = ConcurrentHashMap.newKeySet();
    wanted.values().forEach(want -> inUse.addAll(want.sources()));
    return inUse;
  }

  private void readDue() {
    Instant now = clock.instant();
    Map<ConnectorLogSource, Map<ResourceID, Want>> bySource = new HashMap<>();
    wanted.forEach(
        (resource, want) ->
            want.sources()
                .forEach(
                    source ->
                        bySource
                            .computeIfAbsent(source, s -> new HashMap<>())
                            .put(resource, want)));
    rounds.keySet().removeIf(source -> !bySource.containsKey(source));
    bySource.forEach(
        (source, users) -> {
          Round round = rounds.computeIfAbsent(source, s -> new Round());
          if (!round.reading && !round.next.isAfter(now)) {
            round.reading = true;
            readers.execute(() -> read(source, users, round));
          }
        });
  }

  private void read(ConnectorLogSource source, Map<ResourceID, Want> users, Round round) {
    Duration interval =
        users.values().stream().map(Want::interval).min(Duration::compareTo).orElseThrow();
    Timer.Sample timing = Timer.start();
    Instant started = clock.instant();
    try {
      List<RemoteConnector> remotes = new ArrayList<>();
      Map<String, Instant> after = new HashMap<>();
      Map<String, ResourceID> byName = new HashMap<>();
      users.forEach(
          (resource, want) ->
              connectors
                  .snapshot(want.backend())
                  .connector(want.connectorName())
                  .ifPresent(
                      remote -> {
                        remotes.add(remote);
                        byName.put(remote.name(), resource);
                        String kind = source.kind();
                        Instant lastRead = readAt.getOrDefault(resource, Map.of()).get(kind);
                        after.put(
                            remote.name(),
                            latest(
                                latest(
                                    want.readUntil().get(kind),
                                    newestHeld(
                                        resource,
                                        kind,
                                        recorded.getOrDefault(resource, Map.of()).get(kind))),
                                lastRead == null ? null : lastRead.minus(CLOCK_SLACK)));
                      }));
      Map<String, List<LogEntry>> errors =
          remotes.isEmpty() ? Map.of() : source.errors(remotes, after, PER_READ);
      log.debug(
          "Read {} for {} (after {}): errors for {}",
          source.getClass().getSimpleName(),
          byName.keySet(),
          after,
          errors.keySet());
      timing.stop(OperatorMeters.poll("logs", "ok"));
      byName
          .values()
          .forEach(
              resource ->
                  readAt
                      .computeIfAbsent(resource, r -> new ConcurrentHashMap<>())
                      .put(source.kind(), started));
      round.failures = 0;
      round.next = clock.instant().plus(interval);
      errors.forEach(
          (name, entries) -> {
            ResourceID resource = byName.get(name);
            if (resource == null || entries.isEmpty() || !wanted.containsKey(resource)) {
              return;
            }
            List<LogEntry> held = pending.computeIfAbsent(resource, r -> new ArrayList<>());
            synchronized (held) {
              held.addAll(entries);
              held.sort((a, b) -> a.at().compareTo(b.at()));
              while (held.size() > PENDING_MAX) {
                held.remove(0);
              }
            }
            getEventHandler().handleEvent(new Event(resource));
          });
    } catch (BackendException e) {
      timing.stop(OperatorMeters.poll("logs", "failed"));
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
          "Reading logs failed ({} in a row), next try in {} s: {}",
          round.failures,
          wait.toSeconds(),
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("Reading logs failed unexpectedly", e);
      round.next = clock.instant().plus(interval);
    } finally {
      round.reading = false;
    }
  }

  /** The newest entry of this source kind held for the resource, or {@code floor}. */
  private Instant newestHeld(ResourceID resource, String kind, Instant floor) {
    List<LogEntry> held = pending.get(resource);
    if (held == null) {
      return floor;
    }
    synchronized (held) {
      Instant newest = floor;
      for (LogEntry entry : held) {
        if (entry.source().equals(kind)) {
          newest = latest(newest, entry.at());
        }
      }
      return newest;
    }
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b == null ? Instant.EPOCH : b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  @Override
  public Set<LogEntry> getSecondaryResources(CustomConnector primary) {
    List<LogEntry> held = pending.get(ResourceID.fromResource(primary));
    if (held == null) {
      return Set.of();
    }
    synchronized (held) {
      return Set.copyOf(held);
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
