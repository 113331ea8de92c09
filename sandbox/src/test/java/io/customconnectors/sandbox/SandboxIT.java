package io.customconnectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.kafka.KafkaBroker;

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
    assertThat(
            KafkaBroker.shared()
                .read("supermarket-customer" + SupermartTable.TABLE, ROWS, Duration.ofSeconds(90)))
        .hasSize(ROWS);
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
    assertThat(
            KafkaBroker.shared()
                .read(
                    Sandbox.CLOUD_TOPIC_PREFIX + SupermartTable.TABLE,
                    ROWS,
                    Duration.ofSeconds(90)))
        .hasSize(ROWS);
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
  }
}
