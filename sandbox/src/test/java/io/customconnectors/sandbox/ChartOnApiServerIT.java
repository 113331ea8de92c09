package io.customconnectors.sandbox;

import static io.customconnectors.sandbox.SandboxIT.canI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.CustomConnectorOperator;
import io.customconnectors.operator.OperatorSettings;
import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.testkit.kube.KubeApiServer;
import io.customconnectors.testkit.kube.Kubectl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The Helm chart against the real API server, which authorizes with RBAC: the operator run as the
 * chart's ServiceAccount in the modes the sandbox does not use (all namespaces; leader election),
 * what that account may and may not do, and a server-side dry run of everything the chart renders.
 * The namespace-scoped mode runs the whole walkthrough in {@link SandboxIT}.
 */
class ChartOnApiServerIT {

  private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
  private static final Path CHART = ROOT.resolve("helm/custom-connector-operator");

  private static KubernetesClient admin;

  @BeforeAll
  static void connect() {
    KubeApiServer server = KubeApiServer.shared();
    admin = server.newClient();
    server.kubectl().run("apply", "--server-side", "-f", ROOT.resolve("crds").toString());
    server.kubectl().run("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  @Test
  void watchingAllNamespacesTheOperatorReadsEverywhereAndWritesOnlyWhatItOwns() {
    ChartServiceAccount account =
        ChartServiceAccount.install(admin, CHART, "cco-all", "cco-all", "watchNamespaces: []\n");
    String operator = account.username();
    assertThat(canI(operator, "list", "secrets", "--all-namespaces")).isTrue();
    assertThat(canI(operator, "watch", "customconnectors.customconnectors.io", "--all-namespaces"))
        .isTrue();
    assertThat(canI(operator, "create", "secrets", "-n", "default")).isFalse();
    assertThat(canI(operator, "delete", "secrets", "-n", "kube-system")).isFalse();
    assertThat(canI(operator, "delete", "customconnectors.customconnectors.io", "-n", "default"))
        .isFalse();
    assertThat(canI(operator, "create", "pods", "-n", "default")).isFalse();
    assertThat(canI(operator, "create", "leases.coordination.k8s.io", "-n", "cco-all")).isFalse();
    assertThat(canI(operator, "update", "customresourcedefinitions.apiextensions.k8s.io"))
        .isFalse();

    String team = namespace("team-all");
    whileTheOperatorRunsAs(account, Map.of(), () -> assertReconciles(team));
  }

  @Test
  void withLeaderElectionTheOperatorMayTakeTheLeaseInItsOwnNamespaceOnly() {
    String team = namespace("team-lease");
    ChartServiceAccount account =
        ChartServiceAccount.install(
            admin,
            CHART,
            "cco-lease",
            "cco-lease",
            "replicas: 2\nwatchNamespaces: [" + team + "]\n");
    String operator = account.username();
    assertThat(canI(operator, "create", "leases.coordination.k8s.io", "-n", "cco-lease")).isTrue();
    assertThat(canI(operator, "update", "leases.coordination.k8s.io", "-n", "cco-lease")).isTrue();
    assertThat(canI(operator, "delete", "leases.coordination.k8s.io", "-n", "cco-lease")).isFalse();
    assertThat(canI(operator, "create", "leases.coordination.k8s.io", "-n", team)).isFalse();
    assertThat(canI(operator, "get", "secrets", "-n", "default")).isFalse();

    Map<String, String> leaderElection =
        Map.of(
            "WATCH_NAMESPACES", team,
            "LEADER_ELECTION_LEASE", "cco-lease",
            "LEADER_ELECTION_NAMESPACE", "cco-lease",
            "HOSTNAME", "cco-lease-0");
    whileTheOperatorRunsAs(
        account,
        leaderElection,
        () -> {
          assertReconciles(team);
          Lease lease = admin.leases().inNamespace("cco-lease").withName("cco-lease").get();
          assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("cco-lease-0");
          // Holding it means renewing it (a patch): a lease that cannot be renewed is lost.
          await("the lease renewed")
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      admin
                          .leases()
                          .inNamespace("cco-lease")
                          .withName("cco-lease")
                          .get()
                          .getSpec()
                          .getRenewTime(),
                  renewed -> renewed.isAfter(lease.getSpec().getRenewTime()));
        });
  }

  @Test
  void everythingTheChartRendersPassesAServerSideDryRun() throws IOException {
    namespace("cco-dry-run");
    String team = namespace("team-dry-run");
    // Everything optional on but the ServiceMonitor, whose kind exists only where the Prometheus
    // operator is installed.
    for (String values :
        List.of(
            "",
            """
            replicas: 2
            watchNamespaces: [%s]
            podDisruptionBudget: {enabled: true}
            kafkaConnect: {enabled: true, bootstrapServers: "kafka.kafka.svc:9092"}
            """
                .formatted(team))) {
      String rendered = ChartServiceAccount.render(CHART, "cco-dry-run", "cco-dry-run", values);
      List<HasMetadata> resources = ChartServiceAccount.parse(admin, rendered);
      Path file = Files.createTempFile("chart", ".yaml");
      Files.writeString(file, rendered);
      Kubectl.Result result =
          KubeApiServer.shared()
              .kubectl()
              .run(
                  "apply",
                  "--server-side",
                  "--dry-run=server",
                  "--field-manager=helm",
                  "-f",
                  file.toString());
      assertThat(result.succeeded()).as(values + "\n" + result).isTrue();
      for (HasMetadata resource : resources) {
        assertThat(result.stdout())
            .as(values)
            .containsPattern(
                "(?m)^"
                    + resource.getKind().toLowerCase(Locale.ROOT)
                    + "(\\.[a-z0-9.]+)?/"
                    + Pattern.quote(resource.getMetadata().getName())
                    + " serverside-applied \\(server dry run\\)$");
      }
      assertThat(resources).extracting(HasMetadata::getKind).contains("Deployment", "Service");
    }
  }

  /** Runs {@code check} while an operator runs as {@code account} with these settings. */
  private static void whileTheOperatorRunsAs(
      ChartServiceAccount account, Map<String, String> env, Runnable check) {
    try (KubernetesClient client = account.newClient(admin)) {
      CustomConnectorOperator operator = new CustomConnectorOperator(client, settings(env)).start();
      try {
        check.run();
      } finally {
        operator.close();
      }
    }
  }

  /** A connector naming a plugin that does not exist gets its status from the operator. */
  private static void assertReconciles(String namespace) {
    CustomConnector connector =
        Serialization.unmarshal(
            read(ROOT.resolve("config/samples/kafka-connect/20-customconnector.yaml")),
            CustomConnector.class);
    connector.getMetadata().setNamespace(namespace);
    admin.resource(connector).fieldManager("test").serverSideApply();
    await("the operator's status on " + namespace + "/" + connector.getMetadata().getName())
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Optional.ofNullable(admin.resource(connector).get().getStatus())
                    .map(status -> status.getConditions())
                    .stream()
                    .flatMap(List::stream)
                    .filter(condition -> "Ready".equals(condition.getType()))
                    .map(Condition::getReason)
                    .findFirst()
                    .orElse(""),
            reason -> reason.equals("PluginNotFound"));
  }

  private static OperatorSettings settings(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.of("HEALTH_PORT", "0", "POLL_INTERVAL", "2s"));
    all.putAll(env);
    return OperatorSettings.fromEnvironment(all);
  }

  private static String namespace(String name) {
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return name;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
