package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.export.ExportMain;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.ccloud.ConfluentCloudEmulator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The exporter on both targets: connectors made directly on the real worker and on the Confluent
 * Cloud emulator (as someone would with curl or the console) are exported, the Secret templates are
 * filled, the manifests applied to the real API server with the operator running, and the
 * connectors become Ready without a single write to their backend. No secret reaches a file.
 */
class ExportIT {

  private static final String AWS_SECRET = OperatorTestBed.AWS_SECRET;
  private static final String ENVIRONMENT = "env-export1";
  private static final String CLUSTER = "lkc-export1";
  private static final String CLOUD_KEY = "EXPORTCLOUDKEY01";
  private static final String CLOUD_SECRET = "export-cloud-SECRET-5150";
  private static final String KAFKA_KEY = "EXPORTKAFKAKEY01";
  private static final String KAFKA_SECRET = "export-kafka-SECRET-6160";
  private static final String REGION = OperatorTestBed.REGION;

  /** What the Secret templates' keys stand for, as the team that made the connectors knows. */
  private static final Map<String, String> KNOWN_VALUES =
      Map.of(
          "aws.access.key.id",
          "ABCD",
          "aws.secret.key",
          AWS_SECRET,
          "key",
          KAFKA_KEY,
          "secret",
          KAFKA_SECRET);

  private static KubernetesClient client;
  private static ConfluentCloudEmulator cloud;
  private static final List<ConfluentCloudEmulator.Exchange> exchanges =
      new CopyOnWriteArrayList<>();

  @TempDir Path out;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeAll
  static void startTheOperatorAndTheEmulator() {
    client = OperatorTestBed.start();
    cloud =
        ConfluentCloudEmulator.builder()
            .backedBy(OperatorTestBed.worker(), OperatorTestBed.kafka())
            .cloudApiKey(CLOUD_KEY, CLOUD_SECRET)
            .kafkaCluster(ENVIRONMENT, CLUSTER, "AWS", REGION, Map.of(KAFKA_KEY, KAFKA_SECRET))
            .internet(".amazonaws.com", MotoServer.shared().endpoint())
            .provisioningDelay(Duration.ofSeconds(1))
            .versionCheckDelay(Duration.ofMillis(500))
            .start();
    cloud.onExchange(exchanges::add);
  }

