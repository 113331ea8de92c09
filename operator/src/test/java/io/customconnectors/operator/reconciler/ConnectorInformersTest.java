package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.BasicAuthSecretRef;
import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.SecretRef;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.api.v1alpha1.Tls;

/** Which Secrets reconcile a CustomConnector when they change: every one it names. */
class ConnectorInformersTest {

  private static ApiKeySecretRef apiKey(String name) {
    ApiKeySecretRef ref = new ApiKeySecretRef();
    ref.setName(name);
    return ref;
  }

  @Test
  void everySecretAConnectorNamesIsWatched() {
    CustomConnector connector = new CustomConnector();
    connector.getMetadata().setName("orders");
    connector.getMetadata().setNamespace("retail");
    CustomConnectorSpec spec = new CustomConnectorSpec();
    ConfigFromSource key = new ConfigFromSource();
    SecretKeyRef keyRef = new SecretKeyRef();
    keyRef.setName("aws");
    key.setSecretKeyRef(keyRef);
    ConfigFromSource whole = new ConfigFromSource();
    SecretRef wholeRef = new SecretRef();
    wholeRef.setName("more-config");
    whole.setSecretRef(wholeRef);
    spec.setConfigFrom(List.of(key, whole));
    KafkaAuth auth = new KafkaAuth();
    auth.setApiKeySecretRef(apiKey("kafka-api"));
    spec.setKafkaAuth(auth);
    Target target = new Target();
    KafkaConnectTarget connect = new KafkaConnectTarget();
    BasicAuthSecretRef basic = new BasicAuthSecretRef();
    basic.setName("connect-auth");
    connect.setBasicAuthSecretRef(basic);
    Tls tls = new Tls();
    SecretKeyRef ca = new SecretKeyRef();
    ca.setName("connect-ca");
    tls.setCaSecretKeyRef(ca);
    connect.setTls(tls);
    target.setKafkaConnect(connect);
    spec.setTarget(target);
    connector.setSpec(spec);

    assertThat(ConnectorInformers.secretKeys(connector))
        .containsExactlyInAnyOrder(
            "retail/aws",
            "retail/more-config",
            "retail/kafka-api",
            "retail/connect-auth",
            "retail/connect-ca");
  }

  @Test
  void aConfluentCloudTargetsCloudApiKeyIsWatched() {
    Target target = new Target();
    ConfluentCloudTarget cloud = new ConfluentCloudTarget();
    cloud.setCredentialsSecretRef(apiKey("ccloud-api"));
    target.setConfluentCloud(cloud);
    assertThat(ConnectorInformers.targetSecrets(target)).containsExactly("ccloud-api");
    assertThat(ConnectorInformers.targetSecrets(null)).isEmpty();
  }

  @Test
  void helmReleasesAndServiceAccountTokensAreNeverCached() {
    assertThat(ConnectorInformers.UNUSABLE_SECRETS.getFields())
        .allMatch(field -> field.negated() && field.path().equals("type"))
        .extracting(field -> field.value())
        .containsExactlyInAnyOrder("helm.sh/release.v1", "kubernetes.io/service-account-token");
  }
}
