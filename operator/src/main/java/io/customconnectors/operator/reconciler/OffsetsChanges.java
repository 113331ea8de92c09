package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.OffsetsChange;
import io.customconnectors.operator.api.v1alpha1.OffsetsChangeStatus;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.OffsetsRequest;
import io.customconnectors.operator.backend.Recent;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.status.OffsetsChangeReport;
import io.customconnectors.operator.status.OffsetsChangeReport.Phase;

/**
 * Carries out spec.offsets, once per requestId, as a few steps across reconciles: checked (nothing
 * changed while the request is wrong), then on Kafka Connect stop the connector, change the offsets
 * once it is STOPPED, and only after status records Applied let spec.state bring it back; on
 * Confluent Cloud record the start, send the offsets request, and follow it until APPLIED or
 * FAILED. Each step is recorded in status.offsetsChange before the next is taken, so an operator
 * restarted anywhere neither loses a request nor carries it out twice: an in-cluster change is
 * repeated only while the connector is still stopped (the same offsets again), and a Confluent
 * request sent just before a restart is found by its time rather than sent again.
 */
final class OffsetsChanges {

  /**
   * What a reconcile did about spec.offsets: the status to record, whether the connector's state
   * belongs to the change for now (the operator neither resumes, pauses nor restarts it), and when
   * to look again.
   */
  record Step(OffsetsChangeStatus status, boolean holding, Optional<Duration> lookAgain) {

    static Step idle(OffsetsChangeStatus status) {
      return new Step(status, false, Optional.empty());
    }
  }

  private static final Logger log = LoggerFactory.getLogger(OffsetsChanges.class);

  /** How often a change in progress is looked at: a stop takes a moment, a request some seconds. */
  private static final Duration STEP = Duration.ofSeconds(1);

  private static final Duration FOLLOW_REQUEST = Duration.ofSeconds(3);

  /** Clocks of the operator and Confluent may differ; a request this much older is not ours. */
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private final ConnectClusterPoller poller;
  private final Clock clock;

  /**
   * The status computed last, by resource uid: the status write that records a step may reach the
   * cache a reconcile later, and the step must not be taken twice meanwhile.
   */
  private final Map<String, OffsetsChangeStatus> computed = Recent.map(10_000);

  OffsetsChanges(ConnectClusterPoller poller, Clock clock) {
    this.poller = poller;
    this.clock = clock;
  }

  Step step(
      CustomConnector resource, ConnectorBackend backend, String name, RemoteConnector remote) {
    OffsetsChange asked = resource.getSpec().getOffsets();
    OffsetsChangeStatus inStatus =
        resource.getStatus() == null ? null : resource.getStatus().getOffsetsChange();
    OffsetsChangeStatus known = newest(inStatus, computed.get(resource.getMetadata().getUid()));
    if (asked == null) {
      if (inStatus != null && Phase.of(inStatus.getPhase()).holding()) {
        // Withdrawn halfway: the connector goes back to spec.state, and status says what is known.
        OffsetsChangeStatus withdrawn = copy(inStatus);
        withdrawn.setPhase(Phase.Failed.name());
        withdrawn.setMessage(
            "spec.offsets was removed before the change finished"
                + (backend.offsetsChangeNeedsStop()
                    ? "; the offsets were not changed"
                    : "; a request already sent to " + backend.describe() + " may still apply"));
        computed.put(resource.getMetadata().getUid(), withdrawn);
        return Step.idle(withdrawn);
      }
      return Step.idle(inStatus);
    }
    boolean thisRequest = known != null && asked.getRequestId().equals(known.getRequestId());
    Phase phase = thisRequest ? Phase.of(known.getPhase()) : null;
    if (phase != null && phase.finished()) {
      // Done. The connector goes back to spec.state only once status says so: a restarted
      // operator then knows the change was made and never makes it again.
      boolean recorded =
          inStatus != null
              && asked.getRequestId().equals(inStatus.getRequestId())
              && Phase.of(inStatus.getPhase()).finished();
      return recorded ? Step.idle(known) : new Step(known, true, Optional.of(STEP));
    }
    Step step;
    try {
      step =
          phase == null || phase == Phase.Rejected || phase == Phase.Waiting
              ? start(asked, backend, name, remote)
              : switch (phase) {
                case Pending -> send(known, asked, backend, name);
                case Stopping -> whenStopped(known, asked, backend, name, remote);
                case Requested -> follow(known, backend, name);
                default -> throw new IllegalStateException("phase " + phase);
              };
    } catch (BackendException e) {
      // Unreachable, throttled, rebalancing: the step is taken again at the next look.
      OffsetsChangeStatus same = known == null || !thisRequest ? waiting(asked) : copy(known);
      same.setMessage("Could not go on, trying again: " + e.getMessage());
      step =
          new Step(
              same,
              phase != null && phase.holding(),
              Optional.of(
                  e.retryAfterMillis() > 0
                      ? Duration.ofMillis(e.retryAfterMillis())
                      : FOLLOW_REQUEST));
    }
    computed.put(resource.getMetadata().getUid(), step.status());
    return step;
  }

