package io.customconnectors.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.customconnectors.operator.CustomConnectorOperator;
import io.customconnectors.operator.OperatorSettings;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;
import io.customconnectors.testkit.kube.KubeApiServer;
import io.customconnectors.testkit.kube.KubeApiServerBinaries;
import io.customconnectors.testkit.kube.Kubectl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local sandbox, the walkthrough on one machine: a real kube-apiserver + etcd with the CRDs,
 * moto holding the Supermart table, a Kafka broker and a Connect worker running the packaged
 * DynamoDB connector, the operator, and the in-cluster samples of {@code
 * config/samples/kafka-connect} applied with three local substitutions (the Connect URL, the AWS
 * keys, and the DynamoDB endpoint, all pointing at the test bed).
 */
public final class Sandbox {

  public static final String NAMESPACE = "default";
  private static final String SAMPLES = "config/samples/kafka-connect";

  private final Path repositoryRoot;
  private final KubeApiServer server;
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final CustomConnectorOperator operator;

  private Sandbox(
      Path repositoryRoot,
      KubeApiServer server,
      Path kubeconfig,
      KubernetesClient client,
      CustomConnectorOperator operator) {
    this.repositoryRoot = repositoryRoot;
    this.server = server;
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.operator = operator;
  }

  /**
   * Starts everything, applies CRDs and samples, and writes {@code sandbox/target/kubeconfig}.
   *
   * @param connectorZip the packaged DynamoDB connector the Connect worker loads
   * @param rows how many Supermart rows to load (the walkthrough's dataset has 9,994)
   */
  public static Sandbox start(Path repositoryRoot, Path connectorZip, int rows) {
    Path root = repositoryRoot.toAbsolutePath().normalize();
    if (!Files.isRegularFile(connectorZip)) {
      throw new IllegalStateException(
          "No connector archive at "
              + connectorZip
              + ": build it with ./mvnw -B -q install -DskipTests");
    }
    KubeApiServer server = KubeApiServer.shared();
    Path kubeconfig = root.resolve("sandbox/target/kubeconfig");
    try {
      Files.createDirectories(kubeconfig.getParent());
      Files.writeString(kubeconfig, server.kubeconfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kubectl(server, "apply", "--server-side", "-f", root.resolve("crds").toString());
    kubectl(server, "wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");

    try (DynamoDbClient dynamo = dynamo()) {
      SupermartTable.populate(
          dynamo, SupermartTable.TABLE, SupermartSales.generate(rows, SupermartSales.DEFAULT_SEED));
    }
    System.setProperty("testbed.connect.plugins", connectorZip.toString());
    ConnectWorker worker = ConnectWorker.shared();

    KubernetesClient client = server.newClient();
    CustomConnectorOperator operator =
        new CustomConnectorOperator(client, OperatorSettings.forTests(Duration.ofSeconds(2)))
            .start();
    Sandbox sandbox = new Sandbox(root, server, kubeconfig, client, operator);
    for (HasMetadata resource : sandbox.localSamples(worker)) {
      client
          .resource(resource)
          .inNamespace(NAMESPACE)
          .fieldManager("sandbox")
          .forceConflicts()
          .serverSideApply();
    }
    return sandbox;
  }

  /** The samples as they are in the repository, with the three local substitutions made. */
  List<HasMetadata> localSamples(ConnectWorker worker) {
    List<HasMetadata> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(repositoryRoot.resolve(SAMPLES))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String yaml = Files.readString(file);
        HasMetadata resource = Serialization.unmarshal(yaml, kind(yaml));
        resource.getMetadata().setNamespace(NAMESPACE);
        if (resource instanceof Secret secret) {
          // moto accepts any key; these are the walkthrough's own.
          secret.setStringData(Map.of("access-key-id", "ABCD", "secret-access-key", "123"));
        } else if (resource instanceof ConnectorPlugin plugin) {
          plugin.getSpec().getTarget().getKafkaConnect().setUrl(worker.restUrl().toString());
        } else if (resource instanceof CustomConnector connector) {
          connector
              .getSpec()
              .getConfig()
              .put("dynamodb.service.endpoint", MotoServer.shared().endpoint().toString());
        }
        resources.add(resource);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resources;
  }

  private static Class<? extends HasMetadata> kind(String yaml) {
    String kind =
        Serialization.unmarshal(
                yaml, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)
            .getKind();
    return switch (kind) {
      case "Secret" -> Secret.class;
      case "ConnectorPlugin" -> ConnectorPlugin.class;
      case "CustomConnector" -> CustomConnector.class;
      default -> throw new IllegalStateException("Unexpected kind in the samples: " + kind);
    };
  }

  private static DynamoDbClient dynamo() {
    return DynamoDbClient.builder()
        .endpointOverride(MotoServer.shared().endpoint())
        .region(Region.of("us-east-2"))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ABCD", "123")))
        .build();
  }

  public Kubectl.Result kubectl(String... args) {
    return kubectl(server, args);
  }

  private static Kubectl.Result kubectl(KubeApiServer server, String... args) {
    Kubectl.Result result = server.kubectl().run(args);
    if (!result.succeeded()) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + result);
    }
    return result;
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  String instructions() {
    Path kubectl = KubeApiServerBinaries.kubectl();
    return String.join(
        "\n",
        "",
        "Sandbox ready: kube-apiserver "
            + KubeApiServerBinaries.kubernetesVersion()
            + ", the operator,",
        "a Kafka broker at "
            + KafkaBroker.shared().bootstrapServers()
            + ", a Connect worker at "
            + ConnectWorker.shared().restUrl()
            + " running the DynamoDB connector,",
        "and moto at "
            + MotoServer.shared().endpoint()
            + " with the Supermart table; the samples of",
        repositoryRoot.resolve(SAMPLES) + " are applied (Connect URL, AWS keys and DynamoDB",
        "endpoint replaced by the local ones).",
        "",
        "In another shell:",
        "  export KUBECONFIG=" + kubeconfig,
        "  alias kubectl=" + kubectl,
        "  kubectl get connectorplugins,customconnectors",
        "  kubectl describe customconnector dynamodb-supermarket",
        "  kubectl patch customconnector dynamodb-supermarket --type merge -p '{\"spec\":{\"state\":\"Paused\"}}'",
        "",
        "Press Ctrl-C to stop.",
        "");
  }

  public void close() {
    operator.close();
    client.close();
  }

  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Path zip =
        Path.of(
            args.length > 1
                ? args[1]
                : "connector/target/customconnectors-kafka-connect-dynamodb-0.1.0-SNAPSHOT.zip");
    int rows =
        Integer.parseInt(
            System.getProperty("sandbox.rows", Integer.toString(SupermartSales.DEFAULT_ROWS)));
    Sandbox sandbox = start(root, zip, rows);
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-stop"));
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String table = "";
    while (System.nanoTime() < deadline) {
      table = sandbox.kubectl("get", "connectorplugins,customconnectors", "-n", NAMESPACE).stdout();
      if (table.matches("(?s).*RUNNING\\s+\\d+/\\d+\\s+True\\s+Running.*")) {
        break;
      }
      Thread.sleep(1000);
    }
    System.out.println(table);
    System.out.println(sandbox.instructions());
    new CountDownLatch(1).await();
  }
}
