package io.customconnectors.operator.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.SecretDelivery;
import io.fabric8.kubernetes.api.model.Secret;

/** Builds a connector's {@link EffectiveConfig} from its spec and the Secrets it names. */
public final class ConfigResolver {

  /**
   * Marks connectors this operator manages on a Kafka Connect cluster, with the owning resource's
   * namespace/name: Kafka Connect keeps no other metadata, and without a mark a connector someone
   * else created under the same name would silently be taken over.
   */
  public static final String OWNER_KEY = "customconnectors.io.owner";

  private final SecretValues secrets;

  public ConfigResolver(SecretLookup secrets) {
    this.secrets = new SecretValues(secrets);
  }

  public static String connectorName(CustomConnector resource) {
    String name = resource.getSpec().getConnectorName();
    return name == null || name.isBlank() ? resource.getMetadata().getName() : name;
  }

  public static String owner(CustomConnector resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  public EffectiveConfig resolve(CustomConnector resource, String connectorClass)
      throws MissingSecretException {
    return resolve(resource, connectorClass, null);
  }

  /**
   * The effective config; with a {@code delivery} of a provider mode, Secret values are sent as
   * references the workers' config provider resolves, never as values.
   */
  public EffectiveConfig resolve(
      CustomConnector resource, String connectorClass, SecretDelivery delivery)
      throws MissingSecretException {
    CustomConnectorSpec spec = resource.getSpec();
    String namespace = resource.getMetadata().getNamespace();
    Map<String, String> config = new TreeMap<>();
    if (spec.getConfig() != null) {
      config.putAll(spec.getConfig());
    }
    Set<String> secretValues = new HashSet<>();
    TreeMap<String, String> hashed = new TreeMap<>(config);
    List<ConfigFromSource> sources =
        spec.getConfigFrom() == null ? List.of() : spec.getConfigFrom();
    for (int i = 0; i < sources.size(); i++) {
      ConfigFromSource source = sources.get(i);
      String where = "spec.configFrom[" + i + "]";
      if (source.getSecretKeyRef() != null) {
        String key = source.getSecretKeyRef().getKey();
        Secret secret = secrets.secret(namespace, source.getSecretKeyRef().getName(), where);
        String value =
            SecretValues.require(secret, key, where + " reads it for " + source.getConfigKey());
        put(config, secretValues, source.getConfigKey(), value, secret, key, delivery);
        hashed.put(source.getConfigKey(), SecretValues.fingerprint(secret, key));
      } else if (source.getSecretRef() != null) {
        Secret secret = secrets.secret(namespace, source.getSecretRef().getName(), where);
        for (String key : SecretValues.keys(secret)) {
          String value = SecretValues.require(secret, key, where);
          put(config, secretValues, key, value, secret, key, delivery);
          hashed.put(key, SecretValues.fingerprint(secret, key));
        }
      }
    }
    String name = connectorName(resource);
    for (Map<String, String> map : List.of(config, hashed)) {
      map.put("name", name);
      map.put("connector.class", connectorClass);
      map.put("tasks.max", Integer.toString(spec.getTasksMax() == null ? 1 : spec.getTasksMax()));
      map.put(OWNER_KEY, owner(resource));
    }
    return new EffectiveConfig(config, secretValues, sha256(hashed.toString()));
  }

  /** A Secret's value into the config: itself, or the reference the workers' provider reads. */
  private static void put(
      Map<String, String> config,
      Set<String> secretValues,
      String configKey,
      String value,
      Secret secret,
      String secretKey,
      SecretDelivery delivery) {
    SecretDelivery.Mode mode =
        delivery == null || delivery.getMode() == null
            ? SecretDelivery.Mode.Values
            : delivery.getMode();
    String name = secret.getMetadata().getName();
    switch (mode) {
      case Values -> {
        config.put(configKey, value);
        secretValues.add(value);
      }
      case DirectoryProvider ->
          config.put(
              configKey,
              "${"
                  + alias(delivery, "directory")
                  + ":"
                  + delivery.getPath().replaceAll("/+$", "")
                  + "/"
                  + name
                  + ":"
                  + secretKey
                  + "}");
      case KubernetesSecretsProvider ->
          config.put(
              configKey,
              "${"
                  + alias(delivery, "secrets")
                  + ":"
                  + secret.getMetadata().getNamespace()
                  + "/"
                  + name
                  + ":"
                  + secretKey
                  + "}");
    }
  }

  private static String alias(SecretDelivery delivery, String fallback) {
    return delivery.getProvider() == null || delivery.getProvider().isBlank()
        ? fallback
        : delivery.getProvider();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
