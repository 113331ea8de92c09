package io.customconnectors.operator.reconciler;

import static io.customconnectors.operator.reconciler.OperatorTestBed.AWS_SECRET;
import static io.customconnectors.operator.reconciler.OperatorTestBed.CONNECTOR_CLASS;
import static io.customconnectors.operator.reconciler.OperatorTestBed.awaitConnector;
import static io.customconnectors.operator.reconciler.OperatorTestBed.condition;
import static io.customconnectors.operator.reconciler.OperatorTestBed.plugin;
import static io.customconnectors.operator.reconciler.OperatorTestBed.ready;
import static io.customconnectors.operator.reconciler.OperatorTestBed.scrapeOperator;
import static io.customconnectors.operator.reconciler.OperatorTestBed.seedConnector;
import static io.customconnectors.operator.reconciler.OperatorTestBed.worker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.ConnectorMetrics;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.api.v1alpha1.Observability;
import io.customconnectors.operator.api.v1alpha1.OffsetsChange;
import io.customconnectors.operator.api.v1alpha1.PartitionOffsetChange;
import io.customconnectors.operator.api.v1alpha1.RecentError;
import io.customconnectors.operator.api.v1alpha1.RestartPolicy;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.testkit.aws.MotoServer;
import io.customconnectors.testkit.data.SupermartTable;
import io.customconnectors.testkit.kube.KubeletStandIn;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator on the real API server driving the real Connect worker that runs the packaged
 * DynamoDB connector against moto: the walkthrough's connector, state changes, config and Secret
 * changes, drift, automatic restarts, deletion with and without the remote connector, a plugin in
 * use, an outage of the worker, and a connector the operator does not own.
 */
class KafkaConnectReconcilerIT {

  private static KubernetesClient client;
  private String namespace;
  private String connectorName;

  @BeforeAll
  static void startTheOperator() {
    client = OperatorTestBed.start();
  }

  @BeforeEach
  void namespaceWithSecretAndPlugin() {
    namespace = ApiServerWithCrds.newNamespace("op");
    connectorName = "DynamoDB Custom connector " + namespace;
    client.resource(OperatorTestBed.awsSecret(namespace)).create();
    client.resource(plugin(namespace, "dynamodb-source", CONNECTOR_CLASS)).create();
  }

  /** Leaves nothing running on the shared worker for the next test. */
  @AfterEach
  void deleteTheNamespacesConnectors() {
    client.resources(CustomConnector.class).inNamespace(namespace).delete();
  }

  private CustomConnector create(CustomConnector connector) {
    return client.resource(connector).create();
  }

