package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.CloudProvider;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorMetrics;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.LogSettings;
import io.customconnectors.operator.api.v1alpha1.Networking;
import io.customconnectors.operator.api.v1alpha1.Observability;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.RecentError;
import io.customconnectors.operator.api.v1alpha1.RestartPolicy;
import io.customconnectors.operator.api.v1alpha1.RestartPolicyType;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.config.CloudConnectorConfig;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.testkit.ccloud.ConfluentCloudEmulator;
import io.customconnectors.testkit.ccloud.ConfluentCloudTestClient;
import io.customconnectors.testkit.ccloud.OpenApiContract;
import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.support.ChildJvm;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The walkthrough on Confluent Cloud, driven by the operator: ConnectorPlugin and CustomConnector
 * resources on the real API server, the Confluent Cloud emulator running the uploaded DynamoDB
 * connector on the real worker against moto. Every request the operator makes is checked against
 * Confluent's OpenAPI documents.
 */
class ConfluentCloudReconcilerIT {

  private static final String ENVIRONMENT = "env-opcloud1";
  private static final String CLUSTER = "lkc-opcloud1";
  private static final String CLOUD_KEY = "OPCLOUDAPIKEY001";
  private static final String CLOUD_SECRET = "op-cloud-SECRET-4711";
  private static final String KAFKA_KEY = "OPKAFKAAPIKEY001";
  private static final String KAFKA_SECRET = "op-kafka-SECRET-0815";
  private static final String CLOUD_KEY_ROTATED = "OPCLOUDAPIKEY002";
  private static final String CLOUD_SECRET_ROTATED = "op-cloud-SECRET-4712";
  private static final String KAFKA_KEY_ROTATED = "OPKAFKAAPIKEY002";
  private static final String KAFKA_SECRET_ROTATED = "op-kafka-SECRET-0816";
  private static final String REGION = OperatorTestBed.REGION;

  private static KubernetesClient client;
  private static ConfluentCloudEmulator cloud;
  private static ConfluentCloudTestClient api;
  private static final OpenApiContract contract = new OpenApiContract();
  private static final String LOGS_TOKEN = "logs-search-token-Xq81";
  private static final List<ConfluentCloudEmulator.Exchange> exchanges =
      new CopyOnWriteArrayList<>();
  private String namespace;

  @BeforeAll
  static void startTheOperatorAndTheEmulator() {
    client = OperatorTestBed.start();
    cloud =
        ConfluentCloudEmulator.builder()
            .backedBy(OperatorTestBed.worker(), OperatorTestBed.kafka())
            .cloudApiKey(CLOUD_KEY, CLOUD_SECRET)
            .cloudApiKey(CLOUD_KEY_ROTATED, CLOUD_SECRET_ROTATED)
            .kafkaCluster(
                ENVIRONMENT,
                CLUSTER,
                "AWS",
                REGION,
                Map.of(KAFKA_KEY, KAFKA_SECRET, KAFKA_KEY_ROTATED, KAFKA_SECRET_ROTATED))
            .internet(
                ".amazonaws.com", io.customconnectors.testkit.aws.MotoServer.shared().endpoint())
            .provisioningDelay(Duration.ofSeconds(1))
            .logsToken(LOGS_TOKEN)
            .versionCheckDelay(Duration.ofMillis(500))
            .start();
    cloud.onExchange(contract);
    cloud.onExchange(exchanges::add);
    api = new ConfluentCloudTestClient(cloud.baseUrl(), CLOUD_KEY, CLOUD_SECRET);
  }

  @AfterAll
  static void stopTheEmulator() {
    if (cloud != null) {
      cloud.close();
    }
  }

  @BeforeEach
  void namespaceWithSecrets() {
    namespace = ApiServerWithCrds.newNamespace("cloud");
    client.resource(OperatorTestBed.awsSecret(namespace)).create();
    client.resource(apiKeySecret("confluent-cloud-api-key", CLOUD_KEY, CLOUD_SECRET)).create();
    client.resource(apiKeySecret("kafka-api-key", KAFKA_KEY, KAFKA_SECRET)).create();
  }

