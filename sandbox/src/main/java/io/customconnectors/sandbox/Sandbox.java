package io.customconnectors.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import io.customconnectors.operator.CustomConnectorOperator;
import io.customconnectors.operator.OperatorSettings;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.ccloud.ConfluentCloudEmulator;
import io.customconnectors.testkit.ccloud.OpenApiContract;
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
 * DynamoDB connector, the Confluent Cloud emulator on a worker of its own, the operator (shipping
 * the connector's ZIP as its bundled archive), and both sets of samples applied with local
 * substitutions: {@code config/samples/kafka-connect} in namespace {@code default} (the Connect
 * URL, the AWS keys, the DynamoDB endpoint) and {@code config/samples/confluent-cloud} in namespace
 * {@code confluent-cloud} (the emulator's URL and API keys, the AWS keys, and a topic prefix of its
 * own so the two connectors do not write to the same topic).
 */
public final class Sandbox {

  public static final String NAMESPACE = "default";
  public static final String CLOUD_NAMESPACE = "confluent-cloud";
  public static final String CLOUD_TOPIC_PREFIX = "ccloud-supermarket-customer";

  /** The operator's Helm release: its ServiceAccount lives in that namespace. */
  public static final String RELEASE = "custom-connector-operator";

  public static final String RELEASE_NAMESPACE = "custom-connector-operator";
  private static final String CHART = "helm/custom-connector-operator";
  private static final String SAMPLES = "config/samples/kafka-connect";
  private static final String CLOUD_SAMPLES = "config/samples/confluent-cloud";
  static final String CLOUD_KEY = "SANDBOXCLOUDKEY1";
  static final String CLOUD_SECRET = "sandbox-cloud-secret";
  static final String KAFKA_KEY = "SANDBOXKAFKAKEY1";
  static final String KAFKA_SECRET = "sandbox-kafka-secret";

  private static final OpenApiContract CONTRACT = new OpenApiContract();

  private final Path repositoryRoot;
  private final KubeApiServer server;
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final ChartServiceAccount operatorAccount;
  private final KubernetesClient operatorClient;
  private final CustomConnectorOperator operator;
  private final ConfluentCloudEmulator cloud;

  private Sandbox(
      Path repositoryRoot,
      KubeApiServer server,
      Path kubeconfig,
      KubernetesClient client,
      ChartServiceAccount operatorAccount,
      KubernetesClient operatorClient,
      CustomConnectorOperator operator,
      ConfluentCloudEmulator cloud) {
    this.repositoryRoot = repositoryRoot;
    this.server = server;
    this.kubeconfig = kubeconfig;
    this.client = client;
    this.operatorAccount = operatorAccount;
    this.operatorClient = operatorClient;
    this.operator = operator;
    this.cloud = cloud;
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

    ConfluentCloudTarget cloudTarget = cloudTarget(root);
    ConfluentCloudEmulator cloud =
        ConfluentCloudEmulator.builder()
            // A worker of its own: the emulator restarts it to load each uploaded plugin, which
            // would take the in-cluster samples' Connect away for half a minute.
            .backedBy(ConnectWorker.separate("ccloud"), KafkaBroker.shared())
            .cloudApiKey(CLOUD_KEY, CLOUD_SECRET)
            .kafkaCluster(
                cloudTarget.getEnvironment(),
                cloudTarget.getKafkaCluster(),
                "AWS",
                "us-east-2",
                Map.of(KAFKA_KEY, KAFKA_SECRET))
            .internet(".amazonaws.com", MotoServer.shared().endpoint())
            .provisioningDelay(Duration.ofSeconds(2))
            .start();
    // Every exchange of the walkthrough checked against Confluent's documents, as in the tests.
    cloud.onExchange(CONTRACT);

    KubernetesClient client = server.newClient();
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(CLOUD_NAMESPACE)
                .endMetadata()
                .build())
        .serverSideApply();
    // The operator runs as the chart's ServiceAccount, with the chart's RBAC for the two
    // namespaces it watches, as it would in a cluster: nothing it needs may be missing there.
    ChartServiceAccount account =
        ChartServiceAccount.install(
            client,
            root.resolve(CHART),
            RELEASE,
            RELEASE_NAMESPACE,
            "watchNamespaces: [" + NAMESPACE + ", " + CLOUD_NAMESPACE + "]\n");
    KubernetesClient operatorClient = account.newClient(client);
    CustomConnectorOperator operator =
        new CustomConnectorOperator(
                operatorClient,
                OperatorSettings.forTests(Duration.ofSeconds(2))
                    .withNamespaces(Set.of(NAMESPACE, CLOUD_NAMESPACE))
                    .withBundledArchives(bundled(connectorZip)))
            .start();
    Sandbox sandbox =
        new Sandbox(root, server, kubeconfig, client, account, operatorClient, operator, cloud);
    for (HasMetadata resource : sandbox.localSamples(worker)) {
      apply(client, resource, NAMESPACE);
    }
    for (HasMetadata resource : sandbox.localCloudSamples()) {
      apply(client, resource, CLOUD_NAMESPACE);
    }
    return sandbox;
  }

  private static void apply(KubernetesClient client, HasMetadata resource, String namespace) {
    client
        .resource(resource)
        .inNamespace(namespace)
        .fieldManager("sandbox")
        .forceConflicts()
        .serverSideApply();
  }

  /** The connector's ZIP where the operator image keeps its bundled archives. */
  private static Path bundled(Path connectorZip) {
    try {
      Path directory = Files.createTempDirectory("sandbox-bundled-archives");
      Files.copy(connectorZip, directory.resolve("dynamodb-source.zip"));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment and cluster the Confluent Cloud samples name: the emulator serves those. */
  static ConfluentCloudTarget cloudTarget(Path root) {
    try (Stream<Path> files = Files.list(root.resolve(CLOUD_SAMPLES))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String yaml = Files.readString(file);
        if (kind(yaml) == ConnectorPlugin.class) {
          return Serialization.unmarshal(yaml, ConnectorPlugin.class)
              .getSpec()
              .getTarget()
              .getConfluentCloud();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("No ConnectorPlugin in " + CLOUD_SAMPLES);
  }

  /**
   * The Confluent Cloud samples with the emulator's URL and keys, the walkthrough's AWS keys, and
   * their own topic prefix.
   */
  List<HasMetadata> localCloudSamples() {
    return confluentCloudSamples(repositoryRoot, cloud.baseUrl());
  }

  /**
   * The Confluent Cloud samples against the emulator at {@code emulatorUrl} as the operator reaches
   * it, with the sandbox's keys and topic prefix.
   */
  static List<HasMetadata> confluentCloudSamples(Path repositoryRoot, URI emulatorUrl) {
    List<HasMetadata> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(repositoryRoot.resolve(CLOUD_SAMPLES))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        String yaml = Files.readString(file);
        HasMetadata resource = Serialization.unmarshal(yaml, kind(yaml));
        resource.getMetadata().setNamespace(CLOUD_NAMESPACE);
        if (resource instanceof Secret secret) {
          secret.setStringData(
              switch (secret.getMetadata().getName()) {
                case "confluent-cloud-api-key" -> Map.of("key", CLOUD_KEY, "secret", CLOUD_SECRET);
                case "kafka-api-key" -> Map.of("key", KAFKA_KEY, "secret", KAFKA_SECRET);
                default -> Map.of("access-key-id", "ABCD", "secret-access-key", "123");
              });
        } else if (resource instanceof ConnectorPlugin plugin) {
          plugin.getSpec().getTarget().getConfluentCloud().setEndpoint(emulatorUrl.toString());
        } else if (resource instanceof CustomConnector connector) {
          connector.getSpec().getConfig().put("kafka.topic.prefix", CLOUD_TOPIC_PREFIX);
        }
        resources.add(resource);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resources;
  }

  /** The samples as they are in the repository, with the three local substitutions made. */
  List<HasMetadata> localSamples(ConnectWorker worker) {
    return kafkaConnectSamples(
        repositoryRoot, worker.restUrl(), worker.metricsUrl(), MotoServer.shared().endpoint());
  }

  /**
   * The Kafka Connect samples pointed at a Connect cluster and a DynamoDB endpoint as the operator
   * and the workers reach them; {@code metricsUrl} null where the workers export no metrics.
   */
  static List<HasMetadata> kafkaConnectSamples(
      Path repositoryRoot, URI connectUrl, URI metricsUrl, URI dynamoDbEndpoint) {
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
          plugin.getSpec().getTarget().getKafkaConnect().setUrl(connectUrl.toString());
          plugin
              .getSpec()
              .getTarget()
              .getKafkaConnect()
              .setMetricsUrl(metricsUrl == null ? null : metricsUrl.toString());
        } else if (resource instanceof CustomConnector connector) {
          connector
              .getSpec()
              .getConfig()
              .put("dynamodb.service.endpoint", dynamoDbEndpoint.toString());
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

  static DynamoDbClient dynamo() {
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

  /**
   * The samples exactly as the sandbox applied them, one file each, for {@code kubectl diff}: what
   * a GitOps tool compares with the cluster.
   */
  public Path appliedSamples() throws IOException {
    Path directory = Files.createTempDirectory("sandbox-applied-samples");
    List<HasMetadata> applied = new ArrayList<>(localSamples(ConnectWorker.shared()));
    applied.addAll(localCloudSamples());
    for (int i = 0; i < applied.size(); i++) {
      HasMetadata resource = applied.get(i);
      if (resource.getMetadata().getNamespace() == null) {
        throw new IllegalStateException("sample without a namespace: " + resource);
      }
      Files.writeString(
          directory.resolve(String.format("%02d-%s.yaml", i, resource.getMetadata().getName())),
          Serialization.asYaml(resource));
    }
    return directory;
  }

  /** Where the emulator's exchanges so far broke Confluent's documents; empty when none did. */
  public List<String> contractViolations() {
    return CONTRACT.violations();
  }

  /** A cluster-admin client, as the user's kubeconfig is. */
  public KubernetesClient client() {
    return client;
  }

  /** The client the operator runs with: the chart's ServiceAccount. */
  public KubernetesClient operatorClient() {
    return operatorClient;
  }

  public ChartServiceAccount operatorAccount() {
    return operatorAccount;
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
        repositoryRoot.resolve(SAMPLES)
            + " are applied in namespace "
            + NAMESPACE
            + " (Connect URL, AWS keys",
        "and DynamoDB endpoint replaced by the local ones), and those of",
        repositoryRoot.resolve(CLOUD_SAMPLES)
            + " in namespace "
            + CLOUD_NAMESPACE
            + ", against the",
        "Confluent Cloud emulator at "
            + cloud.baseUrl()
            + " ("
            + CLOUD_KEY
            + " / "
            + CLOUD_SECRET
            + ").",
        "The operator runs as the Helm chart's ServiceAccount " + operatorAccount.username() + ",",
        "with the chart's RBAC for those two namespaces only.",
        "",
        "In another shell:",
        "  export KUBECONFIG=" + kubeconfig,
        "  alias kubectl=" + kubectl,
        "  kubectl get connectorplugins,customconnectors -A",
        "  kubectl describe customconnector dynamodb-supermarket -n " + CLOUD_NAMESPACE,
        "  curl -u "
            + CLOUD_KEY
            + ":"
            + CLOUD_SECRET
            + " "
            + cloud.baseUrl()
            + "/connect/v1/environments/"
            + cloudTarget(repositoryRoot).getEnvironment()
            + "/clusters/"
            + cloudTarget(repositoryRoot).getKafkaCluster()
            + "/connectors?expand=status",
        "  kubectl patch customconnector dynamodb-supermarket --type merge -p '{\"spec\":{\"state\":\"Paused\"}}'",
        "  kubectl auth can-i --list -n " + NAMESPACE + " --as=" + operatorAccount.username(),
        "",
        System.getProperty("sandbox.log") == null
            ? "The operator logs to this console."
            : "The operator's log (and the test bed's): tail -f "
                + System.getProperty("sandbox.log"),
        "Press Ctrl-C to stop.",
        "");
  }

  public void close() {
    operator.close();
    operatorClient.close();
    client.close();
    cloud.close();
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
      table = sandbox.kubectl("get", "connectorplugins,customconnectors", "-A").stdout();
      if (table.split("RUNNING\\s+\\d+/\\d+\\s+True\\s+Running", -1).length > 2) {
        break;
      }
      Thread.sleep(1000);
    }
    System.out.println(table);
    System.out.println(sandbox.instructions());
    new CountDownLatch(1).await();
  }
}
