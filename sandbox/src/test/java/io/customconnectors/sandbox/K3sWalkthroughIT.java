package io.customconnectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.Container.ExecResult;

import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.ccloud.ConfluentCloudEmulator;
import io.customconnectors.testkit.ccloud.OpenApiContract;
import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import com.marcnuri.helm.Helm;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The walkthrough on a real cluster: k3s in Docker, the operator and an in-cluster Kafka Connect
 * installed from the Helm chart with the images built here, and both sets of samples applied. The
 * in-cluster samples run on the chart's Connect workers against a one-node Kafka in k3s; the
 * Confluent Cloud samples go from the operator in k3s to the emulator on this machine. moto and the
 * emulator (with its Kafka and Connect worker) run on this machine; pods reach them through
 * Testcontainers' host port forwarding.
 *
 * <p>Skipped where there is no Docker engine, and where the two images are not in the local daemon;
 * {@link #HOW_TO_RUN} says how to get both.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class K3sWalkthroughIT {

  static final String HOW_TO_RUN =
      "On a machine with Docker: build the images with"
          + " ./mvnw -pl connector,operator -am package jib:dockerBuild -DskipTests"
          + " and run ./mvnw -pl sandbox verify -Dit.test=K3sWalkthroughIT";

  private static final int ROWS = 300;
  private static final String RELEASE = "cco";
  private static final String RELEASE_NAMESPACE = "cco-system";

  /** The operator's Deployment: the release's full name, which fullnameOverride shortens. */
  private static final String OPERATOR_DEPLOYMENT = RELEASE;

  private static final URI CONNECT_URL =
      URI.create("http://" + RELEASE + "-connect." + RELEASE_NAMESPACE + ".svc:8083");
  private static final String KAFKA_NAMESPACE = "kafka";
  private static final String KAFKA_BOOTSTRAP = "kafka.kafka.svc:9092";

  /** The internal topics of the image's worker.properties. */
  private static final List<String> CONNECT_TOPICS =
      List.of("_connect-configs", "_connect-offsets", "_connect-status");

  private static final Duration DOCKER_CHECK = Duration.ofSeconds(20);
  private static final Duration READY = Duration.ofMinutes(4);

  private static final String OPERATOR_IMAGE =
      System.getProperty(
          "k3s.operator.image",
          "ghcr.io/customconnectors/custom-connector-operator:0.1.0-SNAPSHOT");
  private static final String CONNECT_IMAGE =
      System.getProperty(
          "k3s.connect.image", "ghcr.io/customconnectors/kafka-connect-dynamodb:0.1.0-SNAPSHOT");

  private static OpenApiContract contract;
  private static ConfluentCloudEmulator cloud;
  private static EmulatorRelay relay;
  private static K3sCluster k3s;
  private static KubernetesClient client;

  @BeforeAll
  static void startTheWalkthroughOnK3s() throws IOException {
    abortWithoutDocker();
    for (String image : List.of(OPERATOR_IMAGE, CONNECT_IMAGE)) {
      if (!K3sCluster.hasLocalImage(image)) {
        Assumptions.abort(
            "Skipped: no image " + image + " in the local Docker daemon. " + HOW_TO_RUN);
      }
    }
    Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    Path connectorZip = Path.of(System.getProperty("connector.zip"));
    if (!Files.isRegularFile(connectorZip)) {
      throw new IllegalStateException(
          "No connector archive at " + connectorZip + " for the emulator's worker. " + HOW_TO_RUN);
    }

    // This machine's half: moto with the Supermart table, and the emulator on its own worker.
    try (DynamoDbClient dynamo = Sandbox.dynamo()) {
      SupermartTable.populate(
          dynamo, SupermartTable.TABLE, SupermartSales.generate(ROWS, SupermartSales.DEFAULT_SEED));
    }
    System.setProperty("testbed.connect.plugins", connectorZip.toString());
    cloud = startEmulator(root);
    relay = new EmulatorRelay(cloud.baseUrl());
    int motoPort = MotoServer.shared().endpoint().getPort();
    Testcontainers.exposeHostPorts(motoPort, relay.port());

    k3s = new K3sCluster().start();
    k3s.importLocalImage(OPERATOR_IMAGE);
    k3s.importLocalImage(CONNECT_IMAGE);
    String host = k3s.hostAddress();
    URI motoSeenByPods = URI.create("http://" + host + ":" + motoPort);
    URI emulatorSeenByPods = URI.create("http://" + host + ":" + relay.port());
    relay.seenByPodsAs(emulatorSeenByPods);
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(k3s.kubeConfigYaml()))
            .build();

    startKafka();
    installChart(root, emulatorSeenByPods);
    createNamespace(Sandbox.CLOUD_NAMESPACE);
    // No Connect metrics URL: the chart's JMX exporter is off (see installChart).
    for (HasMetadata resource :
        Sandbox.kafkaConnectSamples(root, CONNECT_URL, null, motoSeenByPods)) {
      apply(resource);
    }
    for (HasMetadata resource : Sandbox.confluentCloudSamples(root, emulatorSeenByPods)) {
      apply(resource);
    }
  }

  /**
   * Asks Testcontainers whether a Docker engine answers, within {@link #DOCKER_CHECK}: its probing
   * of sockets and environments must not hold the build where there is none.
   */
  private static void abortWithoutDocker() {
    ExecutorService probe =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "docker-probe");
              thread.setDaemon(true);
              return thread;
            });
    boolean available;
    try {
      available =
          CompletableFuture.supplyAsync(
                  () -> DockerClientFactory.instance().isDockerAvailable(), probe)
              .get(DOCKER_CHECK.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      available = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      available = false;
    } finally {
      probe.shutdownNow();
    }
    if (!available) {
      Assumptions.abort("Skipped: no Docker engine here. " + HOW_TO_RUN);
    }
  }

  /** As the sandbox starts it, on this machine's Kafka broker and Connect worker. */
  private static ConfluentCloudEmulator startEmulator(Path root) {
    ConfluentCloudTarget target = Sandbox.cloudTarget(root);
    ConfluentCloudEmulator emulator =
        ConfluentCloudEmulator.builder()
            .backedBy(ConnectWorker.shared(), KafkaBroker.shared())
            .cloudApiKey(Sandbox.CLOUD_KEY, Sandbox.CLOUD_SECRET)
            .kafkaCluster(
                target.getEnvironment(),
                target.getKafkaCluster(),
                "AWS",
                "us-east-2",
                Map.of(Sandbox.KAFKA_KEY, Sandbox.KAFKA_SECRET))
            .internet(".amazonaws.com", MotoServer.shared().endpoint())
            .provisioningDelay(Duration.ofSeconds(2))
            .start();
    // Every exchange checked against Confluent's documents, as in the sandbox.
    contract = new OpenApiContract();
    emulator.onExchange(contract);
    return emulator;
  }

  /**
   * One KRaft node, and the Connect workers' internal topics made ahead with one replica: the
   * workers would ask for three, which one broker cannot hold.
   */
  private static void startKafka() throws IOException {
    try (InputStream manifest = K3sWalkthroughIT.class.getResourceAsStream("/k3s/kafka.yaml")) {
      for (HasMetadata resource : client.load(manifest).items()) {
        apply(resource);
      }
    }
    client
        .apps()
        .deployments()
        .inNamespace(KAFKA_NAMESPACE)
        .withName("kafka")
        .waitUntilReady(READY.toSeconds(), TimeUnit.SECONDS);
    for (String topic : CONNECT_TOPICS) {
      kafkaTool(
          "kafka-topics.sh",
          "--create",
          "--if-not-exists",
          "--topic",
          topic,
          "--partitions",
          "1",
          "--replication-factor",
          "1",
          "--config",
          "cleanup.policy=compact");
    }
  }

  /**
   * The chart as a user installs it, with the images built here (already in k3s, never pulled), its
   * Kafka Connect on the in-cluster Kafka, and the emulator allowed as a Confluent Cloud endpoint.
   */
  private static void installChart(Path root, URI emulatorSeenByPods) throws IOException {
    Map<String, Object> values =
        Map.of(
            "fullnameOverride",
            RELEASE,
            "image",
            image(OPERATOR_IMAGE),
            "pollInterval",
            "2s",
            "allowedConfluentCloudEndpoints",
            List.of(emulatorSeenByPods.toString()),
            "allowedKafkaConnectUrls",
            List.of(CONNECT_URL.toString()),
            "kafkaConnect",
            Map.of(
                "enabled",
                true,
                "image",
                image(CONNECT_IMAGE),
                "bootstrapServers",
                KAFKA_BOOTSTRAP,
                // Not every Connect image carries the exporter's agent, and the walkthrough reads
                // no metrics.
                "jmxExporter",
                Map.of("enabled", false)));
    Path valuesFile = Files.createTempFile("k3s-walkthrough-values", ".yaml");
    Files.writeString(valuesFile, Serialization.asYaml(values));
    new Helm(root.resolve("helm/custom-connector-operator"))
        .install()
        .withName(RELEASE)
        .withNamespace(RELEASE_NAMESPACE)
        .createNamespace()
        .withKubeConfigContents(k3s.kubeConfigYaml())
        .withValuesFile(valuesFile)
        .waitReady()
        .withTimeout((int) READY.toSeconds())
        .call();
  }

  private static Map<String, Object> image(String image) {
    return Map.of(
        "repository",
        K3sCluster.repository(image),
        "tag",
        K3sCluster.tag(image),
        "pullPolicy",
        "Never");
  }

  private static void createNamespace(String name) {
    apply(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
  }

  private static void apply(HasMetadata resource) {
    client.resource(resource).fieldManager("k3s-walkthrough").forceConflicts().serverSideApply();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void theKafkaConnectSamplesRunOnTheChartsConnectWorkers() {
    awaitRunningAndReady(Sandbox.NAMESPACE, "(?s).*RUNNING\\s+1/1\\s+True\\s+Running.*");
    assertThat(k3s.kubectl("get", "connectorplugins", "-n", Sandbox.NAMESPACE))
        .contains("io.customconnectors.connect.dynamodb.DynamoDbSourceConnector");
    String topic = "supermarket-customer" + SupermartTable.TABLE;
    await(ROWS + " records in " + topic + " on the in-cluster Kafka")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> recordsIn(topic) >= ROWS);
  }

  @Test
  void theConfluentCloudSamplesRunFromTheOperatorInK3sOnTheEmulator() {
    awaitRunningAndReady(
        Sandbox.CLOUD_NAMESPACE, "(?s).*ccloud/lkc-\\S+\\s+RUNNING\\s+1/1\\s+True\\s+Running.*");
    assertThat(
            KafkaBroker.shared()
                .read(
                    Sandbox.CLOUD_TOPIC_PREFIX + SupermartTable.TABLE,
                    ROWS,
                    Duration.ofSeconds(90)))
        .hasSize(ROWS);
    assertThat(contract.violations()).as("OpenAPI contract violations").isEmpty();
  }

  /** Waits for the sample connector's kubectl row; on a timeout, fails with what k3s shows. */
  private static void awaitRunningAndReady(String namespace, String row) {
    try {
      await("dynamodb-supermarket in " + namespace + " RUNNING and Ready")
          .atMost(READY)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () ->
                  k3s.kubectl("get", "customconnector", "dynamodb-supermarket", "-n", namespace)
                      .matches(row));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + clusterState(), e);
    }
  }

  private static String clusterState() {
    StringBuilder state = new StringBuilder();
    for (String[] command :
        List.of(
            new String[] {"get", "connectorplugins,customconnectors,pods", "-A", "-o", "wide"},
            new String[] {"describe", "customconnectors", "-A"},
            new String[] {
              "logs", "-n", RELEASE_NAMESPACE, "deploy/" + OPERATOR_DEPLOYMENT, "--tail=200"
            },
            new String[] {
              "logs", "-n", RELEASE_NAMESPACE, "deploy/" + RELEASE + "-connect", "--tail=100"
            })) {
      ExecResult result = k3s.tryKubectl(command);
      state
          .append("$ kubectl ")
          .append(String.join(" ", command))
          .append('\n')
          .append(result.getStdout())
          .append(result.getStderr());
    }
    return state.toString();
  }

  /** The sum of the topic's end offsets: every record the connector wrote; 0 before it exists. */
  private static long recordsIn(String topic) {
    String offsets;
    try {
      offsets = kafkaTool("kafka-get-offsets.sh", "--topic", topic);
    } catch (IllegalStateException e) {
      return 0;
    }
    // One line per partition: topic:partition:end offset.
    return offsets
        .lines()
        .filter(line -> line.startsWith(topic + ":"))
        .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(':') + 1).strip()))
        .sum();
  }

  /** One of Kafka's command-line tools, run in the Kafka pod against its own listener. */
  private static String kafkaTool(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("exec", "-n", KAFKA_NAMESPACE, "deploy/kafka", "--"));
    command.addAll(List.of("/opt/kafka/bin/" + tool, "--bootstrap-server", "localhost:9092"));
    command.addAll(List.of(args));
    return k3s.kubectl(command.toArray(String[]::new));
  }
}
