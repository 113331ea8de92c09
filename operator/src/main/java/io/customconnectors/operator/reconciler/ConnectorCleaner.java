package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Deletes a CustomConnector's remote connector before its finalizer goes: only a connector that is
 * ours, with the client the resource last used when its Secrets are already gone (a namespace being
 * deleted), and with a backoff while the target refuses. Orphan and the force-delete annotation
 * leave the connector in place.
 */
final class ConnectorCleaner {

  private static final Logger log = LoggerFactory.getLogger(ConnectorCleaner.class);

  private final Lookups lookups;
  private final Backends backends;
  private final ConnectClusterPoller poller;
  private final StatusRecorder recorder;
  private final Clock clock;
  private final Duration retryInterval;

  ConnectorCleaner(
      Lookups lookups,
      Backends backends,
      ConnectClusterPoller poller,
      StatusRecorder recorder,
      Clock clock,
      Duration retryInterval) {
    this.lookups = lookups;
    this.backends = backends;
    this.poller = poller;
    this.recorder = recorder;
    this.clock = clock;
    this.retryInterval = retryInterval;
  }

  DeleteControl cleanup(CustomConnector resource) {
    ResourceID id = ResourceID.fromResource(resource);
    String name = ConfigResolver.connectorName(resource);
    boolean orphan = resource.getSpec().getDeletionPolicy() == DeletionPolicy.ORPHAN;
    if (orphan || Annotations.isTrue(resource, Annotations.FORCE_DELETE)) {
      log.info(
          "Leaving connector '{}' in place ({})",
          name,
          orphan ? "deletionPolicy Orphan" : Annotations.FORCE_DELETE);
      poller.forget(id);
      return DeleteControl.defaultDelete();
    }
    if (backends.isCleanedUp(resource.getMetadata().getUid())) {
      // Deleted before; only the finalizer's removal failed: nothing left to do remotely.
      poller.forget(id);
      return DeleteControl.defaultDelete();
    }
    ConnectorBackend backend;
    try {
      backend = backend(resource, id);
    } catch (Backends.UnsupportedTargetException e) {
      if (resource.getStatus() == null || resource.getStatus().getConnectorId() == null) {
        // Never placed anywhere, so nothing was created: nothing to delete.
        poller.forget(id);
        return DeleteControl.defaultDelete();
      }
      return pending(
          resource, e.getMessage() + "; or annotate with " + Annotations.FORCE_DELETE + "=true");
    } catch (MissingSecretException e) {
      return pending(
          resource, e.getMessage() + "; or annotate with " + Annotations.FORCE_DELETE + "=true");
    } catch (BackendException e) {
      return pending(
          resource,
          e.getMessage()
              + ": fix spec.target, or annotate with "
              + Annotations.FORCE_DELETE
              + "=true to drop the finalizer without deleting the connector");
    }
    try {
      Optional<Map<String, String>> remote = backend.config(name);
      if (remote.isPresent() && !Ownership.isOurs(resource, remote.get(), null)) {
        log.info(
            "Not deleting connector '{}' on {}: it is not ours ({})",
            name,
            backend.describe(),
            remote.get().get(ConfigResolver.OWNER_KEY));
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
      return pending(
          resource,
          "Cannot delete connector '"
              + name
              + "' on "
              + backend.describe()
              + ": "
              + e.getMessage()
              + ". Retrying; annotate with "
              + Annotations.FORCE_DELETE
              + "=true to drop the finalizer without deleting it");
    }
  }

  /**
   * The connector's backend from its spec; when that cannot be resolved any more (its Secrets or
   * its plugin are gone, as when a namespace is deleted), the client it was last polled or
   * reconciled with, which still holds the credentials.
   */
  private ConnectorBackend backend(CustomConnector resource, ResourceID id)
      throws MissingSecretException, Backends.UnsupportedTargetException {
    try {
      ConnectorPlacement placement = ConnectorPlacement.of(resource, lookups);
      return backends.remember(
          resource.getMetadata().getUid(),
          backends.connectors(placement.target(), resource.getMetadata().getNamespace()));
    } catch (MissingSecretException | Backends.UnsupportedTargetException e) {
      Optional<ConnectorBackend> known =
          poller
              .watched(id)
              .or(() -> backends.lastUsed(resource.getMetadata().getUid(), ConnectorBackend.class));
      if (known.isEmpty()) {
        throw e;
      }
      log.info(
          "Deleting connector '{}' with the client it last used: {}",
          ConfigResolver.connectorName(resource),
          e.getMessage());
      return known.get();
    }
  }

  private DeleteControl pending(CustomConnector resource, String message) {
    Condition previous =
        Conditions.find(
            resource.getStatus() == null ? null : resource.getStatus().getConditions(),
            ConnectorStatusCalculator.READY);
    Instant pendingSince =
        previous != null && Reason.DeletePending.name().equals(previous.getReason())
            ? Instant.parse(previous.getLastTransitionTime())
            : clock.instant();
    recorder.writeNotReady(resource, CustomConnectorStatus::new, Reason.DeletePending, message);
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
        (long) (delay.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble()));
  }
}
