package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.config.CloudConnectorConfig;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.config.EffectiveConfig;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.customconnectors.operator.status.Observation;
import io.customconnectors.operator.status.Observation.Problem;
import io.customconnectors.operator.status.Reason;
import io.customconnectors.operator.status.RestartDecision;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Brings a connector to what its CustomConnector asks for: observe (the poller's snapshot of the
 * target), act (create or replace the config, pause, resume, stop, restart failures as the policy
 * allows), record (status as a pure function of what was seen, written only when it changed).
 */
public class CustomConnectorReconciler
    implements Reconciler<CustomConnector>, Cleaner<CustomConnector> {

  /** Set to "true" to drop the finalizer without deleting the remote connector. */
  public static final String FORCE_DELETE = "customconnectors.io/force-delete";

  /** Set to "true" to take over a same-named connector the operator did not create. */
  public static final String ADOPT = "customconnectors.io/adopt";

  private static final Logger log = LoggerFactory.getLogger(CustomConnectorReconciler.class);

  private final Resources resources;
  private final Backends backends;
  private final ConnectClusterPoller poller;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration retryInterval;

  /**
   * The backend each resource was last reconciled on: its delete may come after the Secrets its
   * target needs are gone (a namespace being deleted), and may need a second try.
   */
  private final java.util.Map<ResourceID, ConnectorBackend> lastBackends = Recent.map(10_000);

  public CustomConnectorReconciler(
      Resources resources,
      Backends backends,
      ConnectClusterPoller poller,
      EventRecorder events,
      Clock clock,
      Duration retryInterval) {
    this.resources = resources;
    this.backends = backends;
    this.poller = poller;
    this.events = events;
    this.clock = clock;
    this.retryInterval = retryInterval;
  }

  @Override
  public List<io.javaoperatorsdk.operator.processing.event.source.EventSource<?, CustomConnector>>
      prepareEventSources(
          io.javaoperatorsdk.operator.api.reconciler.EventSourceContext<CustomConnector> context) {
    return resources.prepare(context, poller);
  }

  @Override
  public UpdateControl<CustomConnector> reconcile(
      CustomConnector resource, Context<CustomConnector> context) {
    long started = System.nanoTime();
    String name = ConfigResolver.connectorName(resource);
    Attempt attempt = attempt(resource, name);
    CustomConnectorStatus status =
        ConnectorStatusCalculator.compute(resource, attempt.observation, clock.instant());
    announce(resource, status);
    UpdateControl<CustomConnector> control =
        ConnectorStatusCalculator.differs(resource.getStatus(), status)
            ? UpdateControl.patchStatus(forStatus(resource, status))
            : UpdateControl.noUpdate();
    attempt.rescheduleAfter.ifPresent(delay -> control.rescheduleAfter(delay.toMillis()));
    if (log.isDebugEnabled()) {
      log.debug(
          "Reconciled connector '{}' in {} ms: {}",
          name,
          (System.nanoTime() - started) / 1_000_000,
          Conditions.find(status.getConditions(), ConnectorStatusCalculator.READY).getReason());
    }
    return control;
  }

  /** What this reconcile saw and did, and when to look again regardless of events. */
  private record Attempt(Observation observation, Optional<Duration> rescheduleAfter) {}

  private Attempt attempt(CustomConnector resource, String name) {
    String previousHash =
        resource.getStatus() == null ? null : resource.getStatus().getConfigHash();
    ConnectorPlacement placement = ConnectorPlacement.of(resource, resources.plugins(resource));
    if (placement.problem() != null) {
      return blocked(name, describe(placement), placement.problem(), previousHash, Set.of());
    }
    ConnectorBackend backend;
    EffectiveConfig desired;
    try {
      backend = backends.resolve(placement.target(), resource.getMetadata().getNamespace());
      desired = resources.configResolver().resolve(resource, placement.connectorClass());
      if (placement.target().getConfluentCloud() != null) {
        if (placement.plugin() == null) {
          throw new CloudConnectorConfig.IncompleteException(
              "Confluent Cloud runs custom connectors only from an uploaded plugin: set"
                  + " spec.pluginRef");
        }
        desired = resources.cloudConfig().extend(desired, resource, placement.plugin().getStatus());
      }
    } catch (CloudConnectorConfig.IncompleteException e) {
      return blocked(
          name,
          describe(placement),
          new Problem(Reason.TargetIncomplete, e.getMessage()),
          previousHash,
          Set.of());
    } catch (MissingSecretException e) {
      return blocked(
          name,
          describe(placement),
          new Problem(Reason.SecretNotFound, e.getMessage()),
          previousHash,
          Set.of());
    } catch (Backends.UnsupportedTargetException e) {
      return new Attempt(
          new Observation(
              describe(placement),
              name,
              null,
              new Problem(e.reason(), e.getMessage()),
              false,
              previousHash,
              null,
              Set.of()),
          Optional.empty());
    } catch (BackendException e) {
      // A client that cannot even be built: a CA Secret without a certificate, an unusable URL.
      return blocked(
          name,
          describe(placement),
          new Problem(
              Reason.BackendUnreachable,
              e.getMessage() + ": check spec.target (url, tls) of this resource or its plugin"),
          previousHash,
          Set.of());
    }
    poller.watch(ResourceID.fromResource(resource), backend, name);
    lastBackends.put(ResourceID.fromResource(resource), backend);
    ConnectClusterPoller.Snapshot snapshot = poller.snapshot(backend);
    if (snapshot.error() != null) {
      return blocked(
          name,
          backend.describe(),
          unreachable(snapshot.error(), backend),
          previousHash,
          desired.secretValues());
    }
    RemoteConnector remote = snapshot.connector(name).orElse(null);
    if (remote == null) {
      // The snapshot may be a poll interval old: look again before creating, so that a connector
      // someone created meanwhile is neither taken over nor reported as missing.
      try {
        remote =
            backend
                .config(name)
                .map(
                    config ->
                        new RemoteConnector(
                            name, config, "UNASSIGNED", null, null, List.of(), null))
                .orElse(null);
      } catch (BackendException e) {
        return blocked(
            name,
            backend.describe(),
            unreachable(e, backend),
            previousHash,
            desired.secretValues());
      }
    }
    String owner = remote == null ? null : remote.config().get(ConfigResolver.OWNER_KEY);
    if (remote != null && !isOurs(resource, remote.config(), remote.id())) {
      return new Attempt(
          new Observation(
              backend.describe(),
              name,
              null,
              new Problem(
                  Reason.NameTaken,
                  "A connector named '"
                      + name
                      + "' already exists on "
                      + backend.describe()
                      + (owner == null
                          ? " and was not created by this operator"
                          : " and belongs to " + owner)
                      + ": choose another spec.connectorName, delete that connector, or annotate this"
                      + " resource with "
                      + ADOPT
                      + "=true to take it over"),
              false,
              previousHash,
              null,
              desired.secretValues()),
          Optional.of(retryInterval));
    }
    try {
      return act(resource, name, backend, remote, desired);
    } catch (BackendException e) {
      Problem problem =
          e.kind() == BackendException.Kind.REJECTED
              ? new Problem(
                  Reason.ConfigRejected,
                  backend.describe()
                      + " refused the config of connector '"
                      + name
                      + "': "
                      + e.getMessage())
              : unreachable(e, backend);
      return blocked(
          name, backend.describe(), problem, previousHash, desired.secretValues(), remote);
    }
  }

  private Attempt act(
      CustomConnector resource,
      String name,
      ConnectorBackend backend,
      RemoteConnector remote,
      EffectiveConfig desired) {
    ConnectorState wanted =
        resource.getSpec().getState() == null
            ? ConnectorState.RUNNING
            : resource.getSpec().getState();
    String appliedHash = resource.getStatus() == null ? null : resource.getStatus().getConfigHash();
    if (wanted == ConnectorState.STOPPED && !backend.canStop()) {
      return blocked(
          name,
          backend.describe(),
          new Problem(
              Reason.BackendNotSupported,
              backend.describe()
                  + " cannot stop a connector, only pause it: set spec.state to Paused"),
          appliedHash,
          desired.secretValues(),
          remote);
    }
    // The hash catches what a comparison cannot see: a rotated secret that the backend masks.
    if (remote == null
        || !backend.sameConfig(desired.config(), remote.config())
        || !desired.hash().equals(appliedHash)) {
      if (remote == null) {
        log.info("Creating connector '{}' on {}", name, backend.describe());
      } else {
        log.info(
            "Updating the config of connector '{}' on {} (keys changed: {})",
            name,
            backend.describe(),
            changedKeys(desired.config(), remote.config()));
      }
      boolean inState = false;
      if (remote == null) {
        inState = backend.create(name, desired.config(), wanted);
      } else {
        backend.putConfig(name, desired.config());
      }
      poller.wrote(backend, name, desired.config());
      if (remote == null && !inState && wanted != ConnectorState.RUNNING) {
        applyState(backend, name, wanted);
      }
      return new Attempt(
          new Observation(
              backend.describe(),
              name,
              remote,
              null,
              false,
              desired.hash(),
              null,
              desired.secretValues()),
          Optional.of(retryInterval));
    }
    if (!stateMatches(wanted, remote.state())) {
      applyState(backend, name, wanted);
    }
    RestartDecision restart = restartDecision(resource, remote, wanted);
    if (restart.action() == RestartDecision.Action.RESTART_NOW) {
      log.info(
          "Restarting failed connector '{}' on {} (restart {})",
          name,
          backend.describe(),
          restart.count());
      backend.restart(name, desired.config());
      poller.changed(backend, name);
    }
    Optional<Duration> reschedule =
        restart.action() == RestartDecision.Action.WAIT
            ? Optional.of(Duration.between(clock.instant(), restart.nextRestart()).plusMillis(100))
            : Optional.empty();
    return new Attempt(
        new Observation(
            backend.describe(),
            name,
            remote,
            null,
            true,
            desired.hash(),
            restart,
            desired.secretValues()),
        reschedule);
  }

  /** Names of the keys whose values differ: never the values, which may be secrets. */
  private static java.util.SortedSet<String> changedKeys(
      java.util.Map<String, String> desired, java.util.Map<String, String> remote) {
    java.util.SortedSet<String> keys = new java.util.TreeSet<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(remote.get(key))) {
            keys.add(key);
          }
        });
    remote.keySet().stream().filter(key -> !desired.containsKey(key)).forEach(keys::add);
    return keys;
  }

  private RestartDecision restartDecision(
      CustomConnector resource, RemoteConnector remote, ConnectorState wanted) {
    boolean failing =
        remote.state().equals("FAILED")
            || remote.tasks().stream().anyMatch(t -> t.state().equals("FAILED"));
    List<Condition> previous =
        resource.getStatus() == null ? null : resource.getStatus().getConditions();
    Instant now = clock.instant();
    Instant failedSince = null;
    if (failing && wanted == ConnectorState.RUNNING) {
      Condition degraded = Conditions.find(previous, ConnectorStatusCalculator.DEGRADED);
      failedSince =
          degraded != null && Conditions.isTrue(previous, ConnectorStatusCalculator.DEGRADED)
              ? Instant.parse(degraded.getLastTransitionTime())
              : now;
    }
    Condition running = Conditions.find(previous, ConnectorStatusCalculator.RUNNING);
    Instant healthySince =
        running != null
                && Conditions.isTrue(previous, ConnectorStatusCalculator.RUNNING)
                && !failing
            ? Instant.parse(running.getLastTransitionTime())
            : null;
    return RestartDecision.decide(
        resource.getSpec().getRestartPolicy(),
        resource.getStatus() == null ? null : resource.getStatus().getRestarts(),
        failedSince,
        healthySince,
        now);
  }

  private static boolean stateMatches(ConnectorState wanted, String remote) {
    return switch (wanted) {
      case RUNNING -> !remote.equals("PAUSED") && !remote.equals("STOPPED");
      case PAUSED -> remote.equals("PAUSED");
      case STOPPED -> remote.equals("STOPPED");
    };
  }

  private void applyState(ConnectorBackend backend, String name, ConnectorState wanted) {
    log.info("Setting connector '{}' on {} to {}", name, backend.describe(), wanted);
    switch (wanted) {
      case RUNNING -> backend.resume(name);
      case PAUSED -> backend.pause(name);
      case STOPPED -> backend.stop(name);
    }
    poller.changed(backend, name);
  }

  private Attempt blocked(
      String name, String target, Problem problem, String hash, Set<String> secrets) {
    return blocked(name, target, problem, hash, secrets, null);
  }

  private Attempt blocked(
      String name,
      String target,
      Problem problem,
      String hash,
      Set<String> secrets,
      RemoteConnector remote) {
    return new Attempt(
        new Observation(target, name, remote, problem, remote != null, hash, null, secrets),
        Optional.of(retryInterval));
  }

  private static Problem unreachable(BackendException e, ConnectorBackend backend) {
    return e.kind() == BackendException.Kind.UNAUTHORIZED
        ? new Problem(
            Reason.BackendUnauthorized,
            backend.describe()
                + " refused the operator's credentials: "
                + e.getMessage()
                + ". Check spec.target's auth secret")
        : new Problem(Reason.BackendUnreachable, e.getMessage());
  }

  private static String describe(ConnectorPlacement placement) {
    if (placement.target() == null) {
      return null;
    }
    if (placement.target().getKafkaConnect() != null) {
      java.net.URI url = java.net.URI.create(placement.target().getKafkaConnect().getUrl());
      int port = url.getPort() > 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
      return "connect/" + url.getHost() + ":" + port;
    }
    var cloud = placement.target().getConfluentCloud();
    return "ccloud/"
        + (cloud.getKafkaCluster() == null ? cloud.getEnvironment() : cloud.getKafkaCluster());
  }

  /** An event when readiness changes: Normal when it became ready, Warning with the cause else. */
  private void announce(CustomConnector resource, CustomConnectorStatus next) {
    Condition before =
        Conditions.find(
            resource.getStatus() == null ? null : resource.getStatus().getConditions(),
            ConnectorStatusCalculator.READY);
    Condition after = Conditions.find(next.getConditions(), ConnectorStatusCalculator.READY);
    if (after == null
        || (before != null
            && before.getStatus() == after.getStatus()
            && Objects.equals(before.getReason(), after.getReason()))) {
      return;
    }
    boolean ready = Conditions.isTrue(next.getConditions(), ConnectorStatusCalculator.READY);
    if (!ready && Reason.Starting.name().equals(after.getReason())) {
      return; // on the way to the desired state: worth a status, not an event
    }
    events.record(
        resource,
        ready || Reason.Provisioning.name().equals(after.getReason())
            ? EventRecorder.Type.Normal
            : EventRecorder.Type.Warning,
        after.getReason(),
        after.getMessage());
  }

  static CustomConnector forStatus(CustomConnector resource, CustomConnectorStatus status) {
    CustomConnector patch = new CustomConnector();
    patch.getMetadata().setName(resource.getMetadata().getName());
    patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }

  /**
   * Whether the remote connector is this resource's: it carries our owner mark; or it carries no
   * mark but our status shows we applied a config to it (someone replaced its whole config, mark
   * included, from outside: the edit is drift to undo, not a reason to let go); or an administrator
   * said to adopt it.
   */
  private static boolean isOurs(
      CustomConnector resource, java.util.Map<String, String> remoteConfig, String remoteId) {
    String owner = remoteConfig.get(ConfigResolver.OWNER_KEY);
    if (ConfigResolver.owner(resource).equals(owner)
        || "true".equals(annotation(resource, ADOPT))) {
      return true;
    }
    CustomConnectorStatus status = resource.getStatus();
    return owner == null
        && status != null
        && status.getConfigHash() != null
        && status.getConnectorId() != null
        && (status.getConnectorId().equals(ConfigResolver.connectorName(resource))
            || status.getConnectorId().equals(remoteId));
  }

  private static String annotation(CustomConnector resource, String key) {
    var annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  @Override
  public DeleteControl cleanup(CustomConnector resource, Context<CustomConnector> context) {
    ResourceID id = ResourceID.fromResource(resource);
    String name = ConfigResolver.connectorName(resource);
    if ("true".equals(annotation(resource, FORCE_DELETE))
        || resource.getSpec().getDeletionPolicy() == DeletionPolicy.ORPHAN) {
      log.info(
          "Leaving connector '{}' in place ({})",
          name,
          resource.getSpec().getDeletionPolicy() == DeletionPolicy.ORPHAN
              ? "deletionPolicy Orphan"
              : FORCE_DELETE);
      poller.forget(id);
      return DeleteControl.defaultDelete();
    }
    ConnectorPlacement placement = ConnectorPlacement.of(resource, resources.plugins(resource));
    ConnectorBackend backend;
    try {
      backend = backends.resolve(placement.target(), resource.getMetadata().getNamespace());
    } catch (Backends.UnsupportedTargetException e) {
      poller.forget(id);
      return DeleteControl.defaultDelete();
    } catch (MissingSecretException e) {
      // Deleting a namespace deletes its Secrets too, often first: the client this resource was
      // last polled with still holds the credentials.
      Optional<ConnectorBackend> known =
          poller.watched(id).or(() -> Optional.ofNullable(lastBackends.get(id)));
      if (known.isEmpty()) {
        return pendingDelete(
            resource, context, e.getMessage() + "; or annotate with " + FORCE_DELETE + "=true");
      }
      backend = known.get();
    } catch (BackendException e) {
      return pendingDelete(
          resource,
          context,
          e.getMessage()
              + ": fix spec.target, or annotate with "
              + FORCE_DELETE
              + "=true to drop the finalizer without deleting the connector");
    }
    try {
      Optional<java.util.Map<String, String>> remote = backend.config(name);
      String owner = remote.map(config -> config.get(ConfigResolver.OWNER_KEY)).orElse(null);
      if (remote.isPresent() && !isOurs(resource, remote.get(), null)) {
        log.info(
            "Not deleting connector '{}' on {}: it is not ours ({})",
            name,
            backend.describe(),
            owner);
      } else {
        boolean existed = backend.delete(name);
        log.info(
            "Deleted connector '{}' on {}{}",
            name,
            backend.describe(),
            existed ? "" : " (it was already gone)");
        poller.changed(backend, name);
      }
      poller.forget(id);
      return DeleteControl.defaultDelete();
    } catch (BackendException e) {
      return pendingDelete(
          resource,
          context,
          "Cannot delete connector '"
              + name
              + "' on "
              + backend.describe()
              + ": "
              + e.getMessage()
              + ". Retrying; annotate with "
              + FORCE_DELETE
              + "=true to drop the finalizer without deleting it");
    }
  }

  private DeleteControl pendingDelete(
      CustomConnector resource, Context<CustomConnector> context, String message) {
    CustomConnectorStatus status =
        resource.getStatus() == null ? new CustomConnectorStatus() : resource.getStatus();
    List<Condition> conditions =
        new java.util.ArrayList<>(
            status.getConditions() == null ? List.of() : status.getConditions());
    Condition previous = Conditions.find(status.getConditions(), ConnectorStatusCalculator.READY);
    Instant pendingSince =
        previous != null && Reason.DeletePending.name().equals(previous.getReason())
            ? Instant.parse(previous.getLastTransitionTime())
            : clock.instant();
    conditions.removeIf(c -> ConnectorStatusCalculator.READY.equals(c.getType()));
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    conditions.add(
        0,
        Conditions.of(
            ConnectorStatusCalculator.READY, false, Reason.DeletePending, message, generation));
    status.setConditions(Conditions.carryOver(status.getConditions(), conditions, clock.instant()));
    try {
      context.getClient().resource(forStatus(resource, status)).patchStatus();
    } catch (RuntimeException e) {
      log.warn(
          "Could not write the delete status of {}: {}",
          resource.getMetadata().getName(),
          e.getMessage());
    }
    log.warn("{}", message);
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(deleteRetryDelay(pendingSince).toMillis());
  }

  /**
   * Backs off while a delete keeps failing: half the time it has been failing, at least the retry
   * interval and at most five minutes, with up to 10% jitter so that many deletes spread out.
   */
  Duration deleteRetryDelay(Instant pendingSince) {
    Duration half = Duration.between(pendingSince, clock.instant()).dividedBy(2);
    Duration capped = half.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : half;
    Duration delay = capped.compareTo(retryInterval) < 0 ? retryInterval : capped;
    return delay.plusMillis(
        (long)
            (delay.toMillis()
                * 0.1
                * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
  }
}
