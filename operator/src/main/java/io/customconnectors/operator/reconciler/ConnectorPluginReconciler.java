package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.status.CloudPluginStatusCalculator;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.customconnectors.operator.status.Observation.Problem;
import io.customconnectors.operator.status.PluginStatusCalculator;
import io.customconnectors.operator.status.Reason;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * A ConnectorPlugin on an in-cluster Kafka Connect cluster: Connect loads plugins only from its
 * image at start-up, so there is nothing to install; the operator checks that the class is there
 * and reports its version, and keeps the resource while CustomConnectors still use it.
 */
public class ConnectorPluginReconciler
    implements Reconciler<ConnectorPlugin>, Cleaner<ConnectorPlugin> {

  private static final Logger log = LoggerFactory.getLogger(ConnectorPluginReconciler.class);

  private final Backends backends;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration pollInterval;
  private final CloudPluginSync cloud;
  private volatile InformerEventSource<CustomConnector, ConnectorPlugin> connectors;

  public ConnectorPluginReconciler(
      Backends backends,
      PluginArchives archives,
      EventRecorder events,
      Clock clock,
      Duration pollInterval) {
    this.backends = backends;
    this.events = events;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.cloud = new CloudPluginSync(backends, archives, pollInterval);
  }

  @Override
  public List<EventSource<?, ConnectorPlugin>> prepareEventSources(
      EventSourceContext<ConnectorPlugin> context) {
    connectors =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CustomConnector.class, ConnectorPlugin.class)
                .withName("users")
                .withSecondaryToPrimaryMapper(
                    connector ->
                        connector.getSpec() == null || connector.getSpec().getPluginRef() == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    connector.getSpec().getPluginRef().getName(),
                                    connector.getMetadata().getNamespace())))
                // Only which plugin a connector uses matters here, not its status updates.
                .withOnUpdateFilter(
                    (after, before) ->
                        !java.util.Objects.equals(
                            after.getSpec() == null ? null : after.getSpec().getPluginRef(),
                            before.getSpec() == null ? null : before.getSpec().getPluginRef()))
                .build(),
            context);
    return List.of(connectors);
  }

  @Override
  public UpdateControl<ConnectorPlugin> reconcile(
      ConnectorPlugin plugin, Context<ConnectorPlugin> context) {
    if (plugin.getSpec().getTarget() != null
        && plugin.getSpec().getTarget().getConfluentCloud() != null) {
      return reconcileOnConfluentCloud(plugin, context);
    }
    String target = null;
    List<InstalledPlugin> installed = List.of();
    Problem problem = null;
    try {
      ConnectorBackend backend =
          backends.resolve(plugin.getSpec().getTarget(), plugin.getMetadata().getNamespace());
      target = backend.describe();
      installed = backend.plugins();
    } catch (MissingSecretException e) {
      problem = new Problem(Reason.SecretNotFound, e.getMessage());
    } catch (Backends.UnsupportedTargetException e) {
      problem = new Problem(e.reason(), e.getMessage());
    } catch (BackendException e) {
      problem =
          new Problem(
              e.kind() == BackendException.Kind.UNAUTHORIZED
                  ? Reason.BackendUnauthorized
                  : Reason.BackendUnreachable,
              e.getMessage());
    }
    ConnectorPluginStatus status =
        PluginStatusCalculator.compute(
            plugin, target, installed, problem, users(plugin), clock.instant());
    announce(plugin, status);
    UpdateControl<ConnectorPlugin> control =
        PluginStatusCalculator.differs(plugin.getStatus(), status)
            ? UpdateControl.patchStatus(forStatus(plugin, status))
            : UpdateControl.noUpdate();
    // Workers can be rolled with a new image at any time: look again every interval.
    return control.rescheduleAfter(pollInterval.toMillis());
  }

  /** Upload and keep the plugin's version current; see {@link CloudPluginSync}. */
  private UpdateControl<ConnectorPlugin> reconcileOnConfluentCloud(
      ConnectorPlugin plugin, Context<ConnectorPlugin> context) {
    var annotations = plugin.getMetadata().getAnnotations();
    if (annotations != null
        && annotations.containsKey(CloudPluginSync.CREATING)
        && plugin.getStatus() != null
        && plugin.getStatus().getPluginId() != null) {
      // The plugin's id is in the status for good: the marker has done its job.
      markCreating(plugin, context, null);
    }
    CloudPluginSync.Outcome outcome =
        cloud.reconcile(
            plugin,
            intent -> {
              markCreating(plugin, context, "true");
              context.getClient().resource(forStatus(plugin, intent)).patchStatus();
            });
    ConnectorPluginStatus status =
        CloudPluginStatusCalculator.compute(
            plugin, outcome.observation(), users(plugin), clock.instant());
    announce(plugin, status);
    UpdateControl<ConnectorPlugin> control =
        PluginStatusCalculator.differs(plugin.getStatus(), status)
            ? UpdateControl.patchStatus(forStatus(plugin, status))
            : UpdateControl.noUpdate();
    return control.rescheduleAfter(outcome.recheck().toMillis());
  }

  /** Sets ({@code "true"}) or removes ({@code null}) the {@link CloudPluginSync#CREATING} mark. */
  private static void markCreating(
      ConnectorPlugin plugin, Context<ConnectorPlugin> context, String value) {
    java.util.Map<String, Object> annotations = new java.util.HashMap<>();
    annotations.put(CloudPluginSync.CREATING, value);
    context
        .getClient()
        .resources(ConnectorPlugin.class)
        .inNamespace(plugin.getMetadata().getNamespace())
        .withName(plugin.getMetadata().getName())
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            io.fabric8.kubernetes.client.utils.Serialization.asJson(
                java.util.Map.of("metadata", java.util.Map.of("annotations", annotations))));
    if (value != null) {
      // Seen by this reconcile too, whatever the informer has delivered yet.
      if (plugin.getMetadata().getAnnotations() == null) {
        plugin.getMetadata().setAnnotations(new java.util.HashMap<>());
      }
      plugin.getMetadata().getAnnotations().put(CloudPluginSync.CREATING, value);
    }
  }

  @Override
  public DeleteControl cleanup(ConnectorPlugin plugin, Context<ConnectorPlugin> context) {
    List<String> users = users(plugin);
    boolean force = "true".equals(annotation(plugin, CustomConnectorReconciler.FORCE_DELETE));
    if (users.isEmpty() || force) {
      boolean onCloud =
          plugin.getSpec().getTarget() != null
              && plugin.getSpec().getTarget().getConfluentCloud() != null;
      if (!onCloud || force || plugin.getSpec().getDeletionPolicy() == DeletionPolicy.ORPHAN) {
        return DeleteControl.defaultDelete();
      }
      Optional<String> pending = cloud.delete(plugin);
      if (pending.isEmpty()) {
        return DeleteControl.defaultDelete();
      }
      writeCondition(
          plugin,
          context,
          Reason.DeletePending,
          pending.get()
              + ". Retrying; annotate with "
              + CustomConnectorReconciler.FORCE_DELETE
              + "=true to drop the finalizer without deleting it");
      log.warn("{}", pending.get());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval.toMillis());
    }
    writeCondition(
        plugin,
        context,
        Reason.InUse,
        "Still used by CustomConnector(s) "
            + String.join(", ", users)
            + ": delete them first (or annotate with "
            + CustomConnectorReconciler.FORCE_DELETE
            + "=true)");
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval.toMillis());
  }

  /** Ready=False with this reason, written at once: a deletion in progress says why it waits. */
  private void writeCondition(
      ConnectorPlugin plugin, Context<ConnectorPlugin> context, Reason reason, String message) {
    ConnectorPluginStatus status =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    long generation =
        plugin.getMetadata().getGeneration() == null ? 0 : plugin.getMetadata().getGeneration();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.of(ConnectorStatusCalculator.READY, false, reason, message, generation));
    status.setUsedBy(users(plugin).size());
    status.setConditions(Conditions.carryOver(status.getConditions(), conditions, clock.instant()));
    try {
      context.getClient().resource(forStatus(plugin, status)).patchStatus();
    } catch (RuntimeException e) {
      log.warn(
          "Could not write the {} status of {}: {}",
          reason,
          plugin.getMetadata().getName(),
          e.getMessage());
    }
  }

  private List<String> users(ConnectorPlugin plugin) {
    if (connectors == null) {
      return List.of();
    }
    String name = plugin.getMetadata().getName();
    return connectors
        .list(
            plugin.getMetadata().getNamespace(),
            c ->
                c.getSpec() != null
                    && c.getSpec().getPluginRef() != null
                    && name.equals(c.getSpec().getPluginRef().getName()))
        .map(c -> c.getMetadata().getName())
        .sorted()
        .toList();
  }

  private void announce(ConnectorPlugin plugin, ConnectorPluginStatus next) {
    Condition before =
        Conditions.find(
            plugin.getStatus() == null ? null : plugin.getStatus().getConditions(),
            ConnectorStatusCalculator.READY);
    Condition after = Conditions.find(next.getConditions(), ConnectorStatusCalculator.READY);
    if (after == null
        || (before != null
            && before.getStatus() == after.getStatus()
            && Objects.equals(before.getReason(), after.getReason()))) {
      return;
    }
    // Uploading is the way to Ready, not a problem: a Normal event.
    events.record(
        plugin,
        Conditions.isTrue(next.getConditions(), ConnectorStatusCalculator.READY)
                || Reason.Uploading.name().equals(after.getReason())
            ? EventRecorder.Type.Normal
            : EventRecorder.Type.Warning,
        after.getReason(),
        after.getMessage());
  }

  private static ConnectorPlugin forStatus(ConnectorPlugin plugin, ConnectorPluginStatus status) {
    ConnectorPlugin patch = new ConnectorPlugin();
    patch.getMetadata().setName(plugin.getMetadata().getName());
    patch.getMetadata().setNamespace(plugin.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }

  private static String annotation(ConnectorPlugin plugin, String key) {
    var annotations = plugin.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
