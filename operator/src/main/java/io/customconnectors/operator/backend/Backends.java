package io.customconnectors.operator.backend;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;
import io.customconnectors.operator.config.MissingSecretException;
import io.customconnectors.operator.config.SecretLookup;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Turns a resource's target into the backend that serves it, one instance per cluster and set of
 * credentials, so that every resource on a cluster shares its client and its poll.
 */
public final class Backends {

  /** A target the operator cannot serve (yet). */
  public static final class UnsupportedTargetException extends Exception {
    public UnsupportedTargetException(String message) {
      super(message);
    }
  }

  private final SecretLookup secrets;
  private final Function<KafkaConnectConnection, ConnectorBackend> kafkaConnect;
  private final Map<KafkaConnectConnection, ConnectorBackend> cache = new ConcurrentHashMap<>();

  public Backends(
      SecretLookup secrets, Function<KafkaConnectConnection, ConnectorBackend> kafkaConnect) {
    this.secrets = secrets;
    this.kafkaConnect = kafkaConnect;
  }

  public static Backends standard(SecretLookup secrets) {
    return new Backends(
        secrets,
        connection ->
            new KafkaConnectBackend(
                connection, io.customconnectors.operator.retry.Retrying.standard()));
  }

  public ConnectorBackend resolve(Target target, String namespace)
      throws MissingSecretException, UnsupportedTargetException {
    if (target == null) {
      throw new UnsupportedTargetException(
          "No target: set spec.target or use a ConnectorPlugin that has one");
    }
    if (target.getConfluentCloud() != null) {
      throw new UnsupportedTargetException(
          "Confluent Cloud targets are not supported by this version of the operator yet; use a"
              + " kafkaConnect target");
    }
    KafkaConnectConnection connection = connection(target.getKafkaConnect(), namespace);
    return cache.computeIfAbsent(connection, kafkaConnect);
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
