package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorLogSource;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.monitoring.OperatorMeters;
import io.customconnectors.operator.reconciler.ConnectorActions.Attempt;
import io.customconnectors.operator.reconciler.ConnectorObserver.Observed;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.customconnectors.operator.status.ErrorReport;
import io.customconnectors.operator.status.MetricsStatus;
import io.customconnectors.operator.status.OffsetsChangeReport;
import io.customconnectors.operator.status.OffsetsStatus;
import io.customconnectors.operator.status.Warnings;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Brings a connector to what its CustomConnector asks for, in four steps: observe (placement,
 * config, the poller's snapshot of the target: {@link ConnectorObserver}), decide (is the remote
 * connector ours: {@link Ownership}), act (create, replace the config, set the state, restart as
 * the policy allows: {@link ConnectorActions}), record (status as a pure function of what was seen,
 * written only when it changed: {@link StatusRecorder}). Deletion is {@link ConnectorCleaner}'s.
 */
public class CustomConnectorReconciler
    implements Reconciler<CustomConnector>, Cleaner<CustomConnector> {

  private static final Logger log = LoggerFactory.getLogger(CustomConnectorReconciler.class);

  /**
   * How soon to look again after a write whose Starting status was not recorded: the poller lists
   * the cluster again within a tenth of a second of a write, so this only covers a poll that shows
   * nothing new.
   */
  private static final Duration AFTER_WRITE = Duration.ofSeconds(1);

  private final Annotator annotator;
  private final ConnectorObserver observer;
  private final ConnectorActions actions;
  private final ConnectorCleaner cleaner;
  private final Backends backends;
  private final StatusRecorder recorder;
  private final MetricsPoller metrics;
  private final Duration metricsInterval;
  private final LogPoller logs;
  private final LogSources logSources;
  private final OffsetsPoller offsets;
  private final Lookups lookups;
  private final Map<String, String> logsUnread =
      io.customconnectors.operator.backend.Recent.map(10_000);
  private final Function<EventSourceContext<CustomConnector>, List<EventSource<?, CustomConnector>>>
      eventSources;
  private final Clock clock;

  /**
   * @param lookups Secrets and ConnectorPlugins of the resource's namespace
   * @param eventSources what to watch besides the resource: the informers behind {@code lookups}
   *     and the poller
   * @param metricsInterval how often metrics are read where spec.observability does not say
   * @param retryInterval how soon to look again while something is in the way
   */
  public CustomConnectorReconciler(
      Lookups lookups,
      Backends backends,
      ConnectClusterPoller poller,
      MetricsPoller metrics,
      Duration metricsInterval,
      LogPoller logs,
      LogSources logSources,
      OffsetsPoller offsets,
      StatusRecorder recorder,
      Function<EventSourceContext<CustomConnector>, List<EventSource<?, CustomConnector>>>
          eventSources,
      Annotator annotator,
      Clock clock,
      Duration retryInterval) {
    this.annotator = annotator;
    this.observer = new ConnectorObserver(lookups, backends, poller);
    this.actions = new ConnectorActions(poller, clock, retryInterval);
    this.cleaner = new ConnectorCleaner(lookups, backends, poller, recorder, clock, retryInterval);
    this.backends = backends;
    this.recorder = recorder;
    this.metrics = metrics;
    this.metricsInterval = metricsInterval;
    this.logs = logs;
    this.logSources = logSources;
    this.offsets = offsets;
    this.lookups = lookups;
    this.eventSources = eventSources;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, CustomConnector>> prepareEventSources(
      EventSourceContext<CustomConnector> context) {
    return eventSources.apply(context);
  }

  @Override
  public UpdateControl<CustomConnector> reconcile(
      CustomConnector resource, Context<CustomConnector> context) {
    long started = System.nanoTime();
    Observed seen = observer.observe(resource);
    Attempt attempt = decideAndAct(resource, seen);
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    ResourceID id = ResourceID.fromResource(resource);
    Duration readMetrics = metricsInterval(resource);
    metrics.want(id, readMetrics);
    Duration readLogs = readMetrics == null ? intervalOf(resource) : readMetrics;
    Map<String, Instant> logsReadUntil =
        LogPoller.instants(
            resource.getStatus() == null ? null : resource.getStatus().getLogsReadUntil());
    logs.want(id, seen.backend(), seen.name(), logSources(resource), readLogs, logsReadUntil);
    boolean source = seen.remote() == null || !"sink".equalsIgnoreCase(seen.remote().type());
    offsets.want(id, source ? seen.backend() : null, seen.name(), readLogs);
    ErrorReport.Logs logged =
        new ErrorReport.Logs(logs.pending(id, logsReadUntil), readLogs.multipliedBy(2));
    CustomConnectorStatus status =
        ErrorReport.apply(
            Warnings.apply(
                ConnectorStatusCalculator.compute(resource, attempt.observation(), clock.instant()),
                resource.getStatus() == null ? null : resource.getStatus().getConditions(),
                seen.plainSecrets(),
                attempt.unkeptKeys(),
                generation,
                clock.instant()),
            resource.getStatus(),
            attempt.observation().remote(),
            attempt.observation(),
            recentErrorsLimit(resource),
            generation,
            clock.instant(),
            logged);
    logs.recorded(id, LogPoller.instants(status.getLogsReadUntil()));
    MetricsStatus.apply(
        status,
        resource.getStatus(),
        metrics.latest(id).orElse(null),
        readMetrics != null && seen.backend() != null && seen.backend().metrics().isPresent());
    OffsetsStatus.apply(status, resource.getStatus(), offsets.latest(id).orElse(null));
    OffsetsChangeReport.apply(
        status,
        resource.getStatus(),
        attempt.offsets() == null ? null : attempt.offsets().status(),
        attempt.offsets() != null && attempt.offsets().holding(),
        generation,
        clock.instant());
    OperatorMeters.connectorState(id, status.getState());
    ManualRestart.remember(status, actions.lastManualRestart(resource));
    attempt
        .manualRestart()
        .ifPresent(
            restart -> {
              annotator.annotate(resource, restart.annotation(), null);
              recorder.event(
                  resource,
                  restart.done() ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
                  restart.done() ? "Restarted" : "RestartRefused",
                  restart.message());
            });
    UpdateControl<CustomConnector> control;
    if (attempt.wrote() && starting(status)) {
      // On its way: the next poll, a tenth of a second away, says more than "starting" would.
      control = UpdateControl.<CustomConnector>noUpdate().rescheduleAfter(AFTER_WRITE.toMillis());
    } else {
      control = recorder.record(resource, status);
      attempt.rescheduleAfter().ifPresent(delay -> control.rescheduleAfter(delay.toMillis()));
      // LogErrors from logs lasts a window: look again when it ends, so that it clears.
      ErrorReport.logErrorsLastFor(status, logged.window(), clock.instant())
          .filter(left -> control.getScheduleDelay().map(d -> d > left.toMillis()).orElse(true))
          .ifPresent(left -> control.rescheduleAfter(left.toMillis() + 1000));
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Reconciled connector '{}' in {} ms: {}",
          seen.name(),
          (System.nanoTime() - started) / 1_000_000,
          Conditions.find(status.getConditions(), ConnectorStatusCalculator.READY).getReason());
    }
    return control;
  }

  private Attempt decideAndAct(CustomConnector resource, Observed seen) {
    if (seen.problem() != null) {
      return actions.blocked(resource, seen);
    }
    Optional<Problem> clash = Ownership.clash(resource, seen.remote(), seen.target());
    if (clash.isPresent()) {
      // Someone else's connector: its state is none of this resource's status.
      return actions.blocked(
          resource,
          new Observed(
              seen.name(),
              seen.target(),
              seen.backend(),
              seen.desired(),
              null,
              clash.get(),
              true,
              seen.plainSecrets()));
    }
    return actions.converge(resource, seen);
  }

  /**
   * Which updates of a CustomConnector are worth a reconcile: a new spec (generation), the start of
   * its deletion, the finalizer just added, and a change to the annotations users steer the
   * operator with (restart, adopt, force-delete), which do not change the generation. Status
   * updates, the operator's own, are not.
   */
  public static boolean worthReconciling(CustomConnector newer, CustomConnector older) {
    Long before = older.getMetadata().getGeneration();
    Long after = newer.getMetadata().getGeneration();
    List<String> finalizersBefore = finalizers(older);
    List<String> finalizersAfter = finalizers(newer);
    return before == null
        || after == null
        || after > before
        || (newer.isMarkedForDeletion() && !older.isMarkedForDeletion())
        || finalizersAfter.isEmpty()
        || !finalizersBefore.containsAll(finalizersAfter)
        || !steering(newer).equals(steering(older));
  }

  private static List<String> finalizers(CustomConnector resource) {
    return resource.getMetadata().getFinalizers() == null
        ? List.of()
        : resource.getMetadata().getFinalizers();
  }

  private static Map<String, String> steering(CustomConnector resource) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    if (annotations == null) {
      return Map.of();
    }
    Map<String, String> ours = new TreeMap<>();
    annotations.forEach(
        (key, value) -> {
          if (key.startsWith(Annotations.PREFIX)) {
            ours.put(key, value);
          }
        });
    return ours;
  }

  /** The log sources the spec names; none when they cannot be read now (a Secret missing). */
  private List<ConnectorLogSource> logSources(CustomConnector resource) {
    try {
      logSources.sweep(logs.sourcesInUse(), clock.instant());
      return logSources.of(resource, ConnectorPlacement.of(resource, lookups).target());
    } catch (LogSources.CannotRead e) {
      // Once per cause, not once per reconcile.
      if (!e.getMessage().equals(logsUnread.put(resource.getMetadata().getUid(), e.getMessage()))) {
        log.warn(
            "Not reading the logs of {}/{}: {}",
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            e.getMessage());
      }
      return List.of();
    }
  }

  /** spec.observability.intervalSeconds, else the operator's default. */
  private Duration intervalOf(CustomConnector resource) {
    var observability = resource.getSpec().getObservability();
    return observability == null || observability.getIntervalSeconds() == null
        ? metricsInterval
        : Duration.ofSeconds(observability.getIntervalSeconds());
  }

  /** How often to read the connector's metrics; null when spec.observability turns them off. */
  private Duration metricsInterval(CustomConnector resource) {
    var observability = resource.getSpec().getObservability();
    if (observability == null) {
      return metricsInterval;
    }
    if (observability.getMetrics() != null
        && Boolean.FALSE.equals(observability.getMetrics().getEnabled())) {
      return null;
    }
    return observability.getIntervalSeconds() == null
        ? metricsInterval
        : Duration.ofSeconds(observability.getIntervalSeconds());
  }

  private static int recentErrorsLimit(CustomConnector resource) {
    var observability = resource.getSpec().getObservability();
    return observability == null || observability.getRecentErrorsLimit() == null
        ? ErrorReport.DEFAULT_LIMIT
        : observability.getRecentErrorsLimit();
  }

  /** Ready=False Starting with nothing else to report: a status not worth a write of its own. */
  private static boolean starting(CustomConnectorStatus status) {
    var ready = Conditions.find(status.getConditions(), ConnectorStatusCalculator.READY);
    return ready != null && Reason.Starting.name().equals(ready.getReason());
  }

  @Override
  public DeleteControl cleanup(CustomConnector resource, Context<CustomConnector> context) {
    DeleteControl control = cleaner.cleanup(resource);
    if (control.isRemoveFinalizer()) {
      actions.forget(resource);
      metrics.forget(ResourceID.fromResource(resource));
      logs.forget(ResourceID.fromResource(resource));
      offsets.forget(ResourceID.fromResource(resource));
      OperatorMeters.forgetConnector(ResourceID.fromResource(resource));
      backends.cleanedUp(resource.getMetadata().getUid());
    }
    return control;
  }
}