  @AfterEach
  void cleanUpAndCheckTheContract() {
    client.resources(CustomConnector.class).inNamespace(namespace).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .resources(CustomConnector.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
    client.resources(ConnectorPlugin.class).inNamespace(namespace).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .resources(ConnectorPlugin.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
    cloud.faults().clear();
    assertThat(contract.takeViolations()).as("OpenAPI contract violations").isEmpty();
  }

  @Test
  void theWalkthroughRunsOnConfluentCloudAndIsCleanedUp() throws IOException {
    client.resource(plugin("dynamodb-source", "DynamoDB Custom connector " + namespace)).create();
    ConnectorPlugin uploaded =
        awaitPlugin("dynamodb-source", "uploaded", p -> reason(p).equals("Uploaded"));
    String pluginId = uploaded.getStatus().getPluginId();
    assertThat(pluginId).startsWith("ccp-");
    assertThat(uploaded.getStatus().getPluginVersion())
        .matches("0\\.1\\.0-SNAPSHOT\\+[0-9a-f]{12}");
    assertThat(uploaded.getStatus().getArchiveSha256()).hasSize(64);
    assertThat(uploaded.getStatus().getTarget()).isEqualTo("ccloud/" + ENVIRONMENT);

    // Confluent's rate limit on the first list of connectors: the operator waits and carries on.
    cloud.faults().rateLimit("GET", ".*/connectors$", 1, Duration.ofSeconds(1));
    client.resource(connector("dynamodb-supermarket", "DynamoDB Custom connector", true)).create();
    // Ready as soon as Confluent says RUNNING, even before it lists the task ("0/0" meanwhile).
    CustomConnector running =
        awaitConnector(
            "dynamodb-supermarket",
            "running its task",
            c -> OperatorTestBed.ready().test(c) && "1/1".equals(c.getStatus().getTasksReady()));
    assertThat(running.getStatus().getConnectorId()).startsWith("clcc-");
    assertThat(running.getStatus().getTarget()).isEqualTo("ccloud/" + CLUSTER);
    assertThat(running.getStatus().getTasksReady()).isEqualTo("1/1");
    assertThat(reason(running)).isEqualTo("Running");

    assertThat(
            OperatorTestBed.kafka()
                .read(
                    namespace + "-" + SupermartTable.TABLE,
                    OperatorTestBed.ROWS,
                    Duration.ofSeconds(90)))
        .hasSize(OperatorTestBed.ROWS);

    JsonNode config = api.get(connectorPath("DynamoDB Custom connector") + "/config").expect(200);
    assertThat(config.path("confluent.custom.plugin.id").asText()).isEqualTo(pluginId);
    assertThat(config.path("confluent.connector.type").asText()).isEqualTo("CUSTOM");
    assertThat(config.path("confluent.custom.connection.endpoints").asText())
        .isEqualTo(
            "dynamodb."
                + REGION
                + ".amazonaws.com:443;streams.dynamodb."
                + REGION
                + ".amazonaws.com:443;tagging."
                + REGION
                + ".amazonaws.com:443");
    assertThat(config.path("kafka.api.secret").asText()).startsWith("***");

    // Masked secrets and the keys Confluent adds are no drift: no more config PUTs once running.
    int puts = configPuts();
    ChildJvm.sleep(Duration.ofSeconds(4));
    assertThat(configPuts()).isEqualTo(puts);

    // A connector deleted in the console comes back.
    String firstId = running.getStatus().getConnectorId();
    cloud.deleteOutOfBand(CLUSTER, "DynamoDB Custom connector");
    awaitConnector(
        "dynamodb-supermarket",
        "re-created",
        c -> OperatorTestBed.ready().test(c) && !firstId.equals(c.getStatus().getConnectorId()));

    // As when the namespace is deleted: the Secrets go first, the remote objects still go.
    client
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(namespace)
        .withName("confluent-cloud-api-key")
        .delete();
    client
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(namespace)
        .withName("kafka-api-key")
        .delete();
    client.resources(CustomConnector.class).inNamespace(namespace).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> cloud.connectorId(CLUSTER, "DynamoDB Custom connector").isEmpty());
    client.resources(ConnectorPlugin.class).inNamespace(namespace).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.get("/ccpm/v1/plugins/" + pluginId + "?environment=" + ENVIRONMENT).status()
                    == 404);
    assertNoSecretLeaked();
  }

