package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.PluginBackend;
import io.customconnectors.operator.config.SecretLookup;
import io.customconnectors.operator.status.PluginStatusCalculator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Keeps a ConnectorPlugin on its target through the {@link PluginBackend} seam (checked on a Kafka
 * Connect worker, uploaded and versioned on Confluent Cloud), reports it in status, and on deletion
 * waits while CustomConnectors still use it, then removes it from the target.
 */
public class ConnectorPluginReconciler
    implements Reconciler<ConnectorPlugin>, Cleaner<ConnectorPlugin> {

  private static final Logger log = LoggerFactory.getLogger(ConnectorPluginReconciler.class);

  /** How soon to look again while the operator is still filling its Secret cache. */
  private static final Duration SECRETS_NOT_READY = Duration.ofSeconds(1);

  private final PluginBackend backend;
  private final PluginUsers.Lookup users;
  private final Function<EventSourceContext<ConnectorPlugin>, List<EventSource<?, ConnectorPlugin>>>
      eventSources;
  private final StatusRecorder recorder;
  private final Annotator annotator;
  private final Clock clock;
  private final Duration pollInterval;

  public ConnectorPluginReconciler(
      PluginBackend backend,
      PluginUsers.Lookup users,
      Function<EventSourceContext<ConnectorPlugin>, List<EventSource<?, ConnectorPlugin>>>
          eventSources,
      StatusRecorder recorder,
      Annotator annotator,
      Clock clock,
      Duration pollInterval) {
    this.backend = backend;
    this.users = users;
    this.eventSources = eventSources;
    this.recorder = recorder;
    this.annotator = annotator;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  @Override
  public List<EventSource<?, ConnectorPlugin>> prepareEventSources(
      EventSourceContext<ConnectorPlugin> context) {
    return eventSources.apply(context);
  }

  @Override
  public UpdateControl<ConnectorPlugin> reconcile(
      ConnectorPlugin plugin, Context<ConnectorPlugin> context) {
    if (plugin.getStatus() != null
        && plugin.getStatus().getPluginId() != null
        && plugin.getMetadata().getAnnotations() != null
        && plugin.getMetadata().getAnnotations().containsKey(Annotations.CREATING_PLUGIN)) {
      // The plugin's id is in the status for good: the mark has done its job.
      annotator.annotate(plugin, Annotations.CREATING_PLUGIN, null);
    }
    PluginBackend.Outcome outcome;
    try {
      outcome = backend.sync(plugin, creationMark(plugin));
    } catch (SecretLookup.NotReadyException starting) {
      return UpdateControl.<ConnectorPlugin>noUpdate()
          .rescheduleAfter(SECRETS_NOT_READY.toMillis());
    }
    ConnectorPluginStatus status =
        PluginStatusCalculator.compute(
            plugin, outcome.observation(), users.of(plugin), clock.instant());
    return recorder.record(plugin, status).rescheduleAfter(outcome.recheck().toMillis());
  }

  /** The plugin's mark, in its annotations (and its status), of a remote create in flight. */
  private PluginBackend.CreationMark creationMark(ConnectorPlugin plugin) {
    return new PluginBackend.CreationMark() {
      @Override
      public void set(String message) {
        annotator.annotate(plugin, Annotations.CREATING_PLUGIN, "true");
        // Seen by the rest of this reconcile too, whatever the informer has delivered yet.
        Map<String, String> annotations =
            plugin.getMetadata().getAnnotations() == null
                ? new HashMap<>()
                : new HashMap<>(plugin.getMetadata().getAnnotations());
        annotations.put(Annotations.CREATING_PLUGIN, "true");
        plugin.getMetadata().setAnnotations(annotations);
        recorder.writeNotReady(plugin, ConnectorPluginStatus::new, Reason.Uploading, message);
      }

      @Override
      public void clear() {
        annotator.annotate(plugin, Annotations.CREATING_PLUGIN, null);
        if (plugin.getMetadata().getAnnotations() != null) {
          Map<String, String> annotations = new HashMap<>(plugin.getMetadata().getAnnotations());
          annotations.remove(Annotations.CREATING_PLUGIN);
          plugin.getMetadata().setAnnotations(annotations);
        }
      }
    };
  }

  @Override
  public DeleteControl cleanup(ConnectorPlugin plugin, Context<ConnectorPlugin> context) {
    List<String> using = users.of(plugin);
    boolean force = Annotations.isTrue(plugin, Annotations.FORCE_DELETE);
    if (!using.isEmpty() && !force) {
      return waiting(
          plugin,
          using.size(),
          Reason.InUse,
          "Still used by CustomConnector(s) "
              + String.join(", ", using)
              + ": delete them first (or annotate with "
              + Annotations.FORCE_DELETE
              + "=true)");
    }
    if (force || plugin.getSpec().getDeletionPolicy() == DeletionPolicy.ORPHAN) {
      return DeleteControl.defaultDelete();
    }
    Optional<String> pending;
    try {
      pending = backend.delete(plugin);
    } catch (SecretLookup.NotReadyException starting) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(SECRETS_NOT_READY.toMillis());
    }
    if (pending.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    log.warn("{}", pending.get());
    return waiting(
        plugin,
        using.size(),
        Reason.DeletePending,
        pending.get()
            + ". Retrying; annotate with "
            + Annotations.FORCE_DELETE
            + "=true to drop the finalizer without deleting it");
  }

  /** Deletion waits: the status says why, and how many connectors still use the plugin. */
  private DeleteControl waiting(ConnectorPlugin plugin, int usedBy, Reason reason, String message) {
    if (plugin.getStatus() != null) {
      plugin.getStatus().setUsedBy(usedBy);
    }
    recorder.writeNotReady(plugin, ConnectorPluginStatus::new, reason, message);
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval.toMillis());
  }
}
