package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.Recent;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.config.EffectiveConfig;
import io.customconnectors.operator.reconciler.ConnectorObserver.Observed;
import io.customconnectors.operator.retry.Backoff;
import io.customconnectors.operator.status.Observation;
import io.customconnectors.operator.status.RestartDecision;

/**
 * The act step of a CustomConnector's reconcile, once it was observed without a problem: create the
 * connector or replace its config, bring it to spec.state, restart it as the restart policy allows,
 * and tell the poller what was written.
 */
final class ConnectorActions {

  /** What a reconcile saw and did, and when to look again regardless of events. */
  record Attempt(
      Observation observation,
      Optional<Duration> rescheduleAfter,
      boolean wrote,
      List<String> unkeptKeys,
      Optional<ManualRestart> manualRestart,
      OffsetsChanges.Step offsets) {

    Attempt(Observation observation, Optional<Duration> rescheduleAfter, boolean wrote) {
      this(observation, rescheduleAfter, wrote, List.of(), Optional.empty(), null);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ConnectorActions.class);

  private final ConnectClusterPoller poller;
  private final Clock clock;
  private final Duration retryInterval;

  /**
   * The hash of the config last written, by resource uid: the status that records it may be written
   * a poll later (a connector that is merely starting is not worth a status write of its own), and
   * a reconcile in between must not write the same config again.
   */
  private final Map<String, String> written = Recent.map(10_000);

  /**
   * When each resource was last restarted on request: a reconcile may see the resource from before
   * the status that records it (the annotation's removal arrives first), and must not drop it.
   */
  private final Map<String, String> manualRestarts = Recent.map(10_000);

  /** A config the backend refused, by resource uid: not sent again while its hash is the same. */
  private record Rejection(String hash, Problem problem) {}

  private final Map<String, Rejection> rejected = Recent.map(10_000);

  /**
   * Keys the backend showed differently right after the operator wrote them, by resource uid, and
   * how many writes in a row came back so: a backend that drops or rewrites a key would otherwise
   * get the config again on every poll.
   */
  private record Unkept(String hash, Set<String> keys, int writes) {}

  private final Map<String, Unkept> unkept = Recent.map(10_000);

  /** Writes of one config that may come back changed the same way before the operator stops. */
  private static final int WRITES_BEFORE_GIVING_UP = 2;

  /** Blocked reconciles in a row, by resource uid: each waits longer than the one before. */
  private final Map<String, Integer> failures = Recent.map(10_000);

  private final Backoff pacing;

  private final OffsetsChanges offsetsChanges;

  ConnectorActions(ConnectClusterPoller poller, Clock clock, Duration retryInterval) {
    this.offsetsChanges = new OffsetsChanges(poller, clock);
    this.poller = poller;
    this.clock = clock;
    this.retryInterval = retryInterval;
    this.pacing =
        new Backoff(
            retryInterval, MAX_WAIT.compareTo(retryInterval) > 0 ? MAX_WAIT : retryInterval);
  }

  /** The longest wait between looks at a blocked connector; events cut it short. */
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);

  /** The hash of the config applied last: written by this replica, or recorded in status. */
  String appliedHash(CustomConnector resource) {
    String pending = written.get(resource.getMetadata().getUid());
    if (pending != null) {
      return pending;
    }
    return resource.getStatus() == null ? null : resource.getStatus().getConfigHash();
  }

  /** The outcome of a reconcile that could not act: the problem, and what was last known. */
  Attempt blocked(CustomConnector resource, Observed seen) {
    return new Attempt(
        new Observation(
            seen.target(),
            seen.name(),
            seen.remote(),
            seen.problem(),
            seen.remote() != null,
            appliedHash(resource),
            null,
            seen.desired() == null ? null : seen.desired().secretValues()),
        seen.retry() ? Optional.of(pace(resource, seen.problem().retryAfter())) : Optional.empty(),
        false);
  }

  /**
   * How long a blocked connector waits before it is looked at again: the retry interval, doubling
   * with each blocked reconcile in a row up to five minutes, jittered so that many connectors do
   * not come back at once, and never shorter than the backend asked (Retry-After). Events (a Secret
   * created, the cluster reachable again) bring it back sooner.
   */
  private Duration pace(CustomConnector resource, Duration asked) {
    int attempt = failures.merge(resource.getMetadata().getUid(), 1, Integer::sum);
    long half = pacing.ceiling(attempt).toMillis() / 2;
    Duration delay =
        Duration.ofMillis(half + (long) (half * ThreadLocalRandom.current().nextDouble()));
    return delay.compareTo(asked) < 0 ? asked : delay;
  }

  Attempt converge(CustomConnector resource, Observed seen) {
    try {
      Attempt attempt = act(resource, seen);
      if (attempt.observation().problem() == null) {
        failures.remove(resource.getMetadata().getUid());
      }
      return attempt;
    } catch (BackendException e) {
      Problem problem =
          e.kind() == BackendException.Kind.REJECTED
              ? refused(seen, e)
              : ConnectorObserver.unreachable(e, seen.backend());
      return blocked(resource, seen.blockedBy(problem));
    }
  }

