package io.customconnectors.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.testkit.kube.Kubectl;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** kubectl as users run it against the real API server: apply, get, explain, wait. */
class KubectlIT {

  private static final String CONNECTOR = "dynamodb-supermarket";

  private static Kubectl kubectl;
  private static String namespace;

  @BeforeAll
  static void applyTheInClusterSamples() {
    ApiServerWithCrds.client();
    kubectl = ApiServerWithCrds.server().kubectl();
    namespace = ApiServerWithCrds.newNamespace("kubectl");
    Kubectl.Result applied =
        kubectl.run(
            "apply",
            "-n",
            namespace,
            "-f",
            Crds.samplesDirectory().resolve("kafka-connect").toString());
    assertThat(applied.succeeded()).as("%s", applied).isTrue();
  }

  @Test
  void getShowsTheDesignedColumnsUnderEveryName() {
    for (String resource : List.of("customconnectors", "customconnector", "cconn")) {
      assertThat(header(kubectl.run("get", resource, "-n", namespace)))
          .containsExactly("NAME", "TARGET", "STATE", "TASKS", "READY", "REASON", "RATE", "AGE");
    }
    for (String resource : List.of("connectorplugins", "cplugin")) {
      assertThat(header(kubectl.run("get", resource, "-n", namespace)))
          .containsExactly("NAME", "TARGET", "CLASS", "TYPE", "READY", "AGE");
    }
  }

  @Test
  void categoryListsPluginsAndConnectorsTogether() {
    Kubectl.Result result = kubectl.run("get", "kafka-connect", "-n", namespace, "-o", "name");

    assertThat(result.stdout().lines())
        .containsExactlyInAnyOrder(
            "connectorplugin.customconnectors.io/dynamodb-source",
            "customconnector.customconnectors.io/" + CONNECTOR);
  }

  @Test
  void explainPrintsTheFieldDescriptions() {
    Kubectl.Result spec = kubectl.run("explain", "customconnector.spec");
    assertThat(spec.stdout())
        .contains("networking")
        .contains("The ConnectorPlugin in this namespace that provides the connector class");

    Kubectl.Result networking = kubectl.run("explain", "customconnector.spec.networking");
    assertThat(networking.stdout())
        .contains("endpoints")
        .contains("host:port[:TCP|UDP]")
        .contains("deriveAwsEndpoints");
  }

  @Test
  void waitReturnsOnceAStatusSaysReadyAndGetShowsIt() {
    CompletableFuture<Kubectl.Result> waiting =
        CompletableFuture.supplyAsync(
            () ->
                kubectl.run(
                    Duration.ofSeconds(90),
                    null,
                    "wait",
                    "--for=condition=Ready",
                    "customconnector/" + CONNECTOR,
                    "-n",
                    namespace,
                    "--timeout=60s"));
    sleep(Duration.ofSeconds(2));
    assertThat(waiting).as("kubectl wait returned before any status").isNotDone();

    writeReadyStatus();
    Kubectl.Result waited = waiting.join();

    assertThat(waited.succeeded()).as("%s", waited).isTrue();
    assertThat(waited.stdout()).contains("condition met");
    assertThat(kubectl.run("get", "cconn", CONNECTOR, "-n", namespace, "--no-headers").stdout())
        .containsPattern(
            CONNECTOR
                + "\\s+connect/connect.kafka.svc:8083\\s+RUNNING\\s+1/1\\s+True\\s+Running\\s+");
  }

  private static void writeReadyStatus() {
    CustomConnectorStatus status = new CustomConnectorStatus();
    status.setObservedGeneration(1L);
    status.setTarget("connect/connect.kafka.svc:8083");
    status.setState("RUNNING");
    status.setTasksReady("1/1");
    status
        .getConditions()
        .add(
            new Condition(
                "Ready",
                ConditionStatus.TRUE,
                "Running",
                "The connector and 1/1 tasks are running.",
                Instant.now().toString(),
                1L));
    CustomConnector patch = new CustomConnector();
    patch.getMetadata().setName(CONNECTOR);
    patch.getMetadata().setNamespace(namespace);
    patch.setStatus(status);
    // Under its own field manager: a status made up here is not one the operator produced.
    ApiServerWithCrds.client()
        .resource(patch)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(ObservedStatuses.HAND_WRITTEN)
                .build());
  }

  private static List<String> header(Kubectl.Result result) {
    assertThat(result.succeeded()).as("%s", result).isTrue();
    return List.of(result.stdout().lines().findFirst().orElseThrow().trim().split("\\s+"));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
