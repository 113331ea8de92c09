package io.customconnectors.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ContainerResource;

/** Pod logs read through the real API server's {@code pods/log} proxy from the stand-in. */
class KubeletStandInIT {

  private static final String NAMESPACE = "kubelet-stand-in-it";
  private static final Map<String, String> WORKER = Map.of("app", "connect-worker");
  private static final String LOG =
      """
      [2026-12-01 10:00:00,000] INFO Kafka Connect started (org.apache.kafka.connect.runtime.Connect:57)
      [2026-12-01 10:00:05,250] INFO [orders|task-0] Starting task (org.apache.kafka.connect.runtime.WorkerTask:200)
      [2026-12-01 10:00:07,500] ERROR [orders|task-0] Task threw an uncaught and unrecoverable exception (org.apache.kafka.connect.runtime.WorkerTask:234)
      org.apache.kafka.connect.errors.ConnectException: table orders does not exist
      \tat io.customconnectors.connector.TableReader.scan(TableReader.java:42)
      \tat org.apache.kafka.connect.runtime.AbstractWorkerSourceTask.poll(AbstractWorkerSourceTask.java:488)
      [2026-12-01 10:00:09,125] INFO [orders|task-0] Stopping task (org.apache.kafka.connect.runtime.WorkerTask:300)
      """;

  @TempDir static Path dir;
  private static KubernetesClient client;
  private static KubeletStandIn kubelet;
  private static Path logFile;

  @BeforeAll
  static void serveTwoWorkers() throws IOException {
    client = KubeApiServer.shared().newClient();
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    logFile = Files.writeString(dir.resolve("connect.log"), LOG);
    Path otherLog = Files.writeString(dir.resolve("other.log"), "[2026-12-01 11:00:00,000] hi\n");
    kubelet = KubeletStandIn.start(ZoneOffset.UTC);
    kubelet.servePod(client, NAMESPACE, "connect-0", WORKER, "connect", logFile);
    kubelet.servePod(client, NAMESPACE, "connect-1", WORKER, "connect", logFile);
    kubelet.servePod(client, NAMESPACE, "sidecar", Map.of("app", "other"), "main", otherLog);
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void servesTheWholeFileWithoutOptions() {
    assertThat(worker("connect-0").getLog()).isEqualTo(LOG);
  }

  @Test
  void timestampsComeFromLog4jAndStackTracesTakeThePreviousLinesTime() {
    String log = worker("connect-0").usingTimestamps().getLog();

    assertThat(log.lines())
        .hasSize(7)
        .startsWith(
            "2026-12-01T10:00:00.000000000Z [2026-12-01 10:00:00,000] INFO Kafka Connect started"
                + " (org.apache.kafka.connect.runtime.Connect:57)")
        .contains(
            "2026-12-01T10:00:07.500000000Z org.apache.kafka.connect.errors.ConnectException:"
                + " table orders does not exist",
            "2026-12-01T10:00:07.500000000Z \tat"
                + " io.customconnectors.connector.TableReader.scan(TableReader.java:42)");
  }

  @Test
  void sinceTimeKeepsLinesWrittenAtOrAfterIt() {
    String log = worker("connect-0").usingTimestamps().sinceTime("2026-12-01T10:00:07Z").getLog();

    assertThat(log.lines())
        .hasSize(5)
        .allMatch(line -> line.startsWith("2026-12-01T10:00:0"))
        .first()
        .asString()
        .contains("ERROR [orders|task-0] Task threw");
    assertThat(log).contains("\tat org.apache.kafka.connect.runtime.AbstractWorkerSourceTask");
    assertThat(worker("connect-0").sinceTime("2026-12-01T10:00:10Z").getLog()).isEmpty();
  }

  @Test
  void tailLinesCountsStackTraceLinesAndSinceTimeFiltersTheTail() {
    assertThat(worker("connect-0").tailingLines(3).getLog().lines())
        .hasSize(3)
        .last()
        .asString()
        .contains("Stopping task");
    assertThat(worker("connect-0").sinceTime("2026-12-01T10:00:08Z").tailingLines(3).getLog())
        .startsWith("[2026-12-01 10:00:09,125] INFO")
        .hasLineCount(1);
  }

  @Test
  void limitBytesCutsTheOutputTimestampsIncluded() {
    assertThat(worker("connect-0").usingTimestamps().limitBytes(40).getLog())
        .isEqualTo("2026-12-01T10:00:00.000000000Z [2026-12-");
  }

  @Test
  void linesAppendedToTheFileAreServedOnTheNextRequest() throws IOException {
    Path growing = Files.writeString(dir.resolve("growing.log"), LOG);
    kubelet.servePod(client, NAMESPACE, "connect-growing", Map.of(), "connect", growing);
    Files.writeString(
        growing,
        "[2026-12-01 10:01:00,000] INFO appended\n[2026-12-01 10:01:01,000] INFO still writi",
        StandardOpenOption.APPEND);

    assertThat(
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withName("connect-growing")
                .inContainer("connect")
                .tailingLines(1)
                .getLog())
        .isEqualTo("[2026-12-01 10:01:00,000] INFO appended\n");
  }

  @Test
  void podsFoundByLabelSelectorAreRunningOnTheStandInsNode() {
    assertThat(client.pods().inNamespace(NAMESPACE).withLabels(WORKER).list().getItems())
        .extracting(pod -> pod.getMetadata().getName())
        .containsExactlyInAnyOrder("connect-0", "connect-1");

    Pod pod = client.pods().inNamespace(NAMESPACE).withName("connect-1").get();
    assertThat(pod.getSpec().getNodeName()).isEqualTo(kubelet.nodeName());
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
    assertThat(worker("connect-1").getLog()).isEqualTo(LOG);
    assertThat(
            client
                .nodes()
                .withName(kubelet.nodeName())
                .get()
                .getStatus()
                .getDaemonEndpoints()
                .getKubeletEndpoint()
                .getPort())
        .isEqualTo(kubelet.port());
  }

  @Test
  void theApiServerRelaysTheKubeletsErrors() {
    assertThatThrownBy(() -> worker("connect-0").terminated().getLog())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("previous terminated container \"connect\" in pod \"connect-0\"");
    assertThatThrownBy(
            () ->
                client
                    .pods()
                    .inNamespace(NAMESPACE)
                    .withName("connect-0")
                    .inContainer("nope")
                    .getLog())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("container nope is not valid for pod connect-0");
  }

  private static ContainerResource worker(String pod) {
    return client.pods().inNamespace(NAMESPACE).withName(pod).inContainer("connect");
  }
}
