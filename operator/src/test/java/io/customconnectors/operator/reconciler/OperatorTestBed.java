package io.customconnectors.operator.reconciler;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.customconnectors.operator.CustomConnectorOperator;
import io.customconnectors.operator.OperatorSettings;
import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.PluginRef;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.kafka.ConnectWorker;
import io.customconnectors.testkit.kafka.KafkaBroker;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator's integration test bed, once per JVM: the real API server with our CRDs, the real
 * Connect worker with the packaged DynamoDB connector, moto holding the walkthrough's Supermart
 * table, and the operator itself, polling every second.
 */
final class OperatorTestBed {

  static final String CONNECTOR_CLASS =
      "io.customconnectors.connect.dynamodb.DynamoDbSourceConnector";
  static final String REGION = "us-east-2";
  static final int ROWS = 100;

  /** The AWS secret the tests' Secrets hold; no status, event or log line may contain it. */
  static final String AWS_SECRET = "wJalrXUtnFEMI-operator-test-SECRET-7Yq";

  private static KubernetesClient client;
  private static CustomConnectorOperator operator;
  private static final int HEALTH_PORT =
      io.customconnectors.testkit.support.Ports.freeLoopbackPort();

  private OperatorTestBed() {}

  static synchronized KubernetesClient start() {
    infrastructure();
    if (operator == null) {
      operator =
          new CustomConnectorOperator(
                  client,
                  OperatorSettings.forTests(Duration.ofSeconds(1))
                      .withBundledArchives(bundledArchives())
                      .withHealthPort(HEALTH_PORT))
              .start();
    }
    return client;
  }

  /**
   * Stops the shared operator and starts a new one over the same API server and targets, as a pod
   * restart would: nothing in memory survives, only what the resources' status holds.
   */
  static synchronized void restartOperator() {
    operator.close();
    operator =
        new CustomConnectorOperator(
                client,
                OperatorSettings.forTests(Duration.ofSeconds(1))
                    .withBundledArchives(bundledArchives())
                    .withHealthPort(HEALTH_PORT))
            .start();
  }

  /** What the operator's {@code /metrics} serves now. */
  static String scrapeOperator() {
    try {
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + HEALTH_PORT + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The packaged DynamoDB connector's ZIP where the operator image keeps bundled archives. */
  static java.nio.file.Path bundledArchives() {
    try {
      java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("bundled-archives");
      String zip = System.getProperty("connector.zip");
      if (zip != null && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(zip))) {
        java.nio.file.Files.copy(
            java.nio.file.Path.of(zip), directory.resolve("dynamodb-source.zip"));
      }
      return directory;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Everything but the operator (the benchmark runs it in a process of its own). */
  static synchronized KubernetesClient infrastructure() {
    if (client == null) {
      client = ApiServerWithCrds.client();
      MotoServer.shared().reset();
      try (DynamoDbClient dynamo = dynamo()) {
        SupermartTable.populate(
            dynamo,
            SupermartTable.TABLE,
            SupermartSales.generate(ROWS, SupermartSales.DEFAULT_SEED));
      }
      ConnectWorker.shared();
    }
    return client;
  }

  static CustomConnectorOperator operator() {
    return operator;
  }

  static ConnectWorker worker() {
    return ConnectWorker.shared();
  }

  static KafkaBroker kafka() {
    return KafkaBroker.shared();
  }

  static DynamoDbClient dynamo() {
    return DynamoDbClient.builder()
        .endpointOverride(MotoServer.shared().endpoint())
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ABCD", AWS_SECRET)))
        .build();
  }

  static Secret awsSecret(String namespace) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("dynamodb-aws-credentials")
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("access-key-id", "ABCD", "secret-access-key", AWS_SECRET))
        .build();
  }

  static ConnectorPlugin plugin(String namespace, String name, String connectorClass) {
    return plugin(namespace, name, connectorClass, worker().restUrl().toString());
  }

  /** A plugin on the Kafka Connect at {@code url}. */
  static ConnectorPlugin plugin(String namespace, String name, String connectorClass, String url) {
    ConnectorPlugin plugin = new ConnectorPlugin();
    plugin.getMetadata().setName(name);
    plugin.getMetadata().setNamespace(namespace);
    ConnectorPluginSpec spec = new ConnectorPluginSpec();
    spec.setDisplayName("DynamoDB Custom connector");
    spec.setDescription("DynamoDB Custom connector for dev");
    spec.setConnectorClass(connectorClass);
    spec.setConnectorType(ConnectorType.SOURCE);
    Target target = new Target();
    KafkaConnectTarget connect = new KafkaConnectTarget();
    connect.setUrl(url);
    if (url.equals(worker().restUrl().toString())) {
      connect.setMetricsUrl(worker().metricsUrl().toString());
    }
    target.setKafkaConnect(connect);
    spec.setTarget(target);
    plugin.setSpec(spec);
    return plugin;
  }

  /** The walkthrough's connector, pointed at moto, its AWS keys from the namespace's Secret. */
  static CustomConnector seedConnector(String namespace, String name, String connectorName) {
    CustomConnector connector = new CustomConnector();
    connector.getMetadata().setName(name);
    connector.getMetadata().setNamespace(namespace);
    CustomConnectorSpec spec = new CustomConnectorSpec();
    spec.setConnectorName(connectorName);
    PluginRef ref = new PluginRef();
    ref.setName("dynamodb-source");
    spec.setPluginRef(ref);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("aws.region", REGION);
    config.put("kafka.topic.prefix", namespace + "-");
    config.put("dynamodb.service.endpoint", MotoServer.shared().endpoint().toString());
    spec.setConfig(config);
    spec.setConfigFrom(
        List.of(
            fromSecret("aws.access.key.id", "access-key-id"),
            fromSecret("aws.secret.key", "secret-access-key")));
    spec.setTasksMax(1);
    connector.setSpec(spec);
    return connector;
  }

  private static ConfigFromSource fromSecret(String configKey, String secretKey) {
    ConfigFromSource source = new ConfigFromSource();
    source.setConfigKey(configKey);
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("dynamodb-aws-credentials");
    ref.setKey(secretKey);
    source.setSecretKeyRef(ref);
    return source;
  }

  static String topic(String namespace) {
    return namespace + "-" + SupermartTable.TABLE;
  }

  static CustomConnector awaitConnector(
      String namespace, String name, String why, Predicate<CustomConnector> until) {
    return awaitConnector(namespace, name, why, Duration.ofSeconds(90), until);
  }

  static CustomConnector awaitConnector(
      String namespace,
      String name,
      String why,
      Duration atMost,
      Predicate<CustomConnector> until) {
    CustomConnector[] last = new CustomConnector[1];
    await(name + ": " + why)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] =
                  client
                      .resources(CustomConnector.class)
                      .inNamespace(namespace)
                      .withName(name)
                      .get();
              return last[0] != null && until.test(last[0]);
            });
    return last[0];
  }

  static Predicate<CustomConnector> condition(String type, boolean status, String reason) {
    return connector ->
        connector.getStatus() != null
            && connector.getStatus().getConditions() != null
            && connector.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        c.getType().equals(type)
                            && c.getStatus().name().equals(status ? "TRUE" : "FALSE")
                            && (reason == null || reason.equals(c.getReason())));
  }

  static Predicate<CustomConnector> ready() {
    return connector ->
        connector.getStatus() != null
            && Conditions.isTrue(connector.getStatus().getConditions(), "Ready")
            && connector.getStatus().getObservedGeneration() != null
            && connector
                .getStatus()
                .getObservedGeneration()
                .equals(connector.getMetadata().getGeneration());
  }
}