  private static Problem refused(Observed seen, BackendException e) {
    return new Problem(
        Reason.ConfigRejected,
        seen.target()
            + " refused the config of connector '"
            + seen.name()
            + "': "
            + e.getMessage()
            + ". It is not sent again until spec.config or its Secrets change");
  }

  private Attempt act(CustomConnector resource, Observed seen) {
    ConnectorBackend backend = seen.backend();
    EffectiveConfig desired = seen.desired();
    RemoteConnector remote = seen.remote();
    String name = seen.name();
    ConnectorState wanted =
        resource.getSpec().getState() == null
            ? ConnectorState.RUNNING
            : resource.getSpec().getState();
    if (wanted == ConnectorState.STOPPED && !backend.canStop()) {
      return blocked(
          resource,
          seen.blockedBy(
              new Problem(
                  Reason.BackendNotSupported,
                  backend.describe()
                      + " cannot stop a connector, only pause it: set spec.state to Paused")));
    }
    // The hash catches what a comparison cannot see: a rotated secret that the backend masks.
    String uid = resource.getMetadata().getUid();
    boolean differs = remote != null && differs(resource, backend, desired.config(), remote);
    boolean applied = desired.hash().equals(appliedHash(resource));
    if (!applied && remote != null && !differs && appliedHash(resource) == null) {
      // Nothing recorded about this connector, and it already runs with this config: an adopted
      // connector (or a status lost) takes no write and no restart. Where the backend masks secrets
      // only an adoption is taken on trust: the masked values cannot be compared.
      if (backend.comparesSecrets() || Annotations.isTrue(resource, Annotations.ADOPT)) {
        log.info(
            "Connector '{}' on {} already has the desired config; taking it over without a write",
            name,
            backend.describe());
        written.put(uid, desired.hash());
        applied = true;
      }
    }
    if (differs && applied) {
      // This very config was written before, and the backend shows it otherwise.
      Set<String> notKept = unkeptKeys(backend, desired.config(), remote.config());
      Unkept before = unkept.get(uid);
      int writes =
          before != null && before.hash().equals(desired.hash()) && before.keys().equals(notKept)
              ? before.writes()
              : 0;
      if (writes >= WRITES_BEFORE_GIVING_UP) {
        log.warn(
            "Connector '{}' on {} does not keep {} as written; not writing its config again",
            name,
            backend.describe(),
            notKept);
        return steady(resource, seen, wanted, new ArrayList<>(notKept));
      }
      unkept.put(uid, new Unkept(desired.hash(), notKept, writes + 1));
    }
    // A look that shows the config as written does not reset the count: it may be the poller's
    // overlay of the write itself, before the backend shows what it kept. A new config, or other
    // keys not kept, count afresh.
    if (remote == null || differs || !applied) {
      Rejection before = rejected.get(uid);
      if (before != null && before.hash().equals(desired.hash())) {
        return blocked(resource, seen.blockedBy(before.problem()));
      }
      try {
        write(resource, backend, name, remote, desired, wanted);
      } catch (BackendException e) {
        if (e.kind() == BackendException.Kind.REJECTED) {
          rejected.put(uid, new Rejection(desired.hash(), refused(seen, e)));
        }
        throw e;
      }
      rejected.remove(uid);
      return new Attempt(seen(backend, seen, false, null), Optional.of(retryInterval), true);
    }
    return steady(resource, seen, wanted, List.of());
  }

  /**
   * The connector has its config (or as much of it as its backend keeps): bring it to the state
   * spec.state asks for and restart it as the restart policy allows.
   */
  private Attempt steady(
      CustomConnector resource, Observed seen, ConnectorState wanted, List<String> unkeptKeys) {
    ConnectorBackend backend = seen.backend();
    RemoteConnector remote = seen.remote();
    String name = seen.name();
    OffsetsChanges.Step offsets = offsetsChanges.step(resource, backend, name, remote);
    if (offsets.holding()) {
      // The change of offsets stops the connector and brings it back itself.
      return new Attempt(
          seen(backend, seen, true, RestartDecision.kept(restartsOf(resource))),
          offsets.lookAgain(),
          false,
          unkeptKeys,
          Optional.empty(),
          offsets);
    }
    if (!stateMatches(wanted, remote.state())) {
      applyState(backend, name, wanted);
    }
    Optional<ManualRestart> manual =
        ManualRestart.perform(resource, backend, name, remote, seen.desired().config());
    if (manual.isPresent()) {
      log.info("{} ({})", manual.get().message(), backend.describe());
      poller.changed(backend, name);
      if (manual.get().done()) {
        manualRestarts.put(resource.getMetadata().getUid(), clock.instant().toString());
      }
    }
    RestartDecision restart =
        manual.filter(ManualRestart::done).isPresent()
            // Restarted just now on request: the policy looks again at the next poll, and its count
            // stays as it was.
            ? RestartDecision.kept(restartsOf(resource))
            : RestartDecision.forConnector(resource, remote, wanted, clock.instant());
    if (restart.action() == RestartDecision.Action.RESTART_NOW) {
      log.info(
          "Restarting failed connector '{}' on {} (restart {})",
          name,
          backend.describe(),
          restart.count());
      backend.restart(name, seen.desired().config());
      poller.changed(backend, name);
    }
    Optional<Duration> restartIn =
        restart.action() == RestartDecision.Action.WAIT
            ? Optional.of(Duration.between(clock.instant(), restart.nextRestart()).plusMillis(100))
            : Optional.empty();
    return new Attempt(
        seen(backend, seen, true, restart),
        sooner(restartIn, offsets.lookAgain()),
        false,
        unkeptKeys,
        manual,
        offsets);
  }

