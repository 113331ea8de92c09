package io.customconnectors.operator.reconciler;

import static io.customconnectors.operator.reconciler.ReconcilerHarness.CONNECTOR_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.AllowedTargets;

/**
 * A target outside the operator's allow-list is a condition, not a call: no credential and no
 * Secret value leaves the operator for it.
 */
class AllowedTargetsReconcilerTest {

  @Test
  void aKafkaConnectUrlOutsideTheListGetsNothingSent() {
    try (ReconcilerHarness bed =
        new ReconcilerHarness(
            AllowedTargets.parse(null, "http://*.kafka.svc.cluster.local:8083"))) {
      bed.secret("aws", Map.of("secret-access-key", "never-sent"));
      CustomConnector connector = new CustomConnector();
      connector.getMetadata().setName("orders");
      CustomConnectorSpec spec = new CustomConnectorSpec();
      spec.setConnectorClass(CONNECTOR_CLASS);
      Target target = new Target();
      KafkaConnectTarget connect = new KafkaConnectTarget();
      connect.setUrl(bed.connect.url().toString());
      target.setKafkaConnect(connect);
      spec.setTarget(target);
      ConfigFromSource source = new ConfigFromSource();
      source.setConfigKey("aws.secret.key");
      SecretKeyRef key = new SecretKeyRef();
      key.setName("aws");
      key.setKey("secret-access-key");
      source.setSecretKeyRef(key);
      spec.setConfigFrom(List.of(source));
      connector.setSpec(spec);
      bed.apply(connector);
      bed.reconcile("orders");

      assertThat(bed.ready("orders")).isEqualTo("FALSE TargetNotAllowed");
      assertThat(bed.readyMessage("orders"))
          .contains("spec.target.kafkaConnect.url http://127.0.0.1:")
          .contains("ALLOWED_KAFKA_CONNECT_URLS allows http://*.kafka.svc.cluster.local:8083");
      assertThat(bed.connect.requests()).isEmpty();
      assertThat(bed.delete("orders").isRemoveFinalizer()).isTrue();
      assertThat(bed.connect.requests()).isEmpty();
    }
  }

  @Test
  void aConfluentCloudEndpointOutsideTheListNeverSeesTheCloudApiKey() {
    try (ReconcilerHarness bed = new ReconcilerHarness(AllowedTargets.parse(null, null))) {
      bed.secret("ccloud-api", Map.of("key", "CLOUDKEY", "secret", "never-sent"));
      ConnectorPlugin plugin = new ConnectorPlugin();
      plugin.getMetadata().setName("dynamodb-source");
      ConnectorPluginSpec spec = new ConnectorPluginSpec();
      spec.setDisplayName("DynamoDB");
      spec.setConnectorClass(CONNECTOR_CLASS);
      spec.setConnectorType(ConnectorType.SOURCE);
      PluginArchive archive = new PluginArchive();
      archive.setBundled(BundledArchive.DYNAMODB_SOURCE);
      spec.setArchive(archive);
      ConfluentCloudTarget cloud = new ConfluentCloudTarget();
      cloud.setEnvironment("env-1");
      cloud.setEndpoint("https://collector.example.com");
      ApiKeySecretRef credentials = new ApiKeySecretRef();
      credentials.setName("ccloud-api");
      cloud.setCredentialsSecretRef(credentials);
      Target target = new Target();
      target.setConfluentCloud(cloud);
      spec.setTarget(target);
      plugin.setSpec(spec);
      bed.apply(plugin);
      bed.reconcilePlugin("dynamodb-source");

      assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE TargetNotAllowed");
      assertThat(bed.cloud.operations()).isEmpty();
      assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
      assertThat(bed.cloud.operations()).isEmpty();
    }
  }
}