  /**
   * Checks the request; when it is right, takes the first step. Nothing changes while it is not.
   */
  private Step start(
      OffsetsChange asked, ConnectorBackend backend, String name, RemoteConnector remote) {
    Optional<String> notNow = OffsetsChangeReport.notNow(remote);
    if (notNow.isPresent()) {
      OffsetsChangeStatus waiting = waiting(asked);
      waiting.setMessage(notNow.get());
      return new Step(waiting, false, Optional.of(FOLLOW_REQUEST));
    }
    Optional<String> wrong =
        OffsetsChangeReport.wrong(
            asked,
            remote,
            asked.getAlter() == null || !"source".equalsIgnoreCase(remote.type())
                ? null
                : backend.offsets(name));
    if (wrong.isPresent()) {
      OffsetsChangeStatus rejected = waiting(asked);
      rejected.setPhase(Phase.Rejected.name());
      rejected.setMessage(wrong.get() + ". Nothing was changed");
      return Step.idle(rejected);
    }
    OffsetsChangeStatus started = waiting(asked);
    started.setStartedAt(now().toString());
    if (!backend.offsetsChangeNeedsStop()) {
      // Recorded before the request is sent, so that a restart in between finds it by its time.
      started.setPhase(Phase.Pending.name());
      started.setMessage("About to send the offsets request to " + backend.describe());
      return new Step(started, true, Optional.of(STEP));
    }
    log.info(
        "Stopping connector '{}' on {} to {} its offsets (request {})",
        name,
        backend.describe(),
        started.getAction().toLowerCase(),
        asked.getRequestId());
    return whenStopped(started, asked, backend, name, remote);
  }

  /** Kafka Connect: stop the connector until it is STOPPED, then change the offsets. */
  private Step whenStopped(
      OffsetsChangeStatus known,
      OffsetsChange asked,
      ConnectorBackend backend,
      String name,
      RemoteConnector remote) {
    if (!"STOPPED".equals(remote.state())) {
      backend.stop(name);
      poller.changed(backend, name);
      OffsetsChangeStatus stopping = copy(known);
      stopping.setPhase(Phase.Stopping.name());
      stopping.setMessage(
          "Stopping the connector to "
              + known.getAction().toLowerCase()
              + " its offsets; it returns to spec.state afterwards");
      return new Step(stopping, true, Optional.of(STEP));
    }
    OffsetsRequest.Outcome outcome;
    try {
      outcome = backend.changeOffsets(name, OffsetsChangeReport.request(asked));
    } catch (BackendException e) {
      if (e.kind() != BackendException.Kind.REJECTED) {
        throw e;
      }
      return finish(known, Phase.Failed, e.getMessage(), null);
    }
    log.info(
        "{} the offsets of connector '{}' on {} (request {}): {}",
        asked.getReset() != null ? "Reset" : "Altered",
        name,
        backend.describe(),
        asked.getRequestId(),
        outcome.message());
    return finish(known, Phase.Applied, outcome.message(), now());
  }

  /**
   * Confluent Cloud: send the request, unless the newest one Confluent knows is this one (sent just
   * before an operator restart), or an earlier one is still being carried out.
   */
  private Step send(
      OffsetsChangeStatus known, OffsetsChange asked, ConnectorBackend backend, String name) {
    Instant started = Instant.parse(known.getStartedAt());
    Optional<OffsetsRequest.Progress> newest = backend.offsetsProgress(name);
    if (newest.isPresent() && ours(newest.get(), started)) {
      OffsetsChangeStatus requested = copy(known);
      requested.setPhase(Phase.Requested.name());
      requested.setRequestedAt(newest.get().requestedAt().toString());
      requested.setMessage("Sent to " + backend.describe() + "; waiting for it to be applied");
      return follow(requested, backend, name);
    }
    if (newest.isPresent() && !newest.get().applied() && !newest.get().failed()) {
      OffsetsChangeStatus waiting = copy(known);
      waiting.setMessage(
          "Waiting for an earlier offsets request on " + backend.describe() + " to end");
      return new Step(waiting, true, Optional.of(FOLLOW_REQUEST));
    }
    OffsetsRequest.Outcome outcome;
    try {
      outcome = backend.changeOffsets(name, OffsetsChangeReport.request(asked));
    } catch (BackendException e) {
      if (e.kind() != BackendException.Kind.REJECTED) {
        throw e;
      }
      return finish(known, Phase.Failed, e.getMessage(), null);
    }
    log.info(
        "Sent a request to {} the offsets of connector '{}' to {} (request {})",
        known.getAction().toLowerCase(),
        name,
        backend.describe(),
        asked.getRequestId());
    OffsetsChangeStatus requested = copy(known);
    requested.setPhase(Phase.Requested.name());
    requested.setRequestedAt(
        (outcome.requestedAt() == null ? now() : outcome.requestedAt()).toString());
    requested.setMessage("Sent to " + backend.describe() + "; waiting for it to be applied");
    return new Step(requested, true, Optional.of(FOLLOW_REQUEST));
  }