  @AfterAll
  static void stopTheEmulator() {
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void connectorsMadeOnKafkaConnectAreAdoptedFromTheExportWithoutAWrite() throws Exception {
    String namespace = ApiServerWithCrds.newNamespace("export");
    String running = "Orders export " + namespace;
    String paused = "Paused export " + namespace;
    CountingProxy connect = new CountingProxy(OperatorTestBed.worker().restUrl());
    try {
      OperatorTestBed.worker().putConnector(running, dynamoConfig(namespace + "-a-"));
      OperatorTestBed.worker().putConnector(paused, dynamoConfig(namespace + "-b-"));
      OperatorTestBed.worker().send("PUT", "/connectors/" + encoded(paused) + "/pause", null, 202);
      awaitWorkerState(running, "RUNNING");
      awaitWorkerState(paused, "PAUSED");

      int code =
          export(
              Map.of(),
              "--kafka-connect",
              connect.uri().toString(),
              "--namespace",
              namespace,
              "--out",
              out.toString(),
              "--connector",
              running,
              "--connector",
              paused);
      assertThat(code).as(printed()).isZero();
      assertNoSecretWritten();

      connect.forget();
      List<HasMetadata> applied = applyFilled(namespace);
      assertThat(applied).filteredOn(CustomConnector.class::isInstance).hasSize(2);
      CustomConnector first = awaitReady(namespace, running);
      CustomConnector second = awaitReady(namespace, paused);
      assertThat(first.getStatus().getState()).isEqualTo("RUNNING");
      assertThat(second.getStatus().getState()).isEqualTo("PAUSED");
      awaitPolls(() -> connect.requests().stream().filter(r -> r.startsWith("GET /connectors?")));

      assertThat(connect.writes()).as("requests that write to the worker").isEmpty();
      assertThat(
              OperatorTestBed.worker()
                  .send("GET", "/connectors/" + encoded(running) + "/config", null, 200)
                  .has(ConfigResolver.OWNER_KEY))
          .as("the config was not written, not even for the owner mark")
          .isFalse();
    } finally {
      deleteResources(namespace);
      connect.close();
      OperatorTestBed.worker().deleteConnector(running);
      OperatorTestBed.worker().deleteConnector(paused);
    }
  }

  @Test
  void aCustomConnectorAndItsPluginMadeOnConfluentCloudAreAdoptedWithoutAWrite() throws Exception {
    String namespace = ApiServerWithCrds.newNamespace("export-cloud");
    String name = "DynamoDB export " + namespace;
    ConfluentCloudConnection connection =
        new ConfluentCloudConnection(
            cloud.baseUrl().toString(), CLOUD_KEY, CLOUD_SECRET, ENVIRONMENT, CLUSTER, "AWS");
    CustomPluginsApi plugins =
        new CustomPluginsApi(connection.forEnvironment(), Retrying.standard());
    ConfluentCloudBackend connectors = new ConfluentCloudBackend(connection, Retrying.standard());
    // As made in the console: a plugin, a version of the packaged connector, a connector on it.
    CustomPlugins.Plugin plugin = plugins.createPlugin("DynamoDB " + namespace, "Made by hand");
    plugins.createVersion(
        plugin.id(),
        new CustomPlugins.VersionSpec(
            "1.0.0", OperatorTestBed.CONNECTOR_CLASS, "SOURCE", List.of("aws.secret.key"), null),
        Path.of(System.getProperty("connector.zip")));
    await("version 1.0.0 READY")
        .atMost(Duration.ofSeconds(60))
        .until(() -> plugins.versions(plugin.id()).get(0).phase().equals("READY"));
    Map<String, String> config = dynamoConfig(namespace + "-");
    config.remove("dynamodb.service.endpoint"); // the emulator routes AWS through its egress gates
    config.put("name", name);
    config.put("confluent.connector.type", "CUSTOM");
    config.put("confluent.custom.plugin.id", plugin.id());
    config.put("confluent.custom.plugin.version", "1.0.0");
    config.put(
        "confluent.custom.connection.endpoints",
        String.join(
            ";",
            "dynamodb." + REGION + ".amazonaws.com:443",
            "streams.dynamodb." + REGION + ".amazonaws.com:443",
            "tagging." + REGION + ".amazonaws.com:443"));
    config.put("kafka.auth.mode", "KAFKA_API_KEY");
    config.put("kafka.api.key", KAFKA_KEY);
    config.put("kafka.api.secret", KAFKA_SECRET);
    connectors.putConfig(name, config);
    await(name + " RUNNING on the emulator")
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                connectors.listConnectors().containsKey(name)
                    && connectors.listConnectors().get(name).state().equals("RUNNING"));
    client.resource(cloudApiKey(namespace)).create();
    try {
      int code =
          export(
              Map.of(
                  "CONFLUENT_CLOUD_API_KEY", CLOUD_KEY, "CONFLUENT_CLOUD_API_SECRET", CLOUD_SECRET),
              "--confluent-cloud",
              "--environment",
              ENVIRONMENT,
              "--cluster",
              CLUSTER,
              "--endpoint",
              cloud.baseUrl().toString(),
              "--namespace",
              namespace,
              "--out",
              out.toString(),
              "--connector",
              name);
      assertThat(code).as(printed()).isZero();
      assertNoSecretWritten();

      exchanges.clear();
      List<HasMetadata> applied = applyFilled(namespace);
      assertThat(applied).filteredOn(ConnectorPlugin.class::isInstance).hasSize(1);
      CustomConnector ready = awaitReady(namespace, name);
      assertThat(ready.getStatus().getConnectorId()).startsWith("clcc-");
      ConnectorPlugin adopted =
          client.resources(ConnectorPlugin.class).inNamespace(namespace).list().getItems().get(0);
      assertThat(adopted.getStatus().getPluginId()).isEqualTo(plugin.id());
      assertThat(adopted.getStatus().getPluginVersion()).isEqualTo("1.0.0");
      awaitPolls(
          () ->
              exchanges.stream()
                  .filter(e -> e.method().equals("GET") && e.path().endsWith("/connectors")));

      assertThat(exchanges)
          .as("requests that write to Confluent Cloud (connector or plugin)")
          // A Metrics API query is a POST that reads.
          .filteredOn(e -> !e.method().equals("GET") && !e.path().startsWith("/v2/metrics/"))
          .extracting(e -> e.method() + " " + e.path())
          .isEmpty();
    } finally {
      deleteResources(namespace);
    }
  }

