package io.customconnectors.operator;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.PluginBackends;
import io.customconnectors.operator.backend.RequestBudget;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudPlugins;
import io.customconnectors.operator.backend.confluentcloud.ConfluentMetrics;
import io.customconnectors.operator.backend.kafkaconnect.WorkerPlugins;
import io.customconnectors.operator.monitoring.OperatorMeters;
import io.customconnectors.operator.reconciler.ConnectClusterPoller;
import io.customconnectors.operator.reconciler.ConnectorInformers;
import io.customconnectors.operator.reconciler.ConnectorPluginReconciler;
import io.customconnectors.operator.reconciler.CustomConnectorReconciler;
import io.customconnectors.operator.reconciler.KubernetesEventRecorder;
import io.customconnectors.operator.reconciler.LogPoller;
import io.customconnectors.operator.reconciler.LogSources;
import io.customconnectors.operator.reconciler.MetricsPoller;
import io.customconnectors.operator.reconciler.OffsetsPoller;
import io.customconnectors.operator.reconciler.PluginUsers;
import io.customconnectors.operator.reconciler.StatusRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Metrics;

/**
 * The operator assembled: both reconcilers, the Connect cluster poller, health endpoints. {@link
 * OperatorMain} runs it in a pod; tests start it against their own API server.
 */
public final class CustomConnectorOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CustomConnectorOperator.class);

  private final Operator operator;
  private final ConnectClusterPoller poller;
  private final HealthServer health;
  private final KubernetesEventRecorder events;
  private volatile boolean stopping;

  public CustomConnectorOperator(KubernetesClient client, OperatorSettings settings) {
    this(client, settings, null);
  }

  /** With {@code backends} null, the standard ones (real Kafka Connect REST clients). */
  public CustomConnectorOperator(
      KubernetesClient client, OperatorSettings settings, Backends backends) {
    Clock clock = Clock.systemUTC();
    this.operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(Metrics.globalRegistry));
              settings
                  .leaseName()
                  .ifPresent(
                      lease ->
                          overrider.withLeaderElectionConfiguration(
                              new LeaderElectionConfiguration(
                                  lease,
                                  settings.leaseNamespace().orElse(null),
                                  LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                                  LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                                  LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                                  settings.identity().orElse(null),
                                  new LeaderCallbacks(() -> {}, this::lostLeadership, leader -> {}),
                                  // Not JOSDK's exit: it calls System.exit on the shutdown hook's
                                  // own thread when the operator stops, which never returns.
                                  false)));
            });
    ConnectorInformers informers = new ConnectorInformers(settings.secretLabelSelector());
    Backends resolved =
        backends == null
            ? Backends.standard(
                informers,
                settings.allowedTargets(),
                new ConfluentMetrics.Settings(
                    settings.confluentMetricsDelay(),
                    new RequestBudget(60, Duration.ofMinutes(1), clock),
                    clock))
            : backends;
    this.events =
        new KubernetesEventRecorder(
            client,
            clock,
            settings.identity().orElse(ManagementFactory.getRuntimeMXBean().getName()));
    StatusRecorder recorder =
        new StatusRecorder(patch -> client.resource(patch).patchStatus(), events, clock);
    this.poller = new ConnectClusterPoller(settings.pollInterval(), clock);
    MetricsPoller metrics = new MetricsPoller(poller, clock);
    LogPoller logs = new LogPoller(poller, clock);
    OffsetsPoller offsets = new OffsetsPoller(poller, clock);
    Duration retry =
        settings.pollInterval().compareTo(Duration.ofSeconds(5)) < 0
            ? settings.pollInterval()
            : Duration.ofSeconds(5);
    operator.register(
        new CustomConnectorReconciler(
            informers,
            resolved,
            poller,
            metrics,
            settings.metricsInterval(),
            logs,
            new LogSources(
                informers, client, settings.logTopicPattern(), settings.allowedTargets(), clock),
            offsets,
            recorder,
            context -> informers.prepare(context, poller, metrics, logs, offsets),
            (resource, key, value) -> annotate(client, resource, key, value),
            clock,
            retry),
        overrider -> {
          namespaces(overrider, settings);
          // Annotations users set (restart, adopt) change no generation, and must still be seen.
          overrider
              .withGenerationAware(false)
              .withOnUpdateFilter(CustomConnectorReconciler::worthReconciling);
        });
    PluginUsers users = new PluginUsers();
    operator.register(
        new ConnectorPluginReconciler(
            new PluginBackends(
                new WorkerPlugins(resolved, settings.pollInterval(), clock),
                new ConfluentCloudPlugins(
                    resolved,
                    new PluginArchives(
                        settings.bundledArchives(),
                        settings.archiveCache(),
                        settings.archiveMaxBytes()),
                    settings.pollInterval())),
            users::of,
            users::prepare,
            recorder,
            (resource, key, value) -> annotate(client, resource, key, value),
            clock,
            settings.pollInterval()),
        overrider -> namespaces(overrider, settings));
    this.health =
        settings.healthPort() > 0
            ? new HealthServer(
                settings.healthPort(),
                () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                () -> operator.getRuntimeInfo().isStarted(),
                OperatorMeters.prometheus()::scrape)
            : null;
  }

  /** A merge patch of one annotation: null removes it. */
  @SuppressWarnings("unchecked")
  private static void annotate(
      KubernetesClient client, HasMetadata resource, String key, String value) {
    Map<String, Object> annotations = new HashMap<>();
    annotations.put(key, value);
    client
        .resources((Class<HasMetadata>) resource.getClass())
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations))));
  }

  private static <R extends HasMetadata> void namespaces(
      ControllerConfigurationOverrider<R> overrider, OperatorSettings settings) {
    if (settings.namespaces().isEmpty()) {
      overrider.watchingAllNamespaces();
    } else {
      overrider.settingNamespaces(settings.namespaces());
    }
  }

  public CustomConnectorOperator start() {
    operator.start();
    log.info("Custom Connector Operator started");
    return this;
  }

  /** List calls made to Connect clusters so far. */
  public long listCalls() {
    return poller.listCalls();
  }

  /**
   * A replica that lost its lease while running must not go on as a follower that never leads
   * again: it exits, and Kubernetes starts it afresh. When the operator itself is stopping, losing
   * the lease is expected.
   */
  private void lostLeadership() {
    if (stopping) {
      return;
    }
    log.error("Lost the leader election lease: exiting so that a fresh replica can take over");
    Thread exit = new Thread(() -> System.exit(1), "lost-lease-exit");
    exit.setDaemon(true);
    exit.start();
  }

  @Override
  public void close() {
    stopping = true;
    operator.stop();
    events.close();
    if (health != null) {
      health.close();
    }
  }
}