  /** Confluent Cloud: the request's phase, until APPLIED or FAILED. */
  private Step follow(OffsetsChangeStatus known, ConnectorBackend backend, String name) {
    Optional<OffsetsRequest.Progress> newest = backend.offsetsProgress(name);
    Instant requested = Instant.parse(known.getRequestedAt());
    if (newest.isEmpty() || !ours(newest.get(), requested)) {
      return new Step(known, true, Optional.of(FOLLOW_REQUEST));
    }
    OffsetsRequest.Progress progress = newest.get();
    if (progress.applied()) {
      log.info(
          "Confluent applied the offsets request of connector '{}' (request {})",
          name,
          known.getRequestId());
      return finish(known, Phase.Applied, progress.message(), progress.appliedAt());
    }
    if (progress.failed()) {
      return finish(
          known,
          Phase.Failed,
          backend.describe() + " could not apply it: " + progress.message(),
          null);
    }
    return new Step(known, true, Optional.of(FOLLOW_REQUEST));
  }

  /**
   * Whether Confluent's newest request is the one sent at (or, for a restart, after) {@code at}.
   */
  private static boolean ours(OffsetsRequest.Progress progress, Instant at) {
    return progress.requestedAt() != null
        && !progress.requestedAt().isBefore(at.truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW));
  }

  /**
   * The end of a change. The hold lasts until status records it (see {@link #step}); a rejected or
   * failed change holds nothing.
   */
  private static Step finish(
      OffsetsChangeStatus known, Phase phase, String message, Instant appliedAt) {
    OffsetsChangeStatus done = copy(known);
    done.setPhase(phase.name());
    done.setMessage(message == null || message.isBlank() ? phase.name() : message);
    done.setAppliedAt(appliedAt == null ? null : appliedAt.toString());
    return new Step(done, phase == Phase.Applied, Optional.of(STEP));
  }

  private static OffsetsChangeStatus waiting(OffsetsChange asked) {
    OffsetsChangeStatus status = new OffsetsChangeStatus();
    status.setRequestId(asked.getRequestId());
    status.setAction(asked.getReset() != null ? "Reset" : "Alter");
    status.setPartitions(asked.getAlter() == null ? 0 : asked.getAlter().size());
    status.setPhase(Phase.Waiting.name());
    return status;
  }

  /**
   * The later of what status says and what this replica computed for the same request: the newer
   * step wins, so a stale cache never takes a step back.
   */
  private static OffsetsChangeStatus newest(
      OffsetsChangeStatus inStatus, OffsetsChangeStatus computed) {
    if (computed == null) {
      return inStatus;
    }
    if (inStatus == null || !computed.getRequestId().equals(inStatus.getRequestId())) {
      return computed;
    }
    return Phase.of(computed.getPhase()).ordinal() >= Phase.of(inStatus.getPhase()).ordinal()
        ? computed
        : inStatus;
  }

  private static OffsetsChangeStatus copy(OffsetsChangeStatus status) {
    OffsetsChangeStatus copy = new OffsetsChangeStatus();
    copy.setRequestId(status.getRequestId());
    copy.setAction(status.getAction());
    copy.setPhase(status.getPhase());
    copy.setMessage(status.getMessage());
    copy.setPartitions(status.getPartitions());
    copy.setStartedAt(status.getStartedAt());
    copy.setRequestedAt(status.getRequestedAt());
    copy.setAppliedAt(status.getAppliedAt());
    return copy;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  void forget(CustomConnector resource) {
    computed.remove(resource.getMetadata().getUid());
  }
}
