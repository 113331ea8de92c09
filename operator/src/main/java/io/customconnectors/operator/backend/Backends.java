package io.customconnectors.operator.backend;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.config.SecretLookup;
import io.customconnectors.operator.retry.Retrying;
import io.customconnectors.operator.status.Reason;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Turns a resource's target into the backend that serves it, one instance per cluster and set of
 * credentials, so that every resource on a cluster shares its client and its poll.
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

  private final SecretLookup secrets;
  private final Function<KafkaConnectConnection, ConnectorBackend> kafkaConnect;
  private final Function<ConfluentCloudConnection, ConnectorBackend> confluentCloud;
  private final Map<Object, ConnectorBackend> cache = new ConcurrentHashMap<>();
  private final Map<ConfluentCloudConnection, CustomPlugins> plugins = new ConcurrentHashMap<>();

  public Backends(
      SecretLookup secrets,
      Function<KafkaConnectConnection, ConnectorBackend> kafkaConnect,
      Function<ConfluentCloudConnection, ConnectorBackend> confluentCloud) {
    this.secrets = secrets;
    this.kafkaConnect = kafkaConnect;
    this.confluentCloud = confluentCloud;
  }

  public static Backends standard(SecretLookup secrets) {
    return new Backends(
        secrets,
        connection -> new KafkaConnectBackend(connection, Retrying.standard()),
        connection -> new ConfluentCloudBackend(connection, Retrying.standard()));
  }

  public ConnectorBackend resolve(Target target, String namespace)
      throws MissingSecretException, UnsupportedTargetException {
    if (target == null) {
      throw new UnsupportedTargetException(
          Reason.BackendNotSupported,
          "No target: set spec.target or use a ConnectorPlugin that has one");
    }
    if (target.getConfluentCloud() != null) {
      ConfluentCloudConnection connection = connection(target.getConfluentCloud(), namespace);
      if (connection.kafkaCluster() == null) {
        throw new UnsupportedTargetException(
            Reason.TargetIncomplete,
            "A connector on Confluent Cloud needs its Kafka cluster: set"
                + " spec.target.confluentCloud.kafkaCluster (lkc-...) on the CustomConnector or on"
                + " its ConnectorPlugin");
      }
      return cache.computeIfAbsent(connection, key -> confluentCloud.apply(connection));
    }
    KafkaConnectConnection connection = connection(target.getKafkaConnect(), namespace);
    return cache.computeIfAbsent(connection, key -> kafkaConnect.apply(connection));
  }

  /** The custom plugins of a Confluent Cloud environment, with the target's Cloud API key. */
  public CustomPlugins customPlugins(ConfluentCloudTarget target, String namespace)
      throws MissingSecretException {
    ConfluentCloudConnection connection = connection(target, namespace).forEnvironment();
    return plugins.computeIfAbsent(
        connection, key -> new CustomPlugins(connection, Retrying.standard()));
  }

  private ConfluentCloudConnection connection(ConfluentCloudTarget target, String namespace)
      throws MissingSecretException {
    var ref = target.getCredentialsSecretRef();
    Secret secret =
        secret(namespace, ref.getName(), "spec.target.confluentCloud.credentialsSecretRef");
    return new ConfluentCloudConnection(
        target.getEndpoint(),
        value(secret, field(ref.getKeyField(), "key"), ref.getName()),
        value(secret, field(ref.getSecretField(), "secret"), ref.getName()),
        target.getEnvironment(),
        target.getKafkaCluster(),
        target.getCloud() == null ? "AWS" : target.getCloud().name());
  }

  private KafkaConnectConnection connection(KafkaConnectTarget target, String namespace)
      throws MissingSecretException {
    Optional<String> username = Optional.empty();
    Optional<String> password = Optional.empty();
    if (target.getBasicAuthSecretRef() != null) {
      var ref = target.getBasicAuthSecretRef();
      Secret secret =
          secret(namespace, ref.getName(), "spec.target.kafkaConnect.basicAuthSecretRef");
      username =
          Optional.of(value(secret, field(ref.getUsernameField(), "username"), ref.getName()));
      password =
          Optional.of(value(secret, field(ref.getPasswordField(), "password"), ref.getName()));
    }
    Optional<String> ca = Optional.empty();
    boolean insecure = false;
    if (target.getTls() != null) {
      insecure = Boolean.TRUE.equals(target.getTls().getInsecureSkipVerify());
      if (target.getTls().getCaSecretKeyRef() != null) {
        var ref = target.getTls().getCaSecretKeyRef();
        Secret secret =
            secret(namespace, ref.getName(), "spec.target.kafkaConnect.tls.caSecretKeyRef");
        ca = Optional.of(value(secret, ref.getKey(), ref.getName()));
      }
    }
    return new KafkaConnectConnection(target.getUrl(), username, password, ca, insecure);
  }

  private static String field(String configured, String fallback) {
    return configured == null || configured.isBlank() ? fallback : configured;
  }

  private Secret secret(String namespace, String name, String where) throws MissingSecretException {
    return secrets
        .find(namespace, name)
        .orElseThrow(
            () ->
                new MissingSecretException(
                    "Secret "
                        + name
                        + " named in "
                        + where
                        + " does not exist in namespace "
                        + namespace));
  }

  private static String value(Secret secret, String key, String name)
      throws MissingSecretException {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    throw new MissingSecretException("Secret " + name + " has no key '" + key + "'");
  }
}