  private CustomConnector edit(
      String name, java.util.function.UnaryOperator<CustomConnector> change) {
    return client
        .resources(CustomConnector.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(change);
  }

  private JsonNode remoteConfig() {
    return worker().send("GET", "/connectors/" + encoded(connectorName) + "/config", null, 200);
  }

  private JsonNode remoteStatus() {
    return worker().connectorStatus(connectorName);
  }

  private static String encoded(String name) {
    return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  @Test
  void theWalkthroughsConnectorRunsAndItsRecordsArrive() throws IOException {
    create(seedConnector(namespace, "dynamodb-supermarket", connectorName));

    CustomConnector running = awaitConnector(namespace, "dynamodb-supermarket", "Ready", ready());
    assertThat(running.getStatus().getState()).isEqualTo("RUNNING");
    assertThat(running.getStatus().getTasksReady()).isEqualTo("1/1");
    assertThat(running.getStatus().getTarget())
        .isEqualTo("connect/127.0.0.1:" + worker().restUrl().getPort());
    assertThat(running.getStatus().getConnectorId()).isEqualTo(connectorName);
    assertThat(running.getStatus().getConfigHash()).hasSize(64);
    assertThat(Conditions.find(running.getStatus().getConditions(), "Ready").getReason())
        .isEqualTo("Running");
    assertThat(Conditions.isTrue(running.getStatus().getConditions(), "Running")).isTrue();
    assertThat(Conditions.isTrue(running.getStatus().getConditions(), "Degraded")).isFalse();

    assertThat(
            OperatorTestBed.kafka()
                .read(
                    OperatorTestBed.topic(namespace), OperatorTestBed.ROWS, Duration.ofSeconds(60)))
        .hasSize(OperatorTestBed.ROWS);
    assertThat(remoteConfig().path("aws.secret.key").asText()).isEqualTo(AWS_SECRET);
    assertThat(remoteConfig().path(ConfigResolver.OWNER_KEY).asText())
        .isEqualTo(namespace + "/dynamodb-supermarket");

    // Scraped from the worker's JMX exporter agent: windows follow each other, so their counts
    // add up to the records written.
    Map<String, ConnectorMetrics> readings = new ConcurrentHashMap<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              ConnectorMetrics metrics =
                  client
                      .resources(CustomConnector.class)
                      .inNamespace(namespace)
                      .withName("dynamodb-supermarket")
                      .get()
                      .getStatus()
                      .getMetrics();
              if (metrics != null) {
                readings.put(metrics.getUpdatedAt(), metrics);
              }
              return readings.values().stream().mapToLong(ConnectorMetrics::getRecordsOut).sum()
                  >= OperatorTestBed.ROWS;
            });
    assertThat(readings.values().stream().mapToLong(ConnectorMetrics::getRecordsOut).sum())
        .isEqualTo(OperatorTestBed.ROWS);

    // The committed offsets, in words: the table, its snapshot done, the stream followed.
    CustomConnector withOffsets =
        awaitConnector(
            namespace,
            "dynamodb-supermarket",
            "offsets after the snapshot",
            Duration.ofSeconds(60),
            c ->
                c.getStatus().getOffsets() != null
                    && c.getStatus().getOffsets().getPartitions().stream()
                        .anyMatch(
                            p ->
                                p.getSummary() != null
                                    && p.getSummary().contains("records done at")));
    var partition = withOffsets.getStatus().getOffsets().getPartitions().get(0);
    assertThat(partition.getPartition()).containsEntry("table", SupermartTable.TABLE);
    assertThat(partition.getSummary())
        .startsWith("table " + SupermartTable.TABLE + ": ")
        .contains("snapshot of " + OperatorTestBed.ROWS + " records done at");
    assertThat(withOffsets.getStatus().getOffsets().getTotal()).isEqualTo(1);
    assertThat(readings.values())
        .anySatisfy(
            metrics -> {
              assertThat(metrics.getRecordsPerSecond()).isPositive();
              assertThat(metrics.getBytesOut()).isPositive();
              assertThat(metrics.getWorkerCpuMillicores()).isNotNull();
              assertThat(metrics.getWorkerMemoryFreeBytes()).isPositive();
              assertThat(metrics.getRecordsIn()).isNull();
            });

    ConnectorPlugin plugin =
        client
            .resources(ConnectorPlugin.class)
            .inNamespace(namespace)
            .withName("dynamodb-source")
            .get();
    assertThat(Conditions.find(plugin.getStatus().getConditions(), "Ready").getReason())
        .isEqualTo("Installed");
    assertThat(plugin.getStatus().getPluginVersion()).isNotBlank();
    await().atMost(Duration.ofSeconds(30)).until(() -> usedBy("dynamodb-source") == 1);

    List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
    assertThat(events)
        .anySatisfy(
            event -> {
              assertThat(event.getInvolvedObject().getName()).isEqualTo("dynamodb-supermarket");
              assertThat(event.getReason()).isEqualTo("Running");
              assertThat(event.getType()).isEqualTo("Normal");
            });
    assertNoSecretLeaked();
  }

