package io.customconnectors.operator.reconciler;

import static io.customconnectors.operator.reconciler.ReconcilerHarness.CONNECTOR_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
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
      CustomConnector connector = FastTierManifests.connector("orders");
      connector.getSpec().setPluginRef(null);
      connector.getSpec().setConnectorClass(CONNECTOR_CLASS);
      KafkaConnectTarget connect = new KafkaConnectTarget();
      connect.setUrl(bed.connect.url().toString());
      Target target = new Target();
      target.setKafkaConnect(connect);
      connector.getSpec().setTarget(target);
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
      ConnectorPlugin plugin =
          FastTierManifests.confluentCloudPlugin("https://collector.example.com");
      bed.apply(plugin);
      bed.reconcilePlugin("dynamodb-source");

      assertThat(bed.ready("dynamodb-source")).isEqualTo("FALSE TargetNotAllowed");
      assertThat(bed.cloud.operations()).isEmpty();
      assertThat(bed.deletePlugin("dynamodb-source").isRemoveFinalizer()).isTrue();
      assertThat(bed.cloud.operations()).isEmpty();
    }
  }
}