  private int export(Map<String, String> env, String... args) {
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    return ExportMain.run(args, env, stream, stream);
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** Neither a file nor the command's output holds a secret the connectors run with. */
  private void assertNoSecretWritten() throws IOException {
    List<String> texts = new ArrayList<>(List.of(printed()));
    try (Stream<Path> files = Files.list(out)) {
      for (Path file : files.toList()) {
        texts.add(Files.readString(file));
      }
    }
    assertThat(texts).hasSizeGreaterThan(1);
    assertThat(texts)
        .noneMatch(
            text ->
                text.contains(AWS_SECRET)
                    || text.contains(KAFKA_SECRET)
                    || text.contains(CLOUD_SECRET));
  }

  /**
   * Every document of every exported file, the Secret templates filled in with the values the team
   * knows, created on the API server.
   */
  private List<HasMetadata> applyFilled(String namespace) throws IOException {
    List<HasMetadata> applied = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(out)) {
      files = list.sorted().toList();
    }
    for (Path file : files) {
      // What a user does with a Secret template: uncomment each key to fill it in.
      String uncommented =
          Files.readString(file).replaceAll("(?m)^  # (\"[-._a-zA-Z0-9]+\": \"\")$", "  $1");
      for (String document : uncommented.split("(?m)^---$")) {
        HasMetadata resource = parse(document);
        if (resource == null) {
          continue;
        }
        if (resource instanceof Secret secret) {
          Map<String, String> filled = new LinkedHashMap<>();
          secret
              .getStringData()
              .forEach(
                  (key, empty) -> {
                    assertThat(empty).as("template value of " + key).isEmpty();
                    assertThat(KNOWN_VALUES).as("a value for " + key).containsKey(key);
                    filled.put(key, KNOWN_VALUES.get(key));
                  });
          secret.setStringData(filled);
        }
        assertThat(resource.getMetadata().getNamespace()).isEqualTo(namespace);
        applied.add(client.resource(resource).create());
      }
    }
    return applied;
  }

  private static HasMetadata parse(String document) {
    String kind = document.lines().filter(l -> l.startsWith("kind: ")).findFirst().orElse("");
    return switch (kind) {
      case "kind: Secret" -> Serialization.unmarshal(document, Secret.class);
      case "kind: CustomConnector" -> Serialization.unmarshal(document, CustomConnector.class);
      case "kind: ConnectorPlugin" -> Serialization.unmarshal(document, ConnectorPlugin.class);
      default -> null;
    };
  }

  private static CustomConnector awaitReady(String namespace, String connectorName) {
    String name =
        client.resources(CustomConnector.class).inNamespace(namespace).list().getItems().stream()
            .filter(
                c ->
                    connectorName.equals(
                        c.getSpec().getConnectorName() == null
                            ? c.getMetadata().getName()
                            : c.getSpec().getConnectorName()))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    return OperatorTestBed.awaitConnector(
        namespace, name, "Ready", Duration.ofSeconds(120), OperatorTestBed.ready());
  }

  /** Three more lists of the cluster after Ready: writes that were coming would have come. */
  private static void awaitPolls(java.util.function.Supplier<Stream<?>> lists) {
    long seen = lists.get().count();
    await("three more polls of the cluster")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> lists.get().count() >= seen + 3);
  }

  private static void awaitWorkerState(String name, String state) {
    await(name + " " + state)
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                state.equals(
                    OperatorTestBed.worker()
                        .connectorStatus(name)
                        .path("connector")
                        .path("state")
                        .asText()));
  }

  private static Map<String, String> dynamoConfig(String topicPrefix) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", OperatorTestBed.CONNECTOR_CLASS);
    config.put("tasks.max", "1");
    config.put("aws.region", REGION);
    config.put("aws.access.key.id", "ABCD");
    config.put("aws.secret.key", AWS_SECRET);
    config.put("kafka.topic.prefix", topicPrefix);
    config.put("dynamodb.service.endpoint", MotoServer.shared().endpoint().toString());
    return config;
  }

  private static Secret cloudApiKey(String namespace) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("confluent-cloud-api-key")
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("key", CLOUD_KEY, "secret", CLOUD_SECRET))
        .build();
  }

  private static void deleteResources(String namespace) {
    client.resources(CustomConnector.class).inNamespace(namespace).delete();
    client.resources(ConnectorPlugin.class).inNamespace(namespace).delete();
    await("resources of " + namespace + " gone")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .resources(CustomConnector.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(ConnectorPlugin.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
  }

  private static String encoded(String name) {
    return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
