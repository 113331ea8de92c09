package io.customconnectors.operator.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.fabric8.kubernetes.api.model.Secret;

/** Builds a connector's {@link EffectiveConfig} from its spec and the Secrets it names. */
public final class ConfigResolver {

  /**
   * Marks connectors this operator manages on a Kafka Connect cluster, with the owning resource's
   * namespace/name: Kafka Connect keeps no other metadata, and without a mark a connector someone
   * else created under the same name would silently be taken over.
   */
  public static final String OWNER_KEY = "customconnectors.io.owner";

  private final SecretLookup secrets;

  public ConfigResolver(SecretLookup secrets) {
    this.secrets = secrets;
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
        String name = source.getSecretKeyRef().getName();
        String key = source.getSecretKeyRef().getKey();
        Secret secret = secret(namespace, name, where);
        String value =
            decode(secret, key)
                .orElseThrow(
                    () ->
                        new MissingSecretException(
                            "Secret "
                                + name
                                + " has no key '"
                                + key
                                + "' ("
                                + where
                                + " reads it for "
                                + source.getConfigKey()
                                + "): add the key or fix the reference"));
        config.put(source.getConfigKey(), value);
        secretValues.add(value);
        hashed.put(source.getConfigKey(), "secret:" + name + "/" + key + "@" + version(secret));
      } else if (source.getSecretRef() != null) {
        String name = source.getSecretRef().getName();
        Secret secret = secret(namespace, name, where);
        for (String key : keys(secret)) {
          String value = decode(secret, key).orElseThrow();
          config.put(key, value);
          secretValues.add(value);
          hashed.put(key, "secret:" + name + "/" + key + "@" + version(secret));
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
                        + namespace
                        + ": create it or fix the reference"));
  }

  private static Set<String> keys(Secret secret) {
    Set<String> keys = new java.util.TreeSet<>();
    if (secret.getData() != null) {
      keys.addAll(secret.getData().keySet());
    }
    if (secret.getStringData() != null) {
      keys.addAll(secret.getStringData().keySet());
    }
    return keys;
  }

  private static java.util.Optional<String> decode(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return java.util.Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return java.util.Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return java.util.Optional.empty();
  }

  private static String version(Secret secret) {
    String version =
        secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion();
    return version == null ? "unversioned" : version;
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