  @Test
  void metricsInStatusAddUpToTheRecordsWrittenAndTheMetricsApiIsReadOncePerMetricPerRound() {
    client.resource(plugin("dynamodb-source", "DynamoDB Custom connector " + namespace)).create();
    awaitPlugin("dynamodb-source", "uploaded", p -> reason(p).equals("Uploaded"));
    ConfluentCloudEmulator.MetricsQueries before = cloud.metricsQueries();
    long started = System.nanoTime();
    client.resource(connector("dynamodb-supermarket", "DynamoDB Custom connector", true)).create();
    awaitConnector("dynamodb-supermarket", "running", OperatorTestBed.ready());
    assertThat(
            OperatorTestBed.kafka()
                .read(
                    namespace + "-" + SupermartTable.TABLE,
                    OperatorTestBed.ROWS,
                    Duration.ofSeconds(90)))
        .hasSize(OperatorTestBed.ROWS);

    // Windows follow each other: their counts add up to the records written, read from the
    // worker by the emulator's Metrics API.
    long written = System.nanoTime();
    Map<String, ConnectorMetrics> readings = new java.util.concurrent.ConcurrentHashMap<>();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              ConnectorMetrics metrics = current("dynamodb-supermarket").getStatus().getMetrics();
              if (metrics != null) {
                readings.put(metrics.getUpdatedAt(), metrics);
              }
              return readings.values().stream().mapToLong(ConnectorMetrics::getRecordsOut).sum()
                  >= OperatorTestBed.ROWS;
            });
    System.out.printf(
        "Status freshness on the emulator (10 s interval, no delay): all %d records in"
            + " status.metrics %.1f s after they were read from Kafka%n",
        OperatorTestBed.ROWS, (System.nanoTime() - written) / 1e9);
    assertThat(readings.values().stream().mapToLong(ConnectorMetrics::getRecordsOut).sum())
        .isEqualTo(OperatorTestBed.ROWS);
    assertThat(readings.values())
        .anySatisfy(
            metrics -> {
              assertThat(metrics.getRecordsPerSecond()).isPositive();
              assertThat(metrics.getBytesOut()).isPositive();
              assertThat(metrics.getWorkerCpuLoadPercent()).isNotNull();
              assertThat(metrics.getWorkerMemoryFreeBytes()).isPositive();
              assertThat(metrics.getRecordsIn()).isNull();
            });
    CustomConnector withOffsets =
        awaitConnector(
            "dynamodb-supermarket",
            "offsets after the snapshot",
            c ->
                c.getStatus().getOffsets() != null
                    && c.getStatus().getOffsets().getPartitions().stream()
                        .anyMatch(
                            p ->
                                p.getSummary() != null
                                    && p.getSummary().contains("records done at")));
    assertThat(withOffsets.getStatus().getOffsets().getPartitions().get(0).getPartition())
        .containsEntry("table", SupermartTable.TABLE);
    // A source connector's round: sent_records, sent_bytes and the two worker metrics; one round
    // per 10 s interval (the first may come at once), whatever else the emulator counted.
    long rounds = (System.nanoTime() - started) / 10_000_000_000L + 2;
    assertThat((long) cloud.metricsQueries().answered() - before.answered())
        .isLessThanOrEqualTo(4 * rounds);
  }

  @Test
  void aMetricsApiThatRefusesWith429IsBackedOffAndReadAgainAfterwards() {
    // When each refused query was made, and for which connectors (other clusters' rounds aside).
    Map<Long, String> refused = new java.util.concurrent.ConcurrentSkipListMap<>();
    cloud.onExchange(
        e -> {
          if (e.method().equals("POST")
              && e.path().startsWith("/v2/metrics/")
              && e.status() == 429) {
            refused.put(System.nanoTime(), new String(e.requestBody(), StandardCharsets.UTF_8));
          }
        });
    client.resource(plugin("dynamodb-source", "DynamoDB Custom connector " + namespace)).create();
    awaitPlugin("dynamodb-source", "uploaded", p -> reason(p).equals("Uploaded"));
    cloud.faults().rateLimit("POST", "/v2/metrics/.*", 100_000, Duration.ofSeconds(25));
    client.resource(connector("dynamodb-supermarket", "DynamoDB Custom connector", true)).create();
    String id =
        awaitConnector("dynamodb-supermarket", "running", OperatorTestBed.ready())
            .getStatus()
            .getConnectorId();
    java.util.function.Supplier<List<Long>> ours =
        () ->
            refused.entrySet().stream()
                .filter(e -> e.getValue().contains(id))
                .map(Map.Entry::getKey)
                .toList();
    await("two refused rounds").atMost(Duration.ofSeconds(90)).until(() -> ours.get().size() >= 2);
    // Retry-After 25 s: the next round waits that long (the 10 s interval alone would not).
    assertThat((ours.get().get(1) - ours.get().get(0)) / 1_000_000_000.0).isGreaterThan(24.0);
    assertThat(current("dynamodb-supermarket").getStatus().getMetrics()).isNull();

    cloud.faults().clear();
    awaitConnector(
        "dynamodb-supermarket",
        "metrics read again",
        c -> c.getStatus() != null && c.getStatus().getMetrics() != null);
  }

  @Test
  void errorsInTheLogTopicAndLogEventsReachStatusOnceEvenAcrossAnOperatorRestart()
      throws IOException {
    client.resource(plugin("dynamodb-source", "DynamoDB logs " + namespace)).create();
    CustomConnector blocked = connector("logs", "DynamoDB logging connector", false);
    blocked.getSpec().getConfig().put("aws.transient.error.timeout.ms", "3000");
    blocked
        .getSpec()
        .getNetworking()
        .setEndpoints(
            List.of(
                "dynamodb." + REGION + ".amazonaws.com:443",
                "tagging." + REGION + ".amazonaws.com:443"));
    RestartPolicy never = new RestartPolicy();
    never.setType(RestartPolicyType.NEVER);
    blocked.getSpec().setRestartPolicy(never);
    Observability observability = new Observability();
    observability.setIntervalSeconds(10);
    LogSettings logs = new LogSettings();
    logs.setBootstrapServers(cloud.kafkaBootstrap(CLUSTER));
    logs.setSecurityProtocol("SASL_PLAINTEXT");
    logs.setEventsBootstrapServers(cloud.kafkaBootstrap(CLUSTER));
    ApiKeySecretRef eventsKey = new ApiKeySecretRef();
    eventsKey.setName("kafka-api-key");
    logs.setEventsCredentialsSecretRef(eventsKey);
    observability.setLogs(logs);
    blocked.getSpec().setObservability(observability);
    client.resource(blocked).create();

    CustomConnector failed =
        awaitConnector(
            "logs",
            "its logged errors in status",
            c ->
                c.getStatus() != null
                    && source(c, "LogTopic") != null
                    && source(c, "LogEvent") != null);
    RecentError logged = source(failed, "LogTopic");
    assertThat(logged.getClassification()).isEqualTo("NetworkUnreachable");
    assertThat(logged.getHint()).contains("streams.dynamodb." + REGION + ".amazonaws.com:443");
    assertThat(source(failed, "LogEvent").getClassification()).isEqualTo("NetworkUnreachable");
    assertThat(Conditions.find(failed.getStatus().getConditions(), "LogErrors").getReason())
        .as("LogErrors of %s", failed.getStatus().getRecentErrors())
        .isEqualTo("NetworkUnreachable");
    assertThat(failed.getStatus().getLogsReadUntil()).containsKeys("LogTopic", "LogEvent");

    // Settled: the task failed for good, nothing new is logged. A new operator reads on from
    // status.logsReadUntil and reports nothing again (from the start, every error would count
    // twice).
    CustomConnector settled = awaitUnchangedForTwoLogReads("logs");
    OperatorTestBed.restartOperator();
    awaitLogReads(3);
    CustomConnector after = current("logs");
    assertThat(after.getStatus().getRecentErrors())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyInAnyOrderElementsOf(settled.getStatus().getRecentErrors());
    assertThat(after.getStatus().getLogsReadUntil())
        .isEqualTo(settled.getStatus().getLogsReadUntil());
    assertNoSecretLeaked();
  }

  @Test
  void theLogSearchApiIsReadWithinItsRateLimit() throws IOException {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("logs-token")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("token", LOGS_TOKEN)
                .build())
        .create();
    client.resource(plugin("dynamodb-source", "DynamoDB search " + namespace)).create();
    CustomConnector blocked = connector("searched", "DynamoDB searched connector", false);
    blocked.getSpec().getConfig().put("aws.transient.error.timeout.ms", "3000");
    blocked
        .getSpec()
        .getNetworking()
        .setEndpoints(
            List.of(
                "dynamodb." + REGION + ".amazonaws.com:443",
                "tagging." + REGION + ".amazonaws.com:443"));
    Observability observability = new Observability();
    observability.setIntervalSeconds(10);
    LogSettings logs = new LogSettings();
    io.customconnectors.operator.api.v1alpha1.SecretKeyRef token =
        new io.customconnectors.operator.api.v1alpha1.SecretKeyRef();
    token.setName("logs-token");
    token.setKey("token");
    logs.setSearchTokenSecretRef(token);
    observability.setLogs(logs);
    blocked.getSpec().setObservability(observability);
    ConfluentCloudEmulator.LogSearches before = cloud.logSearches();
    long started = System.nanoTime();
    client.resource(blocked).create();

    CustomConnector failed =
        awaitConnector(
            "searched",
            "its errors found by the log search API",
            c -> c.getStatus() != null && source(c, "LogSearch") != null);
    assertThat(source(failed, "LogSearch").getClassification()).isEqualTo("NetworkUnreachable");
    // At most one search per connector per 15 s: never refused at 5 a minute.
    long allowed = (System.nanoTime() - started) / 15_000_000_000L + 2;
    assertThat(cloud.logSearches().refused()).isEqualTo(before.refused());
    assertThat((long) cloud.logSearches().answered() - before.answered()).isBetween(1L, allowed);

    assertNoSecretLeaked();
  }

  private static RecentError source(CustomConnector connector, String source) {
    return connector.getStatus().getRecentErrors().stream()
        .filter(e -> e.getSource() != null && e.getSource().startsWith(source))
        .findFirst()
        .orElse(null);
  }

  /** The connector's status once two rounds of log reads left its errors as they were. */
  private CustomConnector awaitUnchangedForTwoLogReads(String name) {
    while (true) {
      CustomConnector before = current(name);
      awaitLogReads(2);
      CustomConnector now = current(name);
      if (Objects.equals(now.getStatus().getRecentErrors(), before.getStatus().getRecentErrors())
          && Objects.equals(
              now.getStatus().getLogsReadUntil(), before.getStatus().getLogsReadUntil())) {
        return now;
      }
    }
  }

  /** Waits for {@code rounds} more log reads by the operator, counted on its /metrics. */
  private static void awaitLogReads(int rounds) {
    double start = logReads();
    await("log reads")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> logReads() >= start + rounds);
  }

  private static double logReads() {
    return OperatorTestBed.scrapeOperator()
        .lines()
        .filter(
            l ->
                l.startsWith("customconnectors_polls_seconds_count{")
                    && l.contains("kind=\"logs\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aResetIsRequestedOnceEvenWhenTheOperatorRestartsWhileConfluentCarriesItOut() {
    client.resource(plugin("dynamodb-source", "DynamoDB Custom connector " + namespace)).create();
    awaitPlugin("dynamodb-source", "uploaded", p -> reason(p).equals("Uploaded"));
    String remoteName = "Offsets connector " + namespace;
    client.resource(connector("dynamodb-supermarket", remoteName, true)).create();
    awaitConnector(
        "dynamodb-supermarket",
        "offsets after the snapshot",
        c ->
            c.getStatus() != null
                && c.getStatus().getOffsets() != null
                && c.getStatus().getOffsets().getPartitions().stream()
                    .anyMatch(p -> p.getSummary() != null && p.getSummary().contains("done at")));
    String topic = namespace + "-" + SupermartTable.TABLE;
    assertThat(OperatorTestBed.kafka().read(topic, OperatorTestBed.ROWS, Duration.ofSeconds(90)))
        .hasSize(OperatorTestBed.ROWS);

    cloud.offsetsRequestDelay(Duration.ofSeconds(30));
    try {
      client
          .resources(CustomConnector.class)
          .inNamespace(namespace)
          .withName("dynamodb-supermarket")
          .edit(
              c -> {
                io.customconnectors.operator.api.v1alpha1.OffsetsChange reset =
                    new io.customconnectors.operator.api.v1alpha1.OffsetsChange();
                reset.setRequestId("reset-1");
                reset.setReset(true);
                c.getSpec().setOffsets(reset);
                return c;
              });
      CustomConnector requested =
          awaitConnector(
              "dynamodb-supermarket",
              "the request sent",
              c ->
                  c.getStatus().getOffsetsChange() != null
                      && "Requested".equals(c.getStatus().getOffsetsChange().getPhase()));
      assertThat(reason(requested)).isEqualTo("OffsetsChanging");
      assertThat(cloud.offsetsRequestsPosted(remoteName)).isEqualTo(1);
      OperatorTestBed.restartOperator();
    } finally {
      cloud.offsetsRequestDelay(Duration.ZERO);
    }
    CustomConnector applied =
        awaitConnector(
            "dynamodb-supermarket",
            "the reset applied and the connector running",
            c ->
                OperatorTestBed.condition("Offsets", true, "OffsetsApplied").test(c)
                    && OperatorTestBed.ready().test(c));
    assertThat(applied.getStatus().getOffsetsChange().getAppliedAt()).isNotBlank();
    assertThat(cloud.offsetsRequestsPosted(remoteName)).isEqualTo(1);
    assertThat(
            OperatorTestBed.kafka().read(topic, 2 * OperatorTestBed.ROWS, Duration.ofSeconds(90)))
        .hasSize(2 * OperatorTestBed.ROWS);
  }

  @Test
  void aRejectedKafkaKeyIsReportedAndRotatedKeysReachConfluentWhileHealthy() {
    client.resource(plugin("dynamodb-source", "DynamoDB rotation " + namespace)).create();
    client
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(namespace)
        .withName("kafka-api-key")
        .edit(s -> withKey(s, KAFKA_KEY, "not-the-kafka-secret"));
    client.resource(connector("rotating", "DynamoDB rotating connector", true)).create();
    CustomConnector failed =
        awaitConnector(
            "rotating", "failed", OperatorTestBed.condition("Degraded", true, "ConnectorFailed"));
    // Confluent's validation_errors name the key, and become the message.
    assertThat(message(failed, "Degraded"))
        .isEqualTo(
            "Connector 'DynamoDB rotating connector' failed: kafka.api.key: Provided Kafka ApiKey"
                + " is invalid");

    client
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(namespace)
        .withName("kafka-api-key")
        .edit(s -> withKey(s, KAFKA_KEY, KAFKA_SECRET));
    awaitConnector("rotating", "running after the rotation", OperatorTestBed.ready());

    // Rotated while the connector is healthy: nothing but the Secret watch would send them.
    int exchangesBefore = exchanges.size();
    client
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(namespace)
        .withName("kafka-api-key")
        .edit(s -> withKey(s, KAFKA_KEY_ROTATED, KAFKA_SECRET_ROTATED));
    awaitExchange(
        "the rotated Kafka API key sent to Confluent Cloud",
        exchangesBefore,
        e ->
            e.method().equals("PUT")
                && e.path().endsWith("/config")
                && new String(e.requestBody(), StandardCharsets.UTF_8).contains(KAFKA_KEY_ROTATED));

    exchangesBefore = exchanges.size();
    client
        .resources(io.fabric8.kubernetes.api.model.Secret.class)
        .inNamespace(namespace)
        .withName("confluent-cloud-api-key")
        .edit(s -> withKey(s, CLOUD_KEY_ROTATED, CLOUD_SECRET_ROTATED));
    String rotated =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (CLOUD_KEY_ROTATED + ":" + CLOUD_SECRET_ROTATED)
                        .getBytes(StandardCharsets.UTF_8));
    awaitExchange(
        "the rotated Cloud API key used",
        exchangesBefore,
        e ->
            e.path().startsWith("/connect/v1/")
                && e.requestHeaders().entrySet().stream()
                    .anyMatch(
                        h ->
                            h.getKey().equalsIgnoreCase("Authorization")
                                && h.getValue().equals(rotated)));
    awaitConnector("rotating", "running with both keys rotated", OperatorTestBed.ready());
  }

  @Test
  void aRunningConnectorWhoseTasksAreNotListedYetIsReportedAsItIs() {
    cloud.faults().tasksMisreported(Duration.ofSeconds(15), null);
    client.resource(plugin("dynamodb-source", "DynamoDB quiet " + namespace)).create();
    client.resource(connector("quiet", "DynamoDB quiet connector", true)).create();
    CustomConnector early =
        awaitConnector(
            "quiet",
            "running, no tasks listed",
            c -> OperatorTestBed.ready().test(c) && "0/0".equals(c.getStatus().getTasksReady()));
    assertThat(message(early, "Ready")).endsWith("; no tasks are listed for it");
    awaitConnector("quiet", "its task listed", c -> "1/1".equals(c.getStatus().getTasksReady()));
  }

  @Test
  void aKeyConfluentDoesNotEchoIsReportedInsteadOfPutOnEveryPoll() {
    cloud.faults().dropOnRead(CloudConnectorConfig.PLUGIN_VERSION);
    client.resource(plugin("dynamodb-source", "DynamoDB unkept " + namespace)).create();
    client.resource(connector("unkept", "DynamoDB unkept connector", true)).create();
    CustomConnector warned =
        awaitConnector(
            "unkept",
            "warned that a key is not kept",
            OperatorTestBed.condition("ConfigNotKept", true, "ConfigNotKept"));
    assertThat(message(warned, "ConfigNotKept")).contains(CloudConnectorConfig.PLUGIN_VERSION);
    awaitConnector("unkept", "running", OperatorTestBed.ready());
    // The create (a PUT on Confluent Cloud), then two more writes to see whether the key sticks;
    // then none, poll after poll (the operator polls every second here).
    String config = "unkept connector/config";
    await("no further config PUTs")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .until(() -> configPuts(config) <= 3);
    assertThat(configPuts(config)).isEqualTo(3);
  }

  private static long configPuts(String pathEnd) {
    return exchanges.stream()
        .filter(e -> e.method().equals("PUT") && e.path().replace("%20", " ").endsWith(pathEnd))
        .count();
  }

  /** An exchange after the first {@code from} matches soon (a poll interval here is 1 s). */
  private static void awaitExchange(
      String what, int from, Predicate<ConfluentCloudEmulator.Exchange> matches) {
    long started = System.nanoTime();
    await(what)
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> exchanges.subList(from, exchanges.size()).stream().anyMatch(matches));
    System.out.printf(
        "ConfluentCloudReconcilerIT: %s after %d ms%n",
        what, (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  void anEndpointMissingFromTheAllowListShowsInTheStatus() {
    client.resource(plugin("dynamodb-source", "DynamoDB blocked " + namespace)).create();
    CustomConnector blocked = connector("blocked", "DynamoDB blocked connector", false);
    // Give up on the unreachable stream after 3 s instead of the default minutes of retries.
    blocked.getSpec().getConfig().put("aws.transient.error.timeout.ms", "3000");
    blocked
        .getSpec()
        .getNetworking()
        .setEndpoints(
            List.of(
                "dynamodb." + REGION + ".amazonaws.com:443",
                "tagging." + REGION + ".amazonaws.com:443"));
    client.resource(blocked).create();
    CustomConnector degraded =
        awaitConnector(
            "blocked",
            "degraded",
            c ->
                c.getStatus() != null
                    && Conditions.isTrue(c.getStatus().getConditions(), "Degraded"));
    assertThat(message(degraded, "Degraded")).contains("streams.dynamodb." + REGION);
  }

  @Test
  void stoppedIsRefusedWithAnExplanationAndPausedWorks() {
    client.resource(plugin("dynamodb-source", "DynamoDB states " + namespace)).create();
    CustomConnector connector = connector("states", "DynamoDB states connector", true);
    connector.getSpec().setState(ConnectorState.STOPPED);
    client.resource(connector).create();
    CustomConnector refused =
        awaitConnector(
            "states", "refused", OperatorTestBed.condition("Ready", false, "BackendNotSupported"));
    assertThat(message(refused, "Ready")).contains("set spec.state to Paused");

    client
        .resources(CustomConnector.class)
        .inNamespace(namespace)
        .withName("states")
        .edit(
            c -> {
              c.getSpec().setState(ConnectorState.PAUSED);
              return c;
            });
    CustomConnector paused =
        awaitConnector("states", "paused", OperatorTestBed.condition("Ready", true, "Paused"));
    assertThat(paused.getStatus().getState()).isEqualTo("PAUSED");
  }

  /**
   * A minute during which Confluent answers every connector call 429 with Retry-After 5 s: the
   * operator waits as asked (a list per cluster at most every 5 s, no reconcile calling in
   * between), says Throttled, and carries on once the storm is over.
   */
  @Test
  void twentySecondsOf429sAreWaitedOutAsAskedAndTheConnectorCarriesOn() {
    client.resource(plugin("dynamodb-source", "DynamoDB throttled " + namespace)).create();
    client.resource(connector("throttled", "DynamoDB throttled connector", true)).create();
    awaitConnector("throttled", "running", OperatorTestBed.ready());

    cloud.faults().rateLimit(null, "/connect/v1/.*/connectors", 100_000, Duration.ofSeconds(5));
    CustomConnector throttled =
        awaitConnector(
            "throttled", "throttled", OperatorTestBed.condition("Ready", false, "Throttled"));
    assertThat(message(throttled, "Ready")).contains("5 s");
    int throttledFrom = exchanges.size();
    ChildJvm.sleep(Duration.ofSeconds(20));
    long during =
        exchanges.subList(throttledFrom, exchanges.size()).stream()
            .filter(e -> e.path().contains("/connectors"))
            .count();
    cloud.faults().clear();
    // Every 5 s at most once throttled, as Retry-After asks: 4 or 5 in 20 s, whatever the number
    // of resources; without the wait the poller alone would ask 20 times.
    System.out.printf("%n[429 storm] connect/v1 requests in 20 s while throttled: %d%n", during);
    assertThat(during).isBetween(1L, 6L);

    awaitConnector("throttled", "running again", OperatorTestBed.ready());
  }

  @Test
  void aChecksumMismatchUploadsNothingAndANewDeclarationIsANewVersion() throws Exception {
    Path zip = Path.of(System.getProperty("connector.zip"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/archives/dynamodb.zip",
        exchange -> {
          byte[] bytes = Files.readAllBytes(zip);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/archives/dynamodb.zip";
      ConnectorPlugin wrongSum = plugin("from-url", "DynamoDB from a URL " + namespace);
      PluginArchive archive = new PluginArchive();
      archive.setUrl(url);
      archive.setSha256("0".repeat(64));
      wrongSum.getSpec().setArchive(archive);
      int uploads = uploads();
      client.resource(wrongSum).create();
      ConnectorPlugin mismatch =
          awaitPlugin("from-url", "mismatch", p -> reason(p).equals("ArchiveChecksumMismatch"));
      assertThat(message(mismatch)).contains("nothing was uploaded");
      assertThat(uploads()).isEqualTo(uploads);
      // Not even an empty plugin: the archive is checked before anything is created.
      assertThat(
              api.get("/ccpm/v1/plugins?page_size=100&environment=" + ENVIRONMENT)
                  .expect(200)
                  .path("data")
                  .toString())
          .doesNotContain("DynamoDB from a URL " + namespace);

      String actual = sha256(zip);
      client
          .resources(ConnectorPlugin.class)
          .inNamespace(namespace)
          .withName("from-url")
          .edit(
              p -> {
                p.getSpec().getArchive().setSha256(actual);
                return p;
              });
      ConnectorPlugin first =
          awaitPlugin("from-url", "uploaded", p -> reason(p).equals("Uploaded"));
      assertThat(first.getStatus().getArchiveSha256()).isEqualTo(actual);

      client
          .resource(connector("versioned", "DynamoDB versioned connector", true, "from-url"))
          .create();
      awaitConnector("versioned", "running", OperatorTestBed.ready());

      // A new declaration (here: one more sensitive key) needs a new version; the connector moves
      // to it and the old version goes.
      client
          .resources(ConnectorPlugin.class)
          .inNamespace(namespace)
          .withName("from-url")
          .edit(
              p -> {
                p.getSpec()
                    .setSensitiveConfigProperties(List.of("aws.secret.key", "aws.access.key.id"));
                return p;
              });
      ConnectorPlugin second =
          awaitPlugin(
              "from-url",
              "new version",
              p ->
                  reason(p).equals("Uploaded")
                      && !p.getStatus()
                          .getPluginVersion()
                          .equals(first.getStatus().getPluginVersion()));
      String pluginId = second.getStatus().getPluginId();
      assertThat(pluginId).isEqualTo(first.getStatus().getPluginId());
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(
                          api.get(connectorPath("DynamoDB versioned connector") + "/config")
                              .expect(200)
                              .path("confluent.custom.plugin.version")
                              .asText())
                      .isEqualTo(second.getStatus().getPluginVersion()));
      awaitConnector("versioned", "running the new version", OperatorTestBed.ready());
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  api.get("/ccpm/v1/plugins/" + pluginId + "/versions?environment=" + ENVIRONMENT)
                          .expect(200)
                          .path("data")
                          .size()
                      == 1);
    } finally {
      server.stop(0);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private ConnectorPlugin plugin(String name, String displayName) {
    ConnectorPlugin plugin =
        OperatorTestBed.plugin(namespace, name, OperatorTestBed.CONNECTOR_CLASS);
    plugin.getSpec().setDisplayName(displayName);
    ConfluentCloudTarget cloudTarget = new ConfluentCloudTarget();
    cloudTarget.setEnvironment(ENVIRONMENT);
    cloudTarget.setKafkaCluster(CLUSTER);
    cloudTarget.setCloud(CloudProvider.AWS);
    cloudTarget.setEndpoint(cloud.baseUrl().toString());
    ApiKeySecretRef credentials = new ApiKeySecretRef();
    credentials.setName("confluent-cloud-api-key");
    cloudTarget.setCredentialsSecretRef(credentials);
    Target target = new Target();
    target.setConfluentCloud(cloudTarget);
    plugin.getSpec().setTarget(target);
    PluginArchive archive = new PluginArchive();
    archive.setBundled(BundledArchive.DYNAMODB_SOURCE);
    plugin.getSpec().setArchive(archive);
    plugin.getSpec().setSensitiveConfigProperties(List.of("aws.secret.key"));
    return plugin;
  }

  private CustomConnector connector(String name, String connectorName, boolean derive) {
    return connector(name, connectorName, derive, "dynamodb-source");
  }

  private CustomConnector connector(
      String name, String connectorName, boolean derive, String pluginName) {
    CustomConnector connector = OperatorTestBed.seedConnector(namespace, name, connectorName);
    connector.getSpec().getPluginRef().setName(pluginName);
    // The emulator hands the connector its AWS endpoints through its egress gates.
    connector.getSpec().getConfig().remove("dynamodb.service.endpoint");
    Networking networking = new Networking();
    networking.setDeriveAwsEndpoints(derive);
    connector.getSpec().setNetworking(networking);
    KafkaAuth auth = new KafkaAuth();
    ApiKeySecretRef key = new ApiKeySecretRef();
    key.setName("kafka-api-key");
    auth.setApiKeySecretRef(key);
    connector.getSpec().setKafkaAuth(auth);
    return connector;
  }

  private io.fabric8.kubernetes.api.model.Secret apiKeySecret(
      String name, String key, String secret) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("key", key, "secret", secret))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Secret withKey(
      io.fabric8.kubernetes.api.model.Secret secret, String key, String value) {
    secret.setData(null);
    secret.setStringData(Map.of("key", key, "secret", value));
    return secret;
  }

  private ConnectorPlugin awaitPlugin(String name, String why, Predicate<ConnectorPlugin> until) {
    return await(name + ": " + why)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                client.resources(ConnectorPlugin.class).inNamespace(namespace).withName(name).get(),
            plugin -> plugin != null && plugin.getStatus() != null && until.test(plugin));
  }

  private CustomConnector awaitConnector(
      String name, String why, Predicate<CustomConnector> until) {
    return await(name + ": " + why)
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                client.resources(CustomConnector.class).inNamespace(namespace).withName(name).get(),
            connector -> connector != null && until.test(connector));
  }

  private CustomConnector current(String name) {
    return client.resources(CustomConnector.class).inNamespace(namespace).withName(name).get();
  }

  private static String reason(ConnectorPlugin plugin) {
    var ready = Conditions.find(plugin.getStatus().getConditions(), "Ready");
    return ready == null ? "" : ready.getReason();
  }

  private static String message(ConnectorPlugin plugin) {
    return Conditions.find(plugin.getStatus().getConditions(), "Ready").getMessage();
  }

  private static String reason(CustomConnector connector) {
    return Conditions.find(connector.getStatus().getConditions(), "Ready").getReason();
  }

  private static String message(CustomConnector connector, String type) {
    return Conditions.find(connector.getStatus().getConditions(), type).getMessage();
  }

  private static String connectorPath(String name) {
    return "/connect/v1/environments/"
        + ENVIRONMENT
        + "/clusters/"
        + CLUSTER
        + "/connectors/"
        + name.replace(" ", "%20");
  }

  private static int configPuts() {
    return (int)
        exchanges.stream()
            .filter(e -> e.method().equals("PUT") && e.path().endsWith("/config"))
            .count();
  }

  private static int uploads() {
    return (int)
        exchanges.stream()
            .filter(e -> e.method().equals("POST") && e.path().endsWith("presigned-upload-url"))
            .count();
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** Statuses, events and the operator's log never show the Cloud or Kafka API secret. */
  private void assertNoSecretLeaked() throws IOException {
    List<String> texts = new ArrayList<>();
    client
        .resources(CustomConnector.class)
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(c -> texts.add(String.valueOf(c.getStatus())));
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(e -> texts.add(e.getMessage()));
    Path log = Path.of("target", "operator-it.log");
    if (Files.exists(log)) {
      texts.add(Files.readString(log));
    }
    assertThat(texts)
        .noneMatch(
            t ->
                t.contains(CLOUD_SECRET)
                    || t.contains(KAFKA_SECRET)
                    || t.contains(LOGS_TOKEN)
                    || t.contains(OperatorTestBed.AWS_SECRET));
  }
}
