package io.customconnectors.operator.backend;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.confluentcloud.ConfluentMetrics;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.config.SecretLookup;
import io.customconnectors.operator.config.SecretValues;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Turns a resource's target into the client that serves it, one instance per cluster and set of
 * credentials, so that every resource on a cluster shares its client and its poll. It also
 * remembers the client each resource last used: a deletion may come after the Secrets its target
 * needs are gone (a namespace being deleted), and may need a second try.
 */
public final class Backends {

  /** A target the operator cannot serve as it stands; the message says what to change. */
  public static final class UnsupportedTargetException extends Exception {
    private final Reason reason;

    public UnsupportedTargetException(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private final SecretValues secrets;
  private final AllowedTargets allowed;
  private final Function<KafkaConnectConnection, ConnectorBackend> kafkaConnect;
  private final Function<ConfluentCloudConnection, ConnectorBackend> confluentCloud;
  private final Function<ConfluentCloudConnection, CustomPlugins> customPlugins;
  private final Map<Object, Object> cache = new ConcurrentHashMap<>();
  private final Map<String, Object> lastUsed = Recent.map(10_000);
  private final Map<String, Boolean> cleanedUp = Recent.map(10_000);

  public Backends(
      SecretLookup secrets,
      AllowedTargets allowed,
      Function<KafkaConnectConnection, ConnectorBackend> kafkaConnect,
      Function<ConfluentCloudConnection, ConnectorBackend> confluentCloud,
      Function<ConfluentCloudConnection, CustomPlugins> customPlugins) {
    this.secrets = new SecretValues(secrets);
    this.allowed = allowed;
    this.kafkaConnect = kafkaConnect;
    this.confluentCloud = confluentCloud;
    this.customPlugins = customPlugins;
  }

  /** The REST clients of Kafka Connect and Confluent Cloud, for the allowed targets. */
  public static Backends standard(SecretLookup secrets, AllowedTargets allowed) {
    return standard(secrets, allowed, ConfluentMetrics.Settings.standard(Clock.systemUTC()));
  }

  /**
   * The same, with {@code metrics} for Confluent's Metrics API: one request budget for all its
   * clients, as Confluent counts requests per IP address.
   */
  public static Backends standard(
      SecretLookup secrets, AllowedTargets allowed, ConfluentMetrics.Settings metrics) {
    return new Backends(
        secrets,
        allowed,
        connection -> new KafkaConnectBackend(connection, Retrying.standard()),
        connection -> new ConfluentCloudBackend(connection, Retrying.standard(), metrics),
        connection -> new CustomPluginsApi(connection, Retrying.standard()));
  }

  /** The connectors of the target's cluster. */
  public ConnectorBackend connectors(Target target, String namespace)
      throws MissingSecretException, UnsupportedTargetException {
    if (target == null) {
      throw new UnsupportedTargetException(
          Reason.BackendNotSupported,
          "No target: set spec.target or use a ConnectorPlugin that has one");
    }
    refuseUnlessAllowed(target);
    if (target.getConfluentCloud() != null) {
      ConfluentCloudConnection connection = connection(target.getConfluentCloud(), namespace);
      if (connection.kafkaCluster() == null) {
        throw new UnsupportedTargetException(
            Reason.TargetIncomplete,
            "A connector on Confluent Cloud needs its Kafka cluster: set"
                + " spec.target.confluentCloud.kafkaCluster (lkc-...) on the CustomConnector or on"
                + " its ConnectorPlugin");
      }
      return cached(connection, confluentCloud);
    }
    return cached(connection(target.getKafkaConnect(), namespace), kafkaConnect);
  }

  /** The custom plugins of a Confluent Cloud environment, with the target's Cloud API key. */
  public CustomPlugins customPlugins(ConfluentCloudTarget target, String namespace)
      throws MissingSecretException, UnsupportedTargetException {
    Target whole = new Target();
    whole.setConfluentCloud(target);
    refuseUnlessAllowed(whole);
    return cached(connection(target, namespace).forEnvironment(), customPlugins);
  }

  /** Nothing, not even a Secret, is sent to a target outside the operator's allow-list. */
  private void refuseUnlessAllowed(Target target) throws UnsupportedTargetException {
    Optional<String> refusal = allowed.refusal(target);
    if (refusal.isPresent()) {
      throw new UnsupportedTargetException(Reason.TargetNotAllowed, refusal.get());
    }
  }

  /**
   * Remembers that the resource with this uid was last served by {@code client}. A client no
   * resource uses any more (its credentials were rotated, its resources deleted) is dropped, with
   * the HTTP client and the credentials it holds.
   */
  public <T> T remember(String uid, T client) {
    if (uid != null) {
      Object before = lastUsed.put(uid, client);
      if (before != null && before != client) {
        dropUnlessUsed(before);
      }
    }
    return client;
  }

  /**
   * The resource's remote objects are deleted: its client goes when no other resource uses it, and
   * a cleanup that runs again (its finalizer could not be removed the first time) finds nothing
   * left to do rather than a client it can no longer build.
   */
  public void cleanedUp(String uid) {
    if (uid == null) {
      return;
    }
    cleanedUp.put(uid, Boolean.TRUE);
    Object before = lastUsed.remove(uid);
    if (before != null) {
      dropUnlessUsed(before);
    }
  }

  /** Whether {@link #cleanedUp} was called for the resource (recently enough to remember). */
  public boolean isCleanedUp(String uid) {
    return uid != null && cleanedUp.containsKey(uid);
  }

  private void dropUnlessUsed(Object client) {
    synchronized (lastUsed) {
      if (!lastUsed.containsValue(client)) {
        cache.values().removeIf(cached -> cached == client);
      }
    }
  }

  /** Clients held now, one per cluster and set of credentials in use. */
  public int clients() {
    return cache.size();
  }

  /** The client of {@code type} the resource with this uid last used, if still remembered. */
  public <T> Optional<T> lastUsed(String uid, Class<T> type) {
    Object client = uid == null ? null : lastUsed.get(uid);
    return type.isInstance(client) ? Optional.of(type.cast(client)) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private <K, T> T cached(K connection, Function<K, T> factory) {
    return (T) cache.computeIfAbsent(connection, key -> factory.apply(connection));
  }

  private ConfluentCloudConnection connection(ConfluentCloudTarget target, String namespace)
      throws MissingSecretException {
    var ref = target.getCredentialsSecretRef();
    String where = "spec.target.confluentCloud.credentialsSecretRef";
    Secret secret = secrets.secret(namespace, ref.getName(), where);
    return new ConfluentCloudConnection(
        target.getEndpoint(),
        SecretValues.require(secret, SecretValues.field(ref.getKeyField(), "key"), where),
        SecretValues.require(secret, SecretValues.field(ref.getSecretField(), "secret"), where),
        target.getEnvironment(),
        target.getKafkaCluster(),
        target.getCloud() == null ? "AWS" : target.getCloud().name(),
        target.getMetricsEndpoint());
  }

  private KafkaConnectConnection connection(KafkaConnectTarget target, String namespace)
      throws MissingSecretException {
    Optional<String> username = Optional.empty();
    Optional<String> password = Optional.empty();
    if (target.getBasicAuthSecretRef() != null) {
      var ref = target.getBasicAuthSecretRef();
      String where = "spec.target.kafkaConnect.basicAuthSecretRef";
      Secret secret = secrets.secret(namespace, ref.getName(), where);
      username =
          Optional.of(
              SecretValues.require(
                  secret, SecretValues.field(ref.getUsernameField(), "username"), where));
      password =
          Optional.of(
              SecretValues.require(
                  secret, SecretValues.field(ref.getPasswordField(), "password"), where));
    }
    Optional<String> ca = Optional.empty();
    boolean insecure = false;
    if (target.getTls() != null) {
      insecure = Boolean.TRUE.equals(target.getTls().getInsecureSkipVerify());
      if (target.getTls().getCaSecretKeyRef() != null) {
        var ref = target.getTls().getCaSecretKeyRef();
        ca =
            Optional.of(
                secrets.value(
                    namespace,
                    ref.getName(),
                    ref.getKey(),
                    "spec.target.kafkaConnect.tls.caSecretKeyRef"));
      }
    }
    return new KafkaConnectConnection(
        target.getUrl(),
        username,
        password,
        ca,
        insecure,
        Optional.ofNullable(target.getMetricsUrl()).filter(url -> !url.isBlank()));
  }
}
