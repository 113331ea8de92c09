package io.customconnectors.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.testkit.support.ChildJvm;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Two replicas of the operator, as two processes: one takes the Lease, the other waits, and takes
 * over when the leader dies; only the watched namespace is served; SIGTERM shuts down gracefully.
 */
class LeaderElectionIT {

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItDies() {
    KubernetesClient client = ApiServerWithCrds.client();
    String namespace = ApiServerWithCrds.newNamespace("leader");
    ChildJvm first = replica("operator-a", namespace);
    ChildJvm second = null;
    try {
      await("operator-a holds the lease")
          .atMost(Duration.ofSeconds(60))
          .until(() -> "operator-a".equals(holder(client, namespace)));
      second = replica("operator-b", namespace);
      // operator-b is up and follows; the lease stays with operator-a while it renews.
      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
      assertThat(holder(client, namespace)).isEqualTo("operator-a");
      assertThat(second.isAlive()).isTrue();
      // The leader reconciles; the follower, up and watching the same namespace, does nothing.
      client.resource(unreachablePlugin(namespace, "while-following")).create();
      await("operator-a reports the unreachable worker")
          .atMost(Duration.ofSeconds(60))
          .until(() -> eventsBy(client, namespace, "operator-a").contains("BackendUnreachable"));
      await("operator-b stays idle while it follows")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(4))
          .until(() -> eventsBy(client, namespace, "operator-b").isEmpty());

      first.kill();
      await("operator-b takes over")
          .atMost(Duration.ofSeconds(60))
          .until(() -> "operator-b".equals(holder(client, namespace)));

      // The new leader reconciles: a plugin on an unreachable worker gets its status from it.
      String unwatched = ApiServerWithCrds.newNamespace("unwatched");
      client.resource(unreachablePlugin(unwatched)).create();
      client.resource(unreachablePlugin(namespace)).create();
      // Other operators may run against this API server (the test bed's, in the same test JVM),
      // so who acted is told by the events each replica signs with its name.
      await("operator-b reports the unreachable worker")
          .atMost(Duration.ofSeconds(60))
          .until(() -> eventsBy(client, namespace, "operator-b").contains("BackendUnreachable"));
      // Only the namespaces in WATCH_NAMESPACES are served.
      await("operator-b leaves the unwatched namespace alone")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(3))
          .until(() -> eventsBy(client, unwatched, "operator-b").isEmpty());

      // SIGTERM: the operator shuts down through its hook, not by being killed.
      long stopping = System.nanoTime();
      second.stop();
      assertThat(second.isAlive()).isFalse();
      // ChildJvm.stop() kills after 20 s: a stop well before that was the JVM's own.
      assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(15));
      assertThat(second.logTail()).contains("is shutting down");
    } finally {
      first.stop();
      if (second != null) {
        second.stop();
      }
    }
  }

  private static ConnectorPlugin unreachablePlugin(String namespace) {
    return unreachablePlugin(namespace, "after-failover");
  }

  private static ConnectorPlugin unreachablePlugin(String namespace, String name) {
    ConnectorPlugin plugin = new ConnectorPlugin();
    plugin.getMetadata().setName(name);
    plugin.getMetadata().setNamespace(namespace);
    ConnectorPluginSpec spec = new ConnectorPluginSpec();
    spec.setDisplayName("Failover check");
    spec.setConnectorClass("com.example.SourceConnector");
    spec.setConnectorType(ConnectorType.SOURCE);
    KafkaConnectTarget connect = new KafkaConnectTarget();
    connect.setUrl("http://127.0.0.1:1");
    Target target = new Target();
    target.setKafkaConnect(connect);
    spec.setTarget(target);
    plugin.setSpec(spec);
    return plugin;
  }

  private static ChildJvm replica(String name, String namespace) {
    return ChildJvm.start(
        name,
        System.getProperty("java.class.path"),
        List.of("-Xmx128m"),
        "io.customconnectors.operator.OperatorMain",
        List.of(),
        Path.of("target", "leader-election-" + name + ".log"),
        Map.of(
            "KUBECONFIG",
            ApiServerWithCrds.server().kubeconfigFile().toString(),
            "WATCH_NAMESPACES",
            namespace,
            "LEADER_ELECTION_LEASE",
            "custom-connector-operator",
            "LEADER_ELECTION_NAMESPACE",
            namespace,
            "HOSTNAME",
            name,
            "HEALTH_PORT",
            "0"));
  }

  /** Reasons of the events the replica {@code instance} recorded in the namespace. */
  private static List<String> eventsBy(KubernetesClient client, String namespace, String instance) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> instance.equals(e.getReportingInstance()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  private static String holder(KubernetesClient client, String namespace) {
    Lease lease =
        client.leases().inNamespace(namespace).withName("custom-connector-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
