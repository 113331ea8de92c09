package io.customconnectors.operator.reconciler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.config.SecretLookup;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelectorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The Kubernetes objects a CustomConnector depends on, watched so that a change to any of them
 * reconciles the connectors that use it: the Secrets of spec.configFrom and of the target's auth,
 * and the referenced ConnectorPlugin. {@link Lookups} reads come from the informers' caches.
 */
public final class ConnectorInformers implements Lookups {

  private static final String SECRETS_INDEX = "customconnector-secrets";
  private static final String PLUGIN_INDEX = "customconnector-plugin";

  /**
   * Secrets no connector can use, left out of the cache: Helm keeps every release of every chart as
   * a Secret (often hundreds of MB in all), and service-account tokens are Kubernetes' own.
   */
  static final FieldSelector UNUSABLE_SECRETS =
      new FieldSelectorBuilder()
          .withoutField("type", "helm.sh/release.v1")
          .withoutField("type", "kubernetes.io/service-account-token")
          .build();

  private final String secretLabelSelector;
  private volatile InformerEventSource<Secret, CustomConnector> secrets;
  private volatile InformerEventSource<ConnectorPlugin, CustomConnector> plugins;

  /**
   * @param secretLabelSelector when set, only Secrets with these labels are cached (and usable)
   */
  public ConnectorInformers(Optional<String> secretLabelSelector) {
    this.secretLabelSelector = secretLabelSelector.orElse(null);
  }

  /** The informers, and the poller, as the CustomConnector controller's event sources. */
  public List<EventSource<?, CustomConnector>> prepare(
      EventSourceContext<CustomConnector> context,
      ConnectClusterPoller poller,
      MetricsPoller metrics,
      LogPoller logs,
      OffsetsPoller offsets) {
    context.getPrimaryCache().addIndexer(SECRETS_INDEX, ConnectorInformers::secretKeys);
    context.getPrimaryCache().addIndexer(PLUGIN_INDEX, ConnectorInformers::pluginKeys);
    secrets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, CustomConnector.class)
                .withName("secrets")
                .withSecondaryToPrimaryMapper(secret -> users(context, secret))
                .withFieldSelector(UNUSABLE_SECRETS)
                .withLabelSelector(secretLabelSelector)
                .build(),
            context);
    plugins =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ConnectorPlugin.class, CustomConnector.class)
                .withName("plugins")
                .withSecondaryToPrimaryMapper(plugin -> primaries(context, PLUGIN_INDEX, plugin))
                // A plugin's usedBy changes with every connector added or removed; reconciling all
                // its connectors for that would flood the queue. Spec and readiness matter.
                .withOnUpdateFilter(ConnectorInformers::pluginChangeMatters)
                .build(),
            context);
    return List.of(poller, metrics, logs, offsets, secrets, plugins);
  }

  static boolean pluginChangeMatters(ConnectorPlugin after, ConnectorPlugin before) {
    return !Objects.equals(after.getSpec(), before.getSpec())
        || !Objects.equals(readiness(after), readiness(before));
  }

  private static List<String> readiness(ConnectorPlugin plugin) {
    var ready =
        plugin.getStatus() == null
            ? null
            : Conditions.find(plugin.getStatus().getConditions(), ConnectorStatusCalculator.READY);
    return ready == null
        ? List.of()
        : List.of(ready.getStatus().name(), String.valueOf(ready.getReason()));
  }

  @Override
  public Optional<Secret> find(String namespace, String name) {
    // The plugin controller can start before this, the connector controller's, informer has
    // listed the Secrets: until then a missing Secret is only one not read yet.
    if (secrets == null || !secrets.isRunning()) {
      throw new SecretLookup.NotReadyException();
    }
    return secrets.get(new ResourceID(name, namespace));
  }

  @Override
  public Optional<ConnectorPlugin> plugin(String namespace, String name) {
    return plugins == null ? Optional.empty() : plugins.get(new ResourceID(name, namespace));
  }

  /**
   * The connectors that use a Secret: directly (configFrom, kafkaAuth, their own target's auth), or
   * through the target they inherit from their ConnectorPlugin.
   */
  private Set<ResourceID> users(EventSourceContext<CustomConnector> context, Secret secret) {
    Set<ResourceID> users = new HashSet<>(primaries(context, SECRETS_INDEX, secret));
    if (plugins != null) {
      String name = secret.getMetadata().getName();
      plugins
          .list(
              secret.getMetadata().getNamespace(),
              plugin -> targetSecrets(plugin.getSpec().getTarget()).contains(name))
          .forEach(plugin -> users.addAll(primaries(context, PLUGIN_INDEX, plugin)));
    }
    return users;
  }

  private static Set<ResourceID> primaries(
      EventSourceContext<CustomConnector> context, String index, HasMetadata secondary) {
    return context
        .getPrimaryCache()
        .byIndex(
            index, key(secondary.getMetadata().getNamespace(), secondary.getMetadata().getName()))
        .stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** Index keys (namespace/name) of every Secret the connector names itself. */
  static List<String> secretKeys(CustomConnector resource) {
    String namespace = resource.getMetadata().getNamespace();
    List<String> names = new ArrayList<>();
    if (resource.getSpec().getConfigFrom() != null) {
      for (ConfigFromSource source : resource.getSpec().getConfigFrom()) {
        if (source.getSecretKeyRef() != null) {
          names.add(source.getSecretKeyRef().getName());
        }
        if (source.getSecretRef() != null) {
          names.add(source.getSecretRef().getName());
        }
      }
    }
    KafkaAuth auth = resource.getSpec().getKafkaAuth();
    if (auth != null && auth.getApiKeySecretRef() != null) {
      names.add(auth.getApiKeySecretRef().getName());
    }
    var observability = resource.getSpec().getObservability();
    if (observability != null && observability.getLogs() != null) {
      var logs = observability.getLogs();
      if (logs.getSearchTokenSecretRef() != null) {
        names.add(logs.getSearchTokenSecretRef().getName());
      }
      if (logs.getEventsCredentialsSecretRef() != null) {
        names.add(logs.getEventsCredentialsSecretRef().getName());
      }
    }
    names.addAll(targetSecrets(resource.getSpec().getTarget()));
    return names.stream().map(name -> key(namespace, name)).distinct().toList();
  }

  /** The Secrets a target's client needs: Cloud API key, Basic auth, CA certificates. */
  static List<String> targetSecrets(Target target) {
    List<String> names = new ArrayList<>();
    if (target != null && target.getKafkaConnect() != null) {
      var connect = target.getKafkaConnect();
      if (connect.getBasicAuthSecretRef() != null) {
        names.add(connect.getBasicAuthSecretRef().getName());
      }
      if (connect.getTls() != null && connect.getTls().getCaSecretKeyRef() != null) {
        names.add(connect.getTls().getCaSecretKeyRef().getName());
      }
    }
    if (target != null
        && target.getConfluentCloud() != null
        && target.getConfluentCloud().getCredentialsSecretRef() != null) {
      names.add(target.getConfluentCloud().getCredentialsSecretRef().getName());
    }
    return names;
  }

  private static List<String> pluginKeys(CustomConnector resource) {
    return resource.getSpec().getPluginRef() == null
        ? List.of()
        : List.of(
            key(
                resource.getMetadata().getNamespace(),
                resource.getSpec().getPluginRef().getName()));
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
