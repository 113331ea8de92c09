package io.customconnectors.operator.backend.kafkaconnect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.backend.PluginBackend;
import io.customconnectors.operator.backend.PluginObservation;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.Recent;
import io.customconnectors.operator.config.MissingSecretException;

/**
 * ConnectorPlugins on in-cluster Kafka Connect: Connect loads plugins only from its image at
 * start-up, so there is nothing to install or remove; the plugin's class is checked against the
 * worker's list. That list is fetched once per cluster per interval, however many plugins use it,
 * and looked at again every interval, since workers can be rolled with a new image at any time.
 */
public final class WorkerPlugins implements PluginBackend {

  private record Listing(List<InstalledPlugin> plugins, Instant at) {}

  private final Backends backends;
  private final Duration interval;
  private final Clock clock;
  private final Map<ConnectorBackend, Listing> listings = Recent.map(1_000);

  public WorkerPlugins(Backends backends, Duration interval, Clock clock) {
    this.backends = backends;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public Outcome sync(ConnectorPlugin plugin, CreationMark mark) {
    String target = null;
    List<InstalledPlugin> installed = List.of();
    Problem problem = null;
    try {
      ConnectorBackend backend =
          backends.remember(
              plugin.getMetadata().getUid(),
              backends.connectors(
                  plugin.getSpec().getTarget(), plugin.getMetadata().getNamespace()));
      target = backend.describe();
      installed = installed(backend);
    } catch (MissingSecretException e) {
      problem = new Problem(Reason.SecretNotFound, e.getMessage());
    } catch (Backends.UnsupportedTargetException e) {
      problem = new Problem(e.reason(), e.getMessage());
    } catch (BackendException e) {
      problem = Problem.of(e, "Check spec.target.kafkaConnect's auth secret");
    }
    return new Outcome(new PluginObservation.OnWorker(target, installed, problem), interval);
  }

  /** The worker's plugins, listed at most once per interval. */
  private List<InstalledPlugin> installed(ConnectorBackend backend) {
    synchronized (backend) {
      Listing last = listings.get(backend);
      Instant now = clock.instant();
      if (last == null || !last.at().plus(interval).isAfter(now)) {
        last = new Listing(List.copyOf(backend.plugins()), now);
        listings.put(backend, last);
      }
      return last.plugins();
    }
  }

  @Override
  public Optional<String> delete(ConnectorPlugin plugin) {
    backends.cleanedUp(plugin.getMetadata().getUid());
    return Optional.empty();
  }
}
