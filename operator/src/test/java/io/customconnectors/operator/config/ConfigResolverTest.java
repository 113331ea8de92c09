package io.customconnectors.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.SecretDelivery;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

class ConfigResolverTest {

  private final Map<String, Secret> secrets = new HashMap<>();
  private final ConfigResolver resolver =
      new ConfigResolver(
          (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name)));

  private void secret(String name, String version, Map<String, String> values) {
    secrets.put(
        "retail/" + name,
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("retail")
            .withResourceVersion(version)
            .endMetadata()
            .withStringData(values)
            .build());
  }

  private static CustomConnector connector(List<ConfigFromSource> from) {
    CustomConnector connector = new CustomConnector();
    connector.getMetadata().setName("orders");
    connector.getMetadata().setNamespace("retail");
    CustomConnectorSpec spec = new CustomConnectorSpec();
    spec.setConnectorName("DynamoDB Custom connector");
    spec.setConfig(Map.of("aws.region", "us-east-2"));
    spec.setConfigFrom(from);
    spec.setTasksMax(2);
    connector.setSpec(spec);
    return connector;
  }

  private static ConfigFromSource key(String configKey, String secret, String key) {
    ConfigFromSource source = new ConfigFromSource();
    source.setConfigKey(configKey);
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(secret);
    ref.setKey(key);
    source.setSecretKeyRef(ref);
    return source;
  }

  private static ConfigFromSource whole(String secret) {
    ConfigFromSource source = new ConfigFromSource();
    SecretRef ref = new SecretRef();
    ref.setName(secret);
    source.setSecretRef(ref);
    return source;
  }

  @Test
  void theEffectiveConfigHoldsSpecSecretsAndTheOperatorsKeys() throws Exception {
    secret("aws", "7", Map.of("secret-access-key", "s3cr3t"));
    secret("extra", "3", Map.of("aws.session.token", "t0ken"));
    EffectiveConfig config =
        resolver.resolve(
            connector(List.of(key("aws.secret.key", "aws", "secret-access-key"), whole("extra"))),
            "com.example.Source");
    assertThat(config.config())
        .containsEntry("aws.region", "us-east-2")
        .containsEntry("aws.secret.key", "s3cr3t")
        .containsEntry("aws.session.token", "t0ken")
        .containsEntry("name", "DynamoDB Custom connector")
        .containsEntry("connector.class", "com.example.Source")
        .containsEntry("tasks.max", "2")
        .containsEntry(ConfigResolver.OWNER_KEY, "retail/orders");
    assertThat(config.secretValues()).containsExactlyInAnyOrder("s3cr3t", "t0ken");
    assertThat(config.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void theHashFollowsSecretVersionsNotSecretValues() throws Exception {
    secret("aws", "7", Map.of("secret-access-key", "one"));
    String first =
        resolver
            .resolve(connector(List.of(key("aws.secret.key", "aws", "secret-access-key"))), "X")
            .hash();
    secret("aws", "7", Map.of("secret-access-key", "two"));
    assertThat(
            resolver
                .resolve(connector(List.of(key("aws.secret.key", "aws", "secret-access-key"))), "X")
                .hash())
        .as("same resourceVersion: the value does not enter the hash")
        .isEqualTo(first);
    secret("aws", "8", Map.of("secret-access-key", "two"));
    assertThat(
            resolver
                .resolve(connector(List.of(key("aws.secret.key", "aws", "secret-access-key"))), "X")
                .hash())
        .isNotEqualTo(first);
  }

  @Test
  void missingSecretsAndKeysSayWhatToFix() {
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    connector(List.of(key("aws.secret.key", "aws", "secret-access-key"))), "X"))
        .isInstanceOf(MissingSecretException.class)
        .hasMessage(
            "Secret aws named in spec.configFrom[0] does not exist in namespace retail: create it or fix the reference");
    secret("aws", "1", Map.of("other", "x"));
    assertThatThrownBy(
            () ->
                resolver.resolve(
                    connector(List.of(key("aws.secret.key", "aws", "secret-access-key"))), "X"))
        .hasMessage(
            "Secret aws has no key 'secret-access-key' (spec.configFrom[0] reads it for aws.secret.key): add the key or fix the reference");
  }

  @Test
  void withAConfigProviderTheWorkersGetReferencesNeverValues() throws Exception {
    secret("aws", "7", Map.of("secret-access-key", "s3cr3t"));
    secret("extra", "3", Map.of("aws.session.token", "t0ken"));
    List<ConfigFromSource> from =
        List.of(key("aws.secret.key", "aws", "secret-access-key"), whole("extra"));

    SecretDelivery directory = new SecretDelivery();
    directory.setMode(SecretDelivery.Mode.DirectoryProvider);
    directory.setPath("/opt/kafka/external-configuration/");
    EffectiveConfig mounted = resolver.resolve(connector(from), "X", directory);
    assertThat(mounted.config())
        .containsEntry(
            "aws.secret.key",
            "${directory:/opt/kafka/external-configuration/aws:secret-access-key}")
        .containsEntry(
            "aws.session.token",
            "${directory:/opt/kafka/external-configuration/extra:aws.session.token}");
    assertThat(mounted.secretValues()).isEmpty();
    assertThat(mounted.config().values()).doesNotContain("s3cr3t", "t0ken");

    SecretDelivery kubernetes = new SecretDelivery();
    kubernetes.setMode(SecretDelivery.Mode.KubernetesSecretsProvider);
    kubernetes.setProvider("k8s");
    assertThat(resolver.resolve(connector(from), "X", kubernetes).config())
        .containsEntry("aws.secret.key", "${k8s:retail/aws:secret-access-key}");

    // A rotated Secret still changes the hash, so the connector is written (and restarted) again.
    String before = mounted.hash();
    secret("aws", "8", Map.of("secret-access-key", "rotated"));
    assertThat(resolver.resolve(connector(from), "X", directory).hash()).isNotEqualTo(before);
  }
}
