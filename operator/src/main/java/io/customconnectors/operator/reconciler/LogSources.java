package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.LogSettings;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.AllowedTargets;
import io.customconnectors.operator.backend.ConnectorLogSource;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.logs.KafkaLogReader;
import io.customconnectors.operator.backend.logs.LogEventErrors;
import io.customconnectors.operator.backend.logs.LogSearchErrors;
import io.customconnectors.operator.backend.logs.LogTopicErrors;
import io.customconnectors.operator.backend.logs.PodLogErrors;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.config.SecretValues;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The log sources a CustomConnector's spec names, one instance per place and set of credentials
 * shared by every connector that reads it; sources no connector uses any more are closed (their
 * Kafka consumers and the keys they hold).
 */
public final class LogSources {

  private final SecretValues secrets;
  private final KubernetesClient client;
  private final String topicPattern;
  private final AllowedTargets allowed;
  private final Clock clock;
  private final Map<Object, ConnectorLogSource> cache = new ConcurrentHashMap<>();
  private final Map<ConnectorLogSource, AutoCloseable> resources = new ConcurrentHashMap<>();
  private final Map<ConnectorLogSource, Instant> unusedSince = new ConcurrentHashMap<>();

  /** How long a source nobody reads is kept: a resource may be between picking it and using it. */
  private static final Duration UNUSED = Duration.ofMinutes(1);

  /**
   * @param client for worker pods' logs; null where pods are not read (tests without an API)
   * @param topicPattern the log topic's name, {@code {id}} for the connector's id
   */
  public LogSources(
      Lookups lookups,
      KubernetesClient client,
      String topicPattern,
      AllowedTargets allowed,
      Clock clock) {
    this.secrets = new SecretValues(lookups);
    this.client = client;
    this.topicPattern = topicPattern;
    this.allowed = allowed;
    this.clock = clock;
  }

  /** Why a resource's logs cannot be read as its spec says: a Secret missing, a refused URL. */
  static final class CannotRead extends Exception {
    CannotRead(String message) {
      super(message);
    }
  }

  private record SearchKey(String endpoint, String token, ConfluentCloudConnection connection) {}

  private record TopicKey(
      String bootstrap, String protocol, String key, String secret, String topic) {}

  private record EventsKey(String bootstrap, String protocol, String key, String secret) {}

  private record PodsKey(String namespace, Map<String, String> selector, String container) {}

  /** The sources to read for the resource placed on {@code target}. */
  List<ConnectorLogSource> of(CustomConnector resource, Target target) throws CannotRead {
    try {
      return sources(resource, target);
    } catch (MissingSecretException e) {
      throw new CannotRead(e.getMessage());
    }
  }

