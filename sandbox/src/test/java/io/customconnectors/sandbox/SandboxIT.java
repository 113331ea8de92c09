package io.customconnectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;
import io.customconnectors.testkit.kube.KubeApiServer;
import io.customconnectors.testkit.kube.Kubectl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The sandbox as a user starts it: the in-cluster samples and the Confluent Cloud samples (on the
 * emulator) both end up running the walkthrough's connector.
 */
class SandboxIT {

  private static final int ROWS = 300;
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox =
        Sandbox.start(
            Path.of(System.getProperty("repository.root", "..")),
            Path.of(System.getProperty("connector.zip")),
            ROWS);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void theSamplesRunTheWalkthroughsConnectorAndKubectlShowsIt() throws Exception {
    await("dynamodb-supermarket RUNNING and Ready")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                sandbox
                    .kubectl(
                        "get", "customconnector", "dynamodb-supermarket", "-n", Sandbox.NAMESPACE)
                    .stdout()
                    .matches("(?s).*RUNNING\\s+1/1\\s+True\\s+Running.*"));
    assertThat(sandbox.kubectl("get", "connectorplugins", "-n", Sandbox.NAMESPACE).stdout())
        .contains("dynamodb-source")
        .contains("io.customconnectors.connect.dynamodb.DynamoDbSourceConnector");
    awaitEveryRowIn("supermarket-customer" + SupermartTable.TABLE);
    await("dynamodb-supermarket on Confluent Cloud RUNNING and Ready")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                sandbox
                    .kubectl(
                        "get",
                        "customconnector",
                        "dynamodb-supermarket",
                        "-n",
                        Sandbox.CLOUD_NAMESPACE)
                    .stdout()
                    .matches("(?s).*ccloud/lkc-\\S+\\s+RUNNING\\s+1/1\\s+True\\s+Running.*"));
    assertThat(sandbox.kubectl("get", "connectorplugins", "-n", Sandbox.CLOUD_NAMESPACE).stdout())
        .contains("ccloud/env-");
    awaitEveryRowIn(Sandbox.CLOUD_TOPIC_PREFIX + SupermartTable.TABLE);
    // A normal start warns of nothing: the waits on the way to Ready are Normal events.
    for (String namespace : new String[] {Sandbox.NAMESPACE, Sandbox.CLOUD_NAMESPACE}) {
      assertThat(
              sandbox
                  .kubectl(
                      "get",
                      "events",
                      "-n",
                      namespace,
                      "--field-selector=type=Warning",
                      "--no-headers",
                      "-o",
                      "custom-columns=KIND:.involvedObject.kind,REASON:.reason,MESSAGE:.message")
                  .stdout()
                  .lines()
                  .filter(
                      line ->
                          line.startsWith("ConnectorPlugin") || line.startsWith("CustomConnector")))
          .as(sandbox.kubectl("get", "events", "-n", namespace).stdout())
          .isEmpty();
    }
    // What a user sees (the README shows it).
    System.out.println(sandbox.kubectl("get", "connectorplugins,customconnectors", "-A").stdout());
    assertThat(Files.readString(sandbox.kubeconfig())).contains("server: https://");
    assertThat(sandbox.instructions()).contains("export KUBECONFIG=" + sandbox.kubeconfig());
    assertThat(sandbox.contractViolations()).as("OpenAPI contract violations").isEmpty();

    // Synced stays Synced: with both connectors Ready, a server-side diff of the manifests as
    // applied finds nothing the operator changed (kubectl diff exits 1 on a difference, which
    // fails here with the diff).
    assertThat(
            sandbox
                .kubectl(
                    "diff",
                    "--server-side",
                    "--field-manager=sandbox",
                    "--force-conflicts",
                    "-f",
                    sandbox.appliedSamples().toString())
                .stdout())
        .isEmpty();

    syncedInReverseOrderTheSamplesConvergeAndKubectlGetWatchShowsTheWay();
  }

  /**
   * The samples synced in the worst order, connector first and Secret last, under {@code kubectl
   * get -w}: the connector waits with a reason for each thing missing, then runs, and the watch
   * shows each step.
   */
  private static void syncedInReverseOrderTheSamplesConvergeAndKubectlGetWatchShowsTheWay() {
    List<HasMetadata> samples = sandbox.localSamples(ConnectWorker.shared());
    Secret secret = only(samples, Secret.class);
    ConnectorPlugin plugin = only(samples, ConnectorPlugin.class);
    CustomConnector connector = only(samples, CustomConnector.class);
    secret.getMetadata().setName("any-order-aws");
    plugin.getMetadata().setName("any-order-plugin");
    connector.getMetadata().setName("any-order");
    connector.getSpec().setConnectorName("any-order");
    connector.getSpec().getPluginRef().setName("any-order-plugin");
    connector
        .getSpec()
        .getConfigFrom()
        .forEach(from -> from.getSecretKeyRef().setName("any-order-aws"));
    connector.getSpec().getConfig().put("kafka.topic.prefix", "any-order-");
    try (Kubectl.Streaming watch =
        KubeApiServer.shared().kubectl().stream(
            "get", "customconnectors", "-n", Sandbox.NAMESPACE, "--watch")) {
      await("kubectl get -w lists the sample")
          .atMost(Duration.ofSeconds(30))
          .until(() -> watched(watch, "dynamodb-supermarket").size() > 0);
      apply(connector);
      awaitLine(watch, "any-order\\s+.*False\\s+PluginNotFound.*");
      apply(plugin);
      awaitLine(watch, "any-order\\s+.*False\\s+SecretNotFound.*");
      apply(secret);
      awaitLine(watch, "any-order\\s+.*RUNNING\\s+1/1\\s+True\\s+Running.*");
      System.out.println(String.join("\n", watched(watch, "any-order")));
      awaitEveryRowIn("any-order-" + SupermartTable.TABLE);
    } finally {
      sandbox.client().resource(connector).delete();
      sandbox.client().resource(plugin).delete();
      sandbox.client().resource(secret).delete();
    }
  }

  /**
   * Every row of the table, once at least, in the topic: delivery is at least once, and a rebalance
   * of the shared worker (another connector created) may repeat part of a snapshot.
   */
  private static void awaitEveryRowIn(String topic) {
    await("all " + ROWS + " rows in " + topic)
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                KafkaBroker.shared().read(topic, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                    .map(ConsumerRecord::key)
                    .distinct()
                    .count(),
            keys -> keys == ROWS);
  }

  private static void apply(HasMetadata resource) {
    sandbox.client().resource(resource).fieldManager("sandbox-it").serverSideApply();
  }

  private static void awaitLine(Kubectl.Streaming watch, String pattern) {
    await("kubectl get -w prints " + pattern)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> watched(watch, "any-order").stream().anyMatch(line -> line.matches(pattern)));
  }

  private static List<String> watched(Kubectl.Streaming watch, String name) {
    return watch.lines().stream().filter(line -> line.startsWith(name + " ")).toList();
  }

  private static <T> T only(List<HasMetadata> resources, Class<T> kind) {
    return resources.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
  }

  @Test
  void theOperatorRunsWithOnlyTheChartsRightsInTheWatchedNamespaces() {
    String operator = sandbox.operatorAccount().username();
    for (String namespace : new String[] {Sandbox.NAMESPACE, Sandbox.CLOUD_NAMESPACE}) {
      assertThat(canI(operator, "watch", "secrets", "-n", namespace)).isTrue();
      assertThat(canI(operator, "patch", "customconnectors.customconnectors.io", "-n", namespace))
          .isTrue();
      assertThat(
              canI(
                  operator,
                  "update",
                  "connectorplugins.customconnectors.io",
                  "--subresource=status",
                  "-n",
                  namespace))
          .isTrue();
      assertThat(canI(operator, "create", "events", "-n", namespace)).isTrue();
      // Nothing it does not need where it works...
      assertThat(canI(operator, "create", "secrets", "-n", namespace)).isFalse();
      assertThat(canI(operator, "update", "secrets", "-n", namespace)).isFalse();
      assertThat(canI(operator, "delete", "customconnectors.customconnectors.io", "-n", namespace))
          .isFalse();
      assertThat(canI(operator, "create", "connectorplugins.customconnectors.io", "-n", namespace))
          .isFalse();
      assertThat(canI(operator, "create", "pods", "-n", namespace)).isFalse();
      assertThat(canI(operator, "delete", "events", "-n", namespace)).isFalse();
    }
    // ...and nothing at all elsewhere: not its own release namespace, not kube-system, not
    // cluster-wide.
    for (String namespace : new String[] {Sandbox.RELEASE_NAMESPACE, "kube-system"}) {
      assertThat(canI(operator, "get", "secrets", "-n", namespace)).isFalse();
      assertThat(canI(operator, "list", "customconnectors.customconnectors.io", "-n", namespace))
          .isFalse();
    }
    assertThat(canI(operator, "list", "secrets", "--all-namespaces")).isFalse();
    assertThat(canI(operator, "list", "customconnectors.customconnectors.io", "--all-namespaces"))
        .isFalse();
    assertThat(canI(operator, "update", "customresourcedefinitions.apiextensions.k8s.io"))
        .isFalse();
    assertThat(canI(operator, "create", "clusterrolebindings.rbac.authorization.k8s.io")).isFalse();
    assertThat(canI(operator, "create", "leases.coordination.k8s.io", "-n", Sandbox.NAMESPACE))
        .as("no leader election in a one-replica release")
        .isFalse();

    // The client the operator runs with is that account: the API server refuses it what the
    // chart does not grant.
    assertThatThrownBy(() -> sandbox.operatorClient().secrets().inNamespace("kube-system").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining(operator);
  }

  /** {@code kubectl auth can-i} as {@code user}: exit 0 and "yes", or exit 1 and "no". */
  static boolean canI(String user, String... question) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i"));
    args.addAll(List.of(question));
    args.add("--as=" + user);
    Kubectl.Result result = KubeApiServer.shared().kubectl().run(args.toArray(String[]::new));
    String answer = result.stdout().trim();
    if (answer.equals("yes") && result.succeeded()) {
      return true;
    }
    if (answer.equals("no")) {
      return false;
    }
    throw new IllegalStateException("kubectl " + String.join(" ", args) + ":\n" + result);
  }
}