  private static Optional<Duration> sooner(Optional<Duration> one, Optional<Duration> other) {
    if (one.isEmpty()) {
      return other;
    }
    return other.isEmpty() || one.get().compareTo(other.get()) <= 0 ? one : other;
  }

  private static io.customconnectors.operator.api.v1alpha1.RestartStatus restartsOf(
      CustomConnector resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getRestarts();
  }

  /**
   * Whether the remote config differs from the desired one. An adopted connector that does not
   * carry the owner mark yet is compared without it: the mark alone is not worth a write, and it
   * arrives with the next change.
   */
  private static boolean differs(
      CustomConnector resource,
      ConnectorBackend backend,
      Map<String, String> desired,
      RemoteConnector remote) {
    if (!remote.config().containsKey(ConfigResolver.OWNER_KEY)
        && Annotations.isTrue(resource, Annotations.ADOPT)) {
      Map<String, String> unmarked = new java.util.LinkedHashMap<>(desired);
      unmarked.remove(ConfigResolver.OWNER_KEY);
      return !backend.sameConfig(unmarked, remote.config());
    }
    return !backend.sameConfig(desired, remote.config());
  }

  /** The keys whose stored value is not the written one, as the backend judges sameness. */
  private static Set<String> unkeptKeys(
      ConnectorBackend backend, Map<String, String> desired, Map<String, String> remote) {
    Set<String> keys = new TreeSet<>();
    desired.forEach(
        (key, value) -> {
          Map<String, String> stored =
              remote.containsKey(key) ? Map.of(key, remote.get(key)) : Map.of();
          if (!backend.sameConfig(Map.of(key, value), stored)) {
            keys.add(key);
          }
        });
    remote.forEach(
        (key, value) -> {
          if (!desired.containsKey(key) && !backend.sameConfig(Map.of(), Map.of(key, value))) {
            keys.add(key);
          }
        });
    return keys;
  }

  /** What was seen, with the desired config now applied or not, and the restart decision. */
  private static Observation seen(
      ConnectorBackend backend, Observed seen, boolean applied, RestartDecision restart) {
    return new Observation(
        backend.describe(),
        seen.name(),
        seen.remote(),
        null,
        applied,
        seen.desired().hash(),
        restart,
        seen.desired().secretValues());
  }

  /** Creates the connector (in its initial state where the backend can), or replaces its config. */
  private void write(
      CustomConnector resource,
      ConnectorBackend backend,
      String name,
      RemoteConnector remote,
      EffectiveConfig desired,
      ConnectorState wanted) {
    boolean inState = false;
    if (remote == null) {
      log.info("Creating connector '{}' on {}", name, backend.describe());
      inState = backend.create(name, desired.config(), wanted);
    } else {
      log.info(
          "Updating the config of connector '{}' on {} (keys changed: {})",
          name,
          backend.describe(),
          changedKeys(desired.config(), remote.config()));
      backend.putConfig(name, desired.config());
    }
    written.put(resource.getMetadata().getUid(), desired.hash());
    poller.wrote(backend, name, desired.config());
    if (remote == null && !inState && wanted != ConnectorState.RUNNING) {
      applyState(backend, name, wanted);
    }
  }

  /** Names of the keys whose values differ: never the values, which may be secrets. */
  private static SortedSet<String> changedKeys(
      Map<String, String> desired, Map<String, String> remote) {
    SortedSet<String> keys = new TreeSet<>();
    desired.forEach(
        (key, value) -> {
          if (!value.equals(remote.get(key))) {
            keys.add(key);
          }
        });
    remote.keySet().stream().filter(key -> !desired.containsKey(key)).forEach(keys::add);
    return keys;
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

  /** When the connector was last restarted on request, as far as anyone knows; null if never. */
  String lastManualRestart(CustomConnector resource) {
    String remembered = manualRestarts.get(resource.getMetadata().getUid());
    String recorded =
        resource.getStatus() == null || resource.getStatus().getRestarts() == null
            ? null
            : resource.getStatus().getRestarts().getLastManualRestart();
    if (remembered == null || (recorded != null && recorded.compareTo(remembered) > 0)) {
      return recorded;
    }
    return remembered;
  }

  /** The resource is gone: nothing to remember for it. */
  void forget(CustomConnector resource) {
    written.remove(resource.getMetadata().getUid());
    manualRestarts.remove(resource.getMetadata().getUid());
    rejected.remove(resource.getMetadata().getUid());
    unkept.remove(resource.getMetadata().getUid());
    failures.remove(resource.getMetadata().getUid());
    offsetsChanges.forget(resource);
  }
}