  @Test
  void theOperatorsMetricsEndpointServesEveryMetricTheDashboardQueries() throws IOException {
    create(seedConnector(namespace, "dynamodb-supermarket", connectorName));
    awaitConnector(
        namespace,
        "dynamodb-supermarket",
        "metrics read",
        Duration.ofSeconds(90),
        c -> c.getStatus() != null && c.getStatus().getMetrics() != null);

    Map<String, Set<Map<String, String>>> served = OperatorMetrics.parse(scrapeOperator());
    assertThat(served.get("customconnectors_connectors")).contains(Map.of("state", "RUNNING"));
    assertThat(served.get("customconnectors_connector_records_per_second"))
        .contains(
            Map.of("namespace", namespace, "name", "dynamodb-supermarket", "direction", "out"));
    assertThat(served.get("customconnectors_backend_requests_seconds_count"))
        .anySatisfy(labels -> assertThat(labels).containsEntry("api", "kafka-connect"))
        .anySatisfy(labels -> assertThat(labels).containsEntry("api", "kafka-connect-metrics"));
    assertThat(served).containsKey("operator_sdk_reconciliations_started_total");

    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                Path.of("..", "config", "grafana", "custom-connector-operator.json").toFile());
    List<String> queries = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    assertThat(queries).hasSizeGreaterThan(8);
    for (String query : queries) {
      assertThat(OperatorMetrics.metricNames(query))
          .as("metrics named by " + query)
          .isNotEmpty()
          .allSatisfy(name -> assertThat(served).as(query).containsKey(name));
    }