  private List<ConnectorLogSource> sources(CustomConnector resource, Target target)
      throws MissingSecretException, CannotRead {
    var observability = resource.getSpec().getObservability();
    LogSettings logs = observability == null ? null : observability.getLogs();
    if (target == null || (logs != null && Boolean.FALSE.equals(logs.getEnabled()))) {
      return List.of();
    }
    String namespace = resource.getMetadata().getNamespace();
    List<ConnectorLogSource> sources = new ArrayList<>();
    if (target.getKafkaConnect() != null) {
      var connect = target.getKafkaConnect();
      if (client != null
          && connect.getPodSelector() != null
          && !connect.getPodSelector().isEmpty()) {
        PodsKey key =
            new PodsKey(namespace, Map.copyOf(connect.getPodSelector()), connect.getPodContainer());
        sources.add(
            cache.computeIfAbsent(
                key,
                k -> new PodLogErrors(client, key.namespace(), key.selector(), key.container())));
      }
      return sources;
    }
    if (logs == null) {
      return sources;
    }
    String protocol = logs.getSecurityProtocol() == null ? "SASL_SSL" : logs.getSecurityProtocol();
    var kafkaAuth = resource.getSpec().getKafkaAuth();
    if (logs.getBootstrapServers() != null
        && kafkaAuth != null
        && kafkaAuth.getApiKeySecretRef() != null) {
      String[] key =
          apiKey(namespace, kafkaAuth.getApiKeySecretRef(), "spec.kafkaAuth.apiKeySecretRef");
      TopicKey topicKey =
          new TopicKey(
              logs.getBootstrapServers(),
              protocol,
              key[0],
              key[1],
              logs.getTopic() == null ? topicPattern : logs.getTopic());
      sources.add(
          cache.computeIfAbsent(
              topicKey,
              k -> {
                KafkaLogReader reader =
                    new KafkaLogReader(
                        topicKey.bootstrap(),
                        topicKey.protocol(),
                        topicKey.key(),
                        topicKey.secret());
                LogTopicErrors source = new LogTopicErrors(reader, topicKey.topic());
                resources.put(source, reader);
                return source;
              }));
    }
    if (logs.getSearchTokenSecretRef() != null) {
      var cloud = target.getConfluentCloud();
      String endpoint =
          logs.getSearchEndpoint() != null
              ? logs.getSearchEndpoint()
              : cloud.getEndpoint() != null
                  ? cloud.getEndpoint()
                  : LogSearchErrors.DEFAULT_ENDPOINT;
      var refusal =
          allowed.confluentCloudRefusal(endpoint, "spec.observability.logs.searchEndpoint");
      if (refusal.isPresent()) {
        throw new CannotRead(refusal.get());
      }
      var tokenRef = logs.getSearchTokenSecretRef();
      String token =
          secrets.value(
              namespace,
              tokenRef.getName(),
              tokenRef.getKey(),
              "spec.observability.logs.searchTokenSecretRef");
      String[] cloudKey =
          apiKey(
              namespace,
              cloud.getCredentialsSecretRef(),
              "spec.target.confluentCloud.credentialsSecretRef");
      SearchKey searchKey =
          new SearchKey(
              endpoint,
              token,
              new ConfluentCloudConnection(
                  cloud.getEndpoint(),
                  cloudKey[0],
                  cloudKey[1],
                  cloud.getEnvironment(),
                  cloud.getKafkaCluster(),
                  cloud.getCloud() == null ? "AWS" : cloud.getCloud().name()));
      sources.add(
          cache.computeIfAbsent(
              searchKey,
              k ->
                  new LogSearchErrors(
                      searchKey.endpoint(), searchKey.token(), searchKey.connection(), clock)));
    }
    if (logs.getEventsBootstrapServers() != null && logs.getEventsCredentialsSecretRef() != null) {
      String[] key =
          apiKey(
              namespace,
              logs.getEventsCredentialsSecretRef(),
              "spec.observability.logs.eventsCredentialsSecretRef");
      EventsKey eventsKey =
          new EventsKey(logs.getEventsBootstrapServers(), protocol, key[0], key[1]);
      sources.add(
          cache.computeIfAbsent(
              eventsKey,
              k -> {
                KafkaLogReader reader =
                    new KafkaLogReader(
                        eventsKey.bootstrap(),
                        eventsKey.protocol(),
                        eventsKey.key(),
                        eventsKey.secret());
                LogEventErrors source = new LogEventErrors(reader);
                resources.put(source, reader);
                return source;
              }));
    }
    return sources;
  }

  private String[] apiKey(String namespace, ApiKeySecretRef ref, String where)
      throws MissingSecretException {
    Secret secret = secrets.secret(namespace, ref.getName(), where);
    return new String[] {
      SecretValues.require(secret, SecretValues.field(ref.getKeyField(), "key"), where),
      SecretValues.require(secret, SecretValues.field(ref.getSecretField(), "secret"), where)
    };
  }

  /** Closes the sources that nobody but {@code inUse} read for a minute. */
  void sweep(Set<ConnectorLogSource> inUse, Instant now) {
    cache
        .values()
        .removeIf(
            source -> {
              if (inUse.contains(source)) {
                unusedSince.remove(source);
                return false;
              }
              if (unusedSince.computeIfAbsent(source, s -> now).plus(UNUSED).isAfter(now)) {
                return false;
              }
              unusedSince.remove(source);
              AutoCloseable resource = resources.remove(source);
              if (resource != null) {
                try {
                  resource.close();
                } catch (Exception ignored) {
                  // a consumer that cannot close cleanly holds nothing worth keeping
                }
              }
              return true;
            });
  }
}
