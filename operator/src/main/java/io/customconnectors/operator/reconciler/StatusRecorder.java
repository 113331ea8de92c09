package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.api.v1alpha1.StatusWithConditions;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.customconnectors.operator.status.ErrorReport;
import io.customconnectors.operator.status.StatusDiff;
import io.customconnectors.operator.status.Warnings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * The one place statuses of both kinds are written and announced: a status is patched only when it
 * says something new (not for timestamps alone), and a change of readiness becomes one Event:
 * Normal when it became ready or waits on the way there, Warning with the cause otherwise.
 */
public final class StatusRecorder {

  /** Sends a status patch: a resource that carries only its name, namespace and status. */
  public interface StatusPatcher {
    void patchStatus(CustomResource<?, ?> patch);
  }

  private static final Logger log = LoggerFactory.getLogger(StatusRecorder.class);

  private final StatusPatcher patcher;
  private final EventRecorder events;
  private final Clock clock;

  public StatusRecorder(StatusPatcher patcher, EventRecorder events, Clock clock) {
    this.patcher = patcher;
    this.events = events;
    this.clock = clock;
  }

  /** An Event of its own, beside those status changes announce. */
  public void event(HasMetadata resource, EventRecorder.Type type, String reason, String message) {
    events.record(resource, type, reason, message);
  }

  /** What a reconcile returns: a status patch when the status changed, else no update. */
  public <S extends StatusWithConditions, R extends CustomResource<?, S>> UpdateControl<R> record(
      R resource, S next) {
    announce(resource, resource.getStatus(), next);
    return StatusDiff.differs(resource.getStatus(), next)
        ? UpdateControl.patchStatus(patchOf(resource, next))
        : UpdateControl.noUpdate();
  }

  /**
   * Writes Ready=False with this reason at once, outside a reconcile's result: a deletion that
   * waits says why, a create about to happen says so. The rest of the status stays; {@code fresh}
   * makes one when there is none yet.
   */
  public <S extends StatusWithConditions, R extends CustomResource<?, S>> void writeNotReady(
      R resource, Supplier<S> fresh, Reason reason, String message) {
    S status = resource.getStatus() == null ? fresh.get() : resource.getStatus();
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> ConnectorStatusCalculator.READY.equals(c.getType()));
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    conditions.add(
        0, Conditions.of(ConnectorStatusCalculator.READY, false, reason, message, generation));
    status.setConditions(Conditions.carryOver(status.getConditions(), conditions, clock.instant()));
    try {
      patcher.patchStatus(patchOf(resource, status));
    } catch (RuntimeException e) {
      log.warn(
          "Could not write the {} status of {}: {}",
          reason,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  private void announce(
      CustomResource<?, ?> resource, StatusWithConditions before, StatusWithConditions next) {
    List<Condition> previous = before == null ? null : before.getConditions();
    Condition was = Conditions.find(previous, ConnectorStatusCalculator.READY);
    Condition now = Conditions.find(next.getConditions(), ConnectorStatusCalculator.READY);
    if (now != null && changed(was, now)) {
      boolean ready = Conditions.isTrue(next.getConditions(), ConnectorStatusCalculator.READY);
      Reason reason = Reason.valueOf(now.getReason());
      if (ready || reason != Reason.Starting) { // Starting is worth a status, not an event
        events.record(
            resource,
            ready || reason.onTheWay() ? EventRecorder.Type.Normal : EventRecorder.Type.Warning,
            now.getReason(),
            now.getMessage());
      }
    }
    for (String type : ANNOUNCED) {
      Condition warned = Conditions.find(previous, type);
      Condition warning = Conditions.find(next.getConditions(), type);
      if (warning != null
          && (changed(warned, warning)
              || !Objects.equals(warned.getMessage(), warning.getMessage()))) {
        events.record(
            resource, EventRecorder.Type.Warning, warning.getReason(), warning.getMessage());
      }
    }
  }

  /** Conditions besides Ready whose appearance or new message is worth a Warning event. */
  private static final List<String> ANNOUNCED =
      Stream.concat(Warnings.TYPES.stream(), Stream.of(ErrorReport.LOG_ERRORS)).sorted().toList();

  private static boolean changed(Condition before, Condition after) {
    return before == null
        || before.getStatus() != after.getStatus()
        || !Objects.equals(before.getReason(), after.getReason());
  }

  /** A resource of the same kind that carries only the name, namespace and status. */
  static <S, R extends CustomResource<?, S>> R patchOf(R resource, S status) {
    try {
      @SuppressWarnings("unchecked")
      R patch = (R) resource.getClass().getDeclaredConstructor().newInstance();
      patch.getMetadata().setName(resource.getMetadata().getName());
      patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
      patch.setStatus(status);
      return patch;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot make a status patch of " + resource.getKind(), e);
    }
  }
}