    // The connector's gauges go with it.
    client
        .resources(CustomConnector.class)
        .inNamespace(namespace)
        .withName("dynamodb-supermarket")
        .delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                OperatorMetrics.parse(scrapeOperator())
                    .getOrDefault("customconnectors_connector_records_per_second", Set.of())
                    .stream()
                    .noneMatch(labels -> namespace.equals(labels.get("namespace"))));
  }

  private int usedBy(String plugin) {
    ConnectorPlugin current =
        client.resources(ConnectorPlugin.class).inNamespace(namespace).withName(plugin).get();
    return current.getStatus() == null || current.getStatus().getUsedBy() == null
        ? -1
        : current.getStatus().getUsedBy();
  }

  @Test
  void pauseStopAndResumeFollowSpecState() {
    create(seedConnector(namespace, "stateful", connectorName));
    awaitConnector(namespace, "stateful", "Ready", ready());

    edit(
        "stateful",
        c -> {
          c.getSpec().setState(ConnectorState.PAUSED);
          return c;
        });
    CustomConnector paused =
        awaitConnector(namespace, "stateful", "paused", condition("Ready", true, "Paused"));
    assertThat(paused.getStatus().getState()).isEqualTo("PAUSED");
    assertThat(remoteStatus().path("connector").path("state").asText()).isEqualTo("PAUSED");

    edit(
        "stateful",
        c -> {
          c.getSpec().setState(ConnectorState.STOPPED);
          return c;
        });
    awaitConnector(namespace, "stateful", "stopped", condition("Ready", true, "Stopped"));
    assertThat(remoteStatus().path("connector").path("state").asText()).isEqualTo("STOPPED");

    edit(
        "stateful",
        c -> {
          c.getSpec().setState(ConnectorState.RUNNING);
          return c;
        });
    awaitConnector(namespace, "stateful", "running again", condition("Ready", true, "Running"));
    assertThat(remoteStatus().path("connector").path("state").asText()).isEqualTo("RUNNING");
  }

  @Test
  void restartsAskedForByAnnotationAreDoneOnceAndTheAnnotationsCleared() {
    create(seedConnector(namespace, "restarted", connectorName));
    awaitConnector(namespace, "restarted", "Ready", ready());

    annotate("restarted", Annotations.RESTART, "true");
    CustomConnector restarted =
        awaitConnector(
            namespace,
            "restarted",
            "restarted on request",
            c ->
                c.getStatus().getRestarts() != null
                    && c.getStatus().getRestarts().getLastManualRestart() != null
                    && (c.getMetadata().getAnnotations() == null
                        || !c.getMetadata().getAnnotations().containsKey(Annotations.RESTART)));
    String first = restarted.getStatus().getRestarts().getLastManualRestart();

    annotate("restarted", Annotations.RESTART_TASK, "0");
    awaitConnector(
        namespace,
        "restarted",
        "task 0 restarted on request",
        c ->
            c.getStatus().getRestarts() != null
                && !first.equals(c.getStatus().getRestarts().getLastManualRestart())
                && (c.getMetadata().getAnnotations() == null
                    || !c.getMetadata().getAnnotations().containsKey(Annotations.RESTART_TASK)));
    awaitConnector(namespace, "restarted", "running again", condition("Ready", true, "Running"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> "Restarted".equals(e.getReason()))
                    .map(Event::getMessage)
                    .toList(),
            messages ->
                messages.contains(
                        "Restarted connector '" + connectorName + "' and its tasks on request")
                    && messages.contains(
                        "Restarted task 0 of connector '" + connectorName + "' on request"));
  }

  /**
   * {@code kubectl annotate}: a merge patch, so the operator's own writes meanwhile cannot clash.
   */
  private void annotate(String name, String key, String value) {
    client
        .resources(CustomConnector.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(key, value)))));
  }

  @Test
  void offsetsAreResetAndAlteredOncePerRequestAndAWrongRequestChangesNothing() {
    create(seedConnector(namespace, "dynamodb-supermarket", connectorName));
    awaitConnector(
        namespace,
        "dynamodb-supermarket",
        "offsets after the snapshot",
        c ->
            c.getStatus() != null
                && c.getStatus().getOffsets() != null
                && c.getStatus().getOffsets().getPartitions().stream()
                    .anyMatch(p -> p.getSummary() != null && p.getSummary().contains("done at")));
    String topic = OperatorTestBed.topic(namespace);
    assertThat(OperatorTestBed.kafka().read(topic, OperatorTestBed.ROWS, Duration.ofSeconds(60)))
        .hasSize(OperatorTestBed.ROWS);
    Map<String, Object> partition = Map.of("protocol", 1, "table", SupermartTable.TABLE);

    // A partition the connector does not have: refused, naming the field; nothing stops.
    edit(
        "dynamodb-supermarket",
        c -> {
          c.getSpec()
              .setOffsets(
                  alter(
                      "wrong-1",
                      Map.of("protocol", 1, "table", "Invoices"),
                      Map.of("protocol", 1, "phase", "STREAM")));
          return c;
        });
    CustomConnector rejected =
        awaitConnector(
            namespace,
            "dynamodb-supermarket",
            "the wrong request rejected",
            condition("Offsets", false, "OffsetsRejected"));
    assertThat(Conditions.find(rejected.getStatus().getConditions(), "Offsets").getMessage())
        .contains("spec.offsets.alter[0].partition")
        .contains("Invoices")
        .contains("Nothing was changed");
    assertThat(remoteStatus().path("connector").path("state").asText()).isEqualTo("RUNNING");

    // A reset: stopped, reset, running again; the table is snapshotted a second time.
    edit(
        "dynamodb-supermarket",
        c -> {
          OffsetsChange reset = new OffsetsChange();
          reset.setRequestId("reset-1");
          reset.setReset(true);
          c.getSpec().setOffsets(reset);
          return c;
        });
    awaitConnector(
        namespace,
        "dynamodb-supermarket",
        "reset applied and running again",
        condition("Offsets", true, "OffsetsApplied").and(ready()));
    assertThat(
            OperatorTestBed.kafka().read(topic, 2 * OperatorTestBed.ROWS, Duration.ofSeconds(90)))
        .hasSize(2 * OperatorTestBed.ROWS);

    // Altered to a stream position (from now on, no snapshot): only the change made afterwards
    // arrives.
    long now = System.currentTimeMillis();
    edit(
        "dynamodb-supermarket",
        c -> {
          c.getSpec()
              .setOffsets(
                  alter(
                      "follow-1",
                      partition,
                      Map.of("protocol", 1, "phase", "STREAM", "stream_after_ms", now)));
          return c;
        });
    CustomConnector altered =
        awaitConnector(
            namespace,
            "dynamodb-supermarket",
            "alter applied and running again",
            c ->
                condition("Offsets", true, "OffsetsApplied").test(c)
                    && "follow-1".equals(c.getStatus().getOffsetsChange().getRequestId())
                    && ready().test(c));
    assertThat(altered.getStatus().getOffsetsChange().getPhase()).isEqualTo("Applied");
    var item =
        OperatorTestBed.dynamo()
            .scan(b -> b.tableName(SupermartTable.TABLE).limit(1))
            .items()
            .get(0);
    OperatorTestBed.dynamo()
        .updateItem(
            b ->
                b.tableName(SupermartTable.TABLE)
                    .key(
                        Map.of(
                            SupermartTable.PARTITION_KEY, item.get(SupermartTable.PARTITION_KEY)))
                    .updateExpression("SET #n = :n")
                    .expressionAttributeNames(Map.of("#n", "offsets-test"))
                    .expressionAttributeValues(
                        Map.of(
                            ":n",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                namespace))));
    assertThat(
            OperatorTestBed.kafka()
                .read(topic, 2 * OperatorTestBed.ROWS + 2, Duration.ofSeconds(30)))
        .hasSize(2 * OperatorTestBed.ROWS + 1)
        .last()
        .satisfies(record -> assertThat(record.value()).contains(namespace));

    // Applied requests stay applied across an operator restart: nothing is stopped again.
    OperatorTestBed.restartOperator();
    awaitConnector(namespace, "dynamodb-supermarket", "running after the restart", ready());
    assertThat(
            OperatorTestBed.kafka()
                .read(topic, 2 * OperatorTestBed.ROWS + 2, Duration.ofSeconds(15)))
        .hasSize(2 * OperatorTestBed.ROWS + 1);
    assertThat(remoteStatus().path("connector").path("state").asText()).isEqualTo("RUNNING");
  }

  private static OffsetsChange alter(
      String requestId, Map<String, Object> partition, Map<String, Object> offset) {
    PartitionOffsetChange entry = new PartitionOffsetChange();
    entry.setPartition(partition);
    entry.setOffset(offset);
    OffsetsChange change = new OffsetsChange();
    change.setRequestId(requestId);
    change.setAlter(List.of(entry));
    return change;
  }

  @Test
  void configAndSecretChangesReachTheConnector() {
    create(seedConnector(namespace, "changing", connectorName));
    String firstHash =
        awaitConnector(namespace, "changing", "Ready", ready()).getStatus().getConfigHash();

    edit(
        "changing",
        c -> {
          c.getSpec().getConfig().put("dynamodb.table.discovery.interval.ms", "120000");
          return c;
        });
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                remoteConfig()
                    .path("dynamodb.table.discovery.interval.ms")
                    .asText()
                    .equals("120000"));
    String secondHash =
        awaitConnector(namespace, "changing", "Ready after the change", ready())
            .getStatus()
            .getConfigHash();
    assertThat(secondHash).isNotEqualTo(firstHash);

    String rotated = AWS_SECRET + "-rotated";
    client
        .secrets()
        .inNamespace(namespace)
        .withName("dynamodb-aws-credentials")
        .edit(
            secret -> {
              secret.setStringData(Map.of("access-key-id", "ABCD", "secret-access-key", rotated));
              secret.setData(null);
              return secret;
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> remoteConfig().path("aws.secret.key").asText().equals(rotated));
    awaitConnector(
        namespace,
        "changing",
        "a new hash",
        c -> ready().test(c) && !c.getStatus().getConfigHash().equals(secondHash));
  }

  @Test
  void outOfBandDeletesAndEditsAreUndone() {
    create(seedConnector(namespace, "drifting", connectorName));
    awaitConnector(namespace, "drifting", "Ready", ready());

    worker().deleteConnector(connectorName);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                !remoteStatus().isMissingNode()
                    && remoteStatus().path("connector").path("state").asText().equals("RUNNING"));

    Map<String, String> edited = new LinkedHashMap<>();
    remoteConfig().fields().forEachRemaining(e -> edited.put(e.getKey(), e.getValue().asText()));
    edited.put("tasks.max", "3");
    worker().putConnector(connectorName, edited);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> remoteConfig().path("tasks.max").asText().equals("1"));
    awaitConnector(namespace, "drifting", "Ready again", ready());

    // Someone replaces the whole config from their own file, without the owner mark: still ours.
    edited.remove(io.customconnectors.operator.config.ConfigResolver.OWNER_KEY);
    worker().putConnector(connectorName, edited);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                remoteConfig().path("tasks.max").asText().equals("1")
                    && remoteConfig()
                        .path(io.customconnectors.operator.config.ConfigResolver.OWNER_KEY)
                        .asText()
                        .equals(namespace + "/drifting"));
    awaitConnector(namespace, "drifting", "Ready after the unmarked edit", ready());
  }

  @Test
  void aFailedTaskIsRestartedWithBackoffUntilTheLimit() {
    try (FlakyEndpoint streams = new FlakyEndpoint(MotoServer.shared().endpoint())) {
      CustomConnector connector = seedConnector(namespace, "flaky", connectorName);
      connector
          .getSpec()
          .getConfig()
          .put("dynamodb.streams.service.endpoint", streams.uri().toString());
      connector.getSpec().getConfig().put("aws.transient.error.timeout.ms", "1000");
      RestartPolicy policy = new RestartPolicy();
      policy.setInitialDelaySeconds(1);
      policy.setMaxDelaySeconds(2);
      policy.setMaxRestarts(2);
      connector.getSpec().setRestartPolicy(policy);
      create(connector);
      awaitConnector(namespace, "flaky", "Ready", ready());

      streams.block();
      CustomConnector failed =
          awaitConnector(
              namespace, "flaky", "degraded", condition("Degraded", true, "TasksFailed"));
      assertThat(Conditions.find(failed.getStatus().getConditions(), "Degraded").getMessage())
          .contains("Cannot reach 127.0.0.1");
      assertThat(failed.getStatus().getTasks().get(0).getTrace()).contains("Cannot reach");

      CustomConnector givenUp =
          awaitConnector(
              namespace,
              "flaky",
              "restart limit",
              Duration.ofSeconds(120),
              condition("Ready", false, "RestartLimitReached"));
      assertThat(givenUp.getStatus().getRestarts().getCount()).isEqualTo(2);
      assertThat(Conditions.find(givenUp.getStatus().getConditions(), "Ready").getMessage())
          .contains("Restarted 2 times");

      streams.unblock();
      edit(
          "flaky",
          c -> {
            c.getSpec().getRestartPolicy().setMaxRestarts(5);
            return c;
          });
      CustomConnector recovered =
          awaitConnector(
              namespace, "flaky", "recovered by a restart", Duration.ofSeconds(120), ready());
      assertThat(recovered.getStatus().getRestarts().getCount()).isEqualTo(3);
    }
  }

  @Test
  void errorsInTheWorkerPodsLogReachStatusAndTheConditionClearsOnceFixed() throws IOException {
    try (FlakyEndpoint streams = new FlakyEndpoint(MotoServer.shared().endpoint());
        KubeletStandIn kubelet = KubeletStandIn.start()) {
      kubelet.servePod(
          client,
          namespace,
          "connect-0",
          Map.of("app", "connect-workers"),
          "connect",
          worker().jvm().logFile());
      streams.block();
      CustomConnector connector = seedConnector(namespace, "pod-logs", connectorName);
      connector
          .getSpec()
          .getConfig()
          .put("dynamodb.streams.service.endpoint", streams.uri().toString());
      connector.getSpec().getConfig().put("aws.transient.error.timeout.ms", "1000");
      RestartPolicy policy = new RestartPolicy();
      policy.setInitialDelaySeconds(1);
      policy.setMaxDelaySeconds(2);
      connector.getSpec().setRestartPolicy(policy);
      Observability observability = new Observability();
      observability.setIntervalSeconds(10);
      connector.getSpec().setObservability(observability);
      Target target = plugin(namespace, "unused", CONNECTOR_CLASS).getSpec().getTarget();
      target.getKafkaConnect().setPodSelector(Map.of("app", "connect-workers"));
      target.getKafkaConnect().setPodContainer("connect");
      connector.getSpec().setTarget(target);
      create(connector);

      CustomConnector failing =
          awaitConnector(
              namespace,
              "pod-logs",
              "errors from the worker pod's log",
              Duration.ofSeconds(120),
              c ->
                  c.getStatus() != null
                      && c.getStatus().getRecentErrors().stream()
                          .anyMatch(e -> e.getSource().startsWith("PodLog")));
      RecentError logged =
          failing.getStatus().getRecentErrors().stream()
              .filter(e -> e.getSource().startsWith("PodLog"))
              .findFirst()
              .orElseThrow();
      assertThat(logged.getClassification()).isEqualTo("NetworkUnreachable");
      assertThat(logged.getMessage()).contains("Cannot reach 127.0.0.1");
      assertThat(logged.getHint()).contains("127.0.0.1");
      assertThat(Conditions.find(failing.getStatus().getConditions(), "LogErrors")).isNotNull();
      assertThat(failing.getStatus().getLogsReadUntil()).containsKey("PodLog");

      // Fixed: the task runs again after a restart, and once nothing new is logged for two
      // intervals the condition goes.
      streams.unblock();
      awaitConnector(
          namespace,
          "pod-logs",
          "running without log errors",
          Duration.ofSeconds(120),
          c ->
              ready().test(c)
                  && Conditions.find(c.getStatus().getConditions(), "LogErrors") == null);
      assertNoSecretLeaked();
    }
  }

  @Test
  void deletingTheResourceDeletesTheConnectorUnlessOrphaned() {
    create(seedConnector(namespace, "doomed", connectorName));
    awaitConnector(namespace, "doomed", "Ready", ready());
    client.resources(CustomConnector.class).inNamespace(namespace).withName("doomed").delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> remoteStatus().isMissingNode());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(CustomConnector.class)
                        .inNamespace(namespace)
                        .withName("doomed")
                        .get()
                    == null);

    CustomConnector orphan = seedConnector(namespace, "orphan", connectorName);
    orphan.getSpec().setDeletionPolicy(DeletionPolicy.ORPHAN);
    create(orphan);
    awaitConnector(namespace, "orphan", "Ready", ready());
    client.resources(CustomConnector.class).inNamespace(namespace).withName("orphan").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(CustomConnector.class)
                        .inNamespace(namespace)
                        .withName("orphan")
                        .get()
                    == null);
    assertThat(remoteStatus().path("connector").path("state").asText()).isEqualTo("RUNNING");
    worker().deleteConnector(connectorName);
  }

  @Test
  void aPluginInUseStaysUntilItsConnectorsAreGone() {
    create(seedConnector(namespace, "user", connectorName));
    awaitConnector(namespace, "user", "Ready", ready());
    client
        .resources(ConnectorPlugin.class)
        .inNamespace(namespace)
        .withName("dynamodb-source")
        .delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ConnectorPlugin plugin =
                  client
                      .resources(ConnectorPlugin.class)
                      .inNamespace(namespace)
                      .withName("dynamodb-source")
                      .get();
              var readyCondition =
                  plugin.getStatus() == null
                      ? null
                      : Conditions.find(plugin.getStatus().getConditions(), "Ready");
              return readyCondition != null
                  && "InUse".equals(readyCondition.getReason())
                  && readyCondition.getMessage().contains("user");
            });
    client.resources(CustomConnector.class).inNamespace(namespace).withName("user").delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .resources(ConnectorPlugin.class)
                        .inNamespace(namespace)
                        .withName("dynamodb-source")
                        .get()
                    == null);
    await().atMost(Duration.ofSeconds(30)).until(() -> remoteStatus().isMissingNode());
  }

  @Test
  void aClassMissingFromTheWorkerIsNamedInThePluginStatus() {
    client.resource(plugin(namespace, "missing", "com.example.NotInstalledConnector")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              ConnectorPlugin plugin =
                  client
                      .resources(ConnectorPlugin.class)
                      .inNamespace(namespace)
                      .withName("missing")
                      .get();
              assertThat(plugin.getStatus()).as("the plugin's status").isNotNull();
              var readyCondition = Conditions.find(plugin.getStatus().getConditions(), "Ready");
              assertThat(readyCondition.getReason()).isEqualTo("NotInstalledOnWorker");
              assertThat(readyCondition.getMessage())
                  .contains("com.example.NotInstalledConnector")
                  .contains("127.0.0.1:" + worker().restUrl().getPort())
                  .contains(CONNECTOR_CLASS);
            });
  }

  @Test
  void aConnectorSomeoneElseOwnsIsNotTakenOver() {
    Map<String, String> foreign = new LinkedHashMap<>();
    foreign.put("connector.class", CONNECTOR_CLASS);
    foreign.put("aws.region", OperatorTestBed.REGION);
    foreign.put("aws.access.key.id", "ABCD");
    foreign.put("aws.secret.key", "someone-elses-secret");
    foreign.put("kafka.topic.prefix", namespace + "-foreign-");
    foreign.put("dynamodb.service.endpoint", MotoServer.shared().endpoint().toString());
    worker().putConnector(connectorName, foreign);

    create(seedConnector(namespace, "clash", connectorName));
    CustomConnector clash =
        awaitConnector(namespace, "clash", "NameTaken", condition("Ready", false, "NameTaken"));
    assertThat(Conditions.find(clash.getStatus().getConditions(), "Ready").getMessage())
        .contains("was not created by this operator")
        .contains(Annotations.ADOPT);
    assertThat(remoteConfig().path("kafka.topic.prefix").asText())
        .isEqualTo(namespace + "-foreign-");

    client.resources(CustomConnector.class).inNamespace(namespace).withName("clash").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(CustomConnector.class)
                        .inNamespace(namespace)
                        .withName("clash")
                        .get()
                    == null);
    assertThat(remoteConfig().path("kafka.topic.prefix").asText())
        .as("deleting the resource must not delete a connector it does not own")
        .isEqualTo(namespace + "-foreign-");
    worker().deleteConnector(connectorName);
  }

  @Test
  void aConnectorCreatedBeforeACrashIsTakenBackWithoutADuplicate() {
    // As if the operator created the connector and died before writing status: the remote
    // connector carries this resource's owner mark, and the resource has no status.
    Map<String, String> created = new LinkedHashMap<>();
    created.put("connector.class", CONNECTOR_CLASS);
    created.put("aws.region", OperatorTestBed.REGION);
    created.put("aws.access.key.id", "ABCD");
    created.put("aws.secret.key", AWS_SECRET);
    created.put("kafka.topic.prefix", namespace + "-");
    created.put("dynamodb.service.endpoint", MotoServer.shared().endpoint().toString());
    created.put("tasks.max", "1");
    created.put(ConfigResolver.OWNER_KEY, namespace + "/resumed");
    worker().putConnector(connectorName, created);

    create(seedConnector(namespace, "resumed", connectorName));
    awaitConnector(namespace, "resumed", "Ready", ready());
    JsonNode all = worker().send("GET", "/connectors", null, 200);
    long same = 0;
    for (JsonNode name : all) {
      same += name.asText().startsWith(connectorName) ? 1 : 0;
    }
    assertThat(same).isEqualTo(1);
  }

  @Test
  void aWorkerOutageDuringCreateAndDeleteIsReportedAndRecovered() {
    worker().stop();
    try {
      create(seedConnector(namespace, "outage", connectorName));
      CustomConnector unreachable =
          awaitConnector(
              namespace,
              "outage",
              "BackendUnreachable",
              condition("Ready", false, "BackendUnreachable"));
      assertThat(Conditions.find(unreachable.getStatus().getConditions(), "Ready").getMessage())
          .contains("Cannot reach Kafka Connect");
    } finally {
      worker().startAgain();
    }
    awaitConnector(namespace, "outage", "Ready after the outage", Duration.ofSeconds(120), ready());

    worker().stop();
    try {
      client.resources(CustomConnector.class).inNamespace(namespace).withName("outage").delete();
      CustomConnector pending =
          awaitConnector(
              namespace, "outage", "DeletePending", condition("Ready", false, "DeletePending"));
      assertThat(Conditions.find(pending.getStatus().getConditions(), "Ready").getMessage())
          .contains("Cannot delete connector")
          .contains(Annotations.FORCE_DELETE);
    } finally {
      worker().startAgain();
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                client
                        .resources(CustomConnector.class)
                        .inNamespace(namespace)
                        .withName("outage")
                        .get()
                    == null);
    await().atMost(Duration.ofSeconds(30)).until(() -> remoteStatus().isMissingNode());
  }

  /** Statuses, events and the operator's log never hold a Secret's value. */
  private void assertNoSecretLeaked() throws IOException {
    for (CustomConnector connector :
        client.resources(CustomConnector.class).inNamespace(namespace).list().getItems()) {
      assertThat(Serialization.asJson(connector.getStatus())).doesNotContain(AWS_SECRET);
    }
    for (Event event : client.v1().events().inNamespace(namespace).list().getItems()) {
      assertThat(event.getMessage()).doesNotContain(AWS_SECRET);
    }
    Path log =
        Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/operator-it.log"));
    String text = Files.readString(log);
    assertThat(text)
        .as("the operator logged its work")
        .contains("Creating connector '" + connectorName + "'");
    assertThat(text).doesNotContain(AWS_SECRET);
  }
}
