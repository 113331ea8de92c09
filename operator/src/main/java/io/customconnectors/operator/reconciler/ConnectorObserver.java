package io.customconnectors.operator.reconciler;

import java.util.List;

import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Backends;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.config.CloudConnectorConfig;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.config.EffectiveConfig;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.status.PlainSecrets;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The observe step of a CustomConnector's reconcile: where it runs, what config it should have, and
 * what its target shows now (the poller's snapshot, or a fresh look before a create). Anything in
 * the way is a {@link Problem} in the result, never an exception.
 */
final class ConnectorObserver {

  /**
   * What was seen.
   *
   * @param target short form of the target, or null when there is none
   * @param backend the cluster's client, null when the target could not be resolved
   * @param desired the effective config, null when it could not be resolved
   * @param remote the connector on the target, or null when there is none (or it was not seen)
   * @param problem what is in the way, or null
   * @param retry whether to look again on the retry interval while the problem lasts; false for a
   *     spec that cannot work until it is changed
   * @param plainSecrets keys of spec.config that hold secrets in plain text
   */
  record Observed(
      String name,
      String target,
      ConnectorBackend backend,
      EffectiveConfig desired,
      RemoteConnector remote,
      Problem problem,
      boolean retry,
      List<String> plainSecrets) {

    Observed blockedBy(Problem problem) {
      return new Observed(name, target, backend, desired, remote, problem, true, plainSecrets);
    }
  }

  private final Lookups lookups;
  private final Backends backends;
  private final ConnectClusterPoller poller;
  private final ConfigResolver configs;
  private final CloudConnectorConfig cloudConfigs;

  ConnectorObserver(Lookups lookups, Backends backends, ConnectClusterPoller poller) {
    this.lookups = lookups;
    this.backends = backends;
    this.poller = poller;
    this.configs = new ConfigResolver(lookups);
    this.cloudConfigs = new CloudConnectorConfig(lookups);
  }

  Observed observe(CustomConnector resource) {
    String name = ConfigResolver.connectorName(resource);
    ConnectorPlacement placement = ConnectorPlacement.of(resource, lookups);
    String target = placement.describe();
    List<String> plain =
        PlainSecrets.find(
            resource.getSpec().getConfig(),
            placement.plugin() == null
                ? null
                : placement.plugin().getSpec().getSensitiveConfigProperties());
    if (placement.problem() != null) {
      return new Observed(name, target, null, null, null, placement.problem(), true, plain);
    }
    ConnectorBackend backend;
    EffectiveConfig desired;
    try {
      backend = backends.connectors(placement.target(), resource.getMetadata().getNamespace());
      desired = desiredConfig(resource, placement);
    } catch (CloudConnectorConfig.IncompleteException e) {
      return blocked(name, target, new Problem(Reason.TargetIncomplete, e.getMessage()), plain);
    } catch (MissingSecretException e) {
      return blocked(name, target, new Problem(Reason.SecretNotFound, e.getMessage()), plain);
    } catch (Backends.UnsupportedTargetException e) {
      return new Observed(
          name, target, null, null, null, new Problem(e.reason(), e.getMessage()), false, plain);
    } catch (BackendException e) {
      // A client that cannot even be built: a CA Secret without a certificate, an unusable URL.
      return blocked(
          name,
          target,
          new Problem(
              Reason.BackendUnreachable,
              e.getMessage() + ": check spec.target (url, tls) of this resource or its plugin"),
          plain);
    }
    ResourceID id = ResourceID.fromResource(resource);
    poller.watch(id, backend, name);
    backends.remember(resource.getMetadata().getUid(), backend);
    Observed seen =
        new Observed(name, backend.describe(), backend, desired, null, null, true, plain);
    ConnectClusterPoller.Snapshot snapshot = poller.snapshot(backend);
    if (snapshot.error() != null) {
      return seen.blockedBy(unreachable(snapshot.error(), backend));
    }
    RemoteConnector remote = snapshot.connector(name).orElse(null);
    if (remote == null) {
      // The snapshot may be a poll interval old: look again before creating, so that a connector
      // someone created meanwhile is neither taken over nor reported as missing.
      try {
        remote =
            backend
                .config(name)
                .map(config -> RemoteConnector.configured(name, config))
                .orElse(null);
      } catch (BackendException e) {
        return seen.blockedBy(unreachable(e, backend));
      }
    }
    return new Observed(name, backend.describe(), backend, desired, remote, null, true, plain);
  }

  private EffectiveConfig desiredConfig(CustomConnector resource, ConnectorPlacement placement)
      throws MissingSecretException, CloudConnectorConfig.IncompleteException {
    var connect = placement.target().getKafkaConnect();
    EffectiveConfig desired =
        configs.resolve(
            resource, placement.connectorClass(), connect == null ? null : connect.getSecrets());
    if (placement.target().getConfluentCloud() == null) {
      return desired;
    }
    if (placement.plugin() == null) {
      throw new CloudConnectorConfig.IncompleteException(
          "Confluent Cloud runs custom connectors only from an uploaded plugin: set"
              + " spec.pluginRef");
    }
    return cloudConfigs.extend(desired, resource, placement.plugin().getStatus());
  }

  private static Observed blocked(
      String name, String target, Problem problem, List<String> plainSecrets) {
    return new Observed(name, target, null, null, null, problem, true, plainSecrets);
  }

  /** A failed call: refused credentials are the resource's to fix, else the target is away. */
  static Problem unreachable(BackendException e, ConnectorBackend backend) {
    return e.kind() == BackendException.Kind.UNAUTHORIZED
        ? new Problem(
            Reason.BackendUnauthorized,
            backend.describe()
                + " refused the operator's credentials: "
                + e.getMessage()
                + ". Check spec.target's auth secret")
        : Problem.of(e, "");
  }
}
