package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.PluginRef;
import io.customconnectors.operator.backend.kafkaconnect.FakeKafkaConnect;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.testkit.support.ChildJvm;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * How the operator scales (run with {@code ./mvnw -B -pl operator verify -Pbenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false} after an install): N CustomConnectors applied at once
 * against an in-memory Kafka Connect (100 and 1,000) and against the real worker (100 FileStream
 * source connectors), printing the time until all are Ready, the p50/p99 of apply → Ready, the list
 * calls per poll interval once everything is Ready, and the test JVM's RSS. Figures are printed,
 * never asserted against a time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorBenchmark {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final String FILE_SOURCE =
      "org.apache.kafka.connect.file.FileStreamSourceConnector";

  /** The JVM options the operator is measured with, as a container would set them. */
  private static final List<String> OPERATOR_JVM =
      List.of("-Xmx192m", "-Xss512k", "-XX:+UseSerialGC");

  private static KubernetesClient client;
  private static ChildJvm operator;

  /** The operator runs in a process of its own, so its RSS is its own. */
  @BeforeAll
  static void start() {
    // The real worker starts only for the test that uses it: a Connect worker (and its broker)
    // starting up beside an in-memory run would measure their start-up, not the operator.
    client = ApiServerWithCrds.client();
    operator =
        ChildJvm.start(
            "operator",
            System.getProperty("java.class.path"),
            operatorJvm(),
            "io.customconnectors.operator.OperatorMain",
            List.of(),
            Path.of("target", "benchmark-operator.log"),
            Map.of(
                "KUBECONFIG",
                ApiServerWithCrds.server().kubeconfigFile().toString(),
                "POLL_INTERVAL",
                POLL.toMillis() + "ms",
                "HEALTH_PORT",
                "0",
                "RECONCILE_THREADS",
                System.getProperty("benchmark.reconcileThreads", "10")));
  }

  /** The JVM options, plus any given in -Dbenchmark.jvmOptions (e.g. to record a JFR profile). */
  private static List<String> operatorJvm() {
    List<String> options = new ArrayList<>(OPERATOR_JVM);
    String extra = System.getProperty("benchmark.jvmOptions", "");
    if (!extra.isBlank()) {
      options.addAll(List.of(extra.trim().split("\\s+")));
    }
    return options;
  }

  @AfterAll
  static void stop() {
    operator.stop();
  }

  /**
   * 100 applied in the same second, twice: right after the operator started (its JIT and the API
   * server's caches cold), and again once it has run a while, as an operator in service has.
   */
  @Test
  @Order(1)
  void hundredOnAnInMemoryConnect() throws Exception {
    for (String when : List.of("just started", "warm")) {
      try (FakeKafkaConnect connect = new FakeKafkaConnect()) {
        run(
            "in-memory Connect, operator " + when,
            100,
            connect.url().toString(),
            OperatorTestBed.CONNECTOR_CLASS,
            connect);
      }
    }
  }

  @Test
  @Order(3)
  void thousandOnAnInMemoryConnect() throws Exception {
    try (FakeKafkaConnect connect = new FakeKafkaConnect()) {
      run(
          "in-memory Connect",
          1000,
          connect.url().toString(),
          OperatorTestBed.CONNECTOR_CLASS,
          connect);
    }
  }

  /**
   * Scale: 5,000 connectors on one cluster (target: all Ready in under 3 minutes, RSS < 400 MiB).
   */
  @Test
  @Order(4)
  void fiveThousandOnAnInMemoryConnect() throws Exception {
    try (FakeKafkaConnect connect = new FakeKafkaConnect()) {
      run(
          "in-memory Connect",
          5000,
          connect.url().toString(),
          OperatorTestBed.CONNECTOR_CLASS,
          connect);
    }
  }

  /** Apply → Ready of a single connector at a time: the operator's own latency, no queue. */
  @Test
  @Order(2)
  void oneAtATimeOnAnInMemoryConnect() throws Exception {
    try (FakeKafkaConnect connect = new FakeKafkaConnect()) {
      String namespace = ApiServerWithCrds.newNamespace("bench");
      ConnectorPlugin plugin =
          OperatorTestBed.plugin(
              namespace, "plugin", OperatorTestBed.CONNECTOR_CLASS, connect.url().toString());
      client.resource(plugin).create();
      await().atMost(Duration.ofSeconds(60)).until(() -> pluginReady(namespace));
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String name = "single" + i;
        long applied = System.nanoTime();
        client.resource(connector(namespace, name, Map.of("aws.region", "us-east-2"))).create();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(10))
            .until(
                () -> {
                  CustomConnector current =
                      client
                          .resources(CustomConnector.class)
                          .inNamespace(namespace)
                          .withName(name)
                          .get();
                  return current.getStatus() != null
                      && Conditions.isTrue(current.getStatus().getConditions(), "Ready");
                });
        latencies.add(System.nanoTime() - applied);
      }
      System.out.printf(
          "%n[operator benchmark] 100 CustomConnectors applied one at a time on in-memory Connect%n"
              + "  apply -> Ready p50/p95/p99 %s ms%n"
              + "  creates / config PUTs      %6d / %d%n",
          percentiles(latencies),
          connect.count("POST /connectors"),
          connect.count("PUT /connectors/") - connect.count("PUT /connectors/single0/pause"));
      client.resources(CustomConnector.class).inNamespace(namespace).delete();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  client
                      .resources(CustomConnector.class)
                      .inNamespace(namespace)
                      .list()
                      .getItems()
                      .isEmpty());
    }
  }

  /**
   * 2,000 Helm release Secrets of 100 KB in a watched namespace (200 MB, as a cluster with many
   * releases has): the operator never caches them, so its RSS stays where it was.
   */
  @Test
  @Order(5)
  void twoThousandHelmReleaseSecretsDoNotGrowTheOperator() throws Exception {
    String namespace = ApiServerWithCrds.newNamespace("helm");
    // The operator at work first (a plugin on an in-memory Connect), and settled.
    try (FakeKafkaConnect connect = new FakeKafkaConnect()) {
      client
          .resource(
              OperatorTestBed.plugin(
                  namespace, "plugin", OperatorTestBed.CONNECTOR_CLASS, connect.url().toString()))
          .create();
      await().atMost(Duration.ofSeconds(60)).until(() -> pluginReady(namespace));
    }
    long before = settledRssMiB();
    String payload = "H4sI".repeat(25_000); // 100 KB, as a release's gzipped manifest
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 2000; i++) {
      String name = "sh.helm.release.v1.app" + i + ".v1";
      creators.execute(
          () ->
              client
                  .secrets()
                  .inNamespace(namespace)
                  .resource(
                      new io.fabric8.kubernetes.api.model.SecretBuilder()
                          .withNewMetadata()
                          .withName(name)
                          .endMetadata()
                          .withType("helm.sh/release.v1")
                          .withStringData(Map.of("release", payload))
                          .build())
                  .create());
    }
    creators.shutdown();
    creators.awaitTermination(10, TimeUnit.MINUTES);
    // Whatever an informer would do with them, it has done within a few poll intervals.
    Thread.sleep(POLL.multipliedBy(10).toMillis());
    long after = settledRssMiB();
    System.out.printf(
        "%n[operator benchmark] 2,000 Helm release Secrets of 100 KB in a watched namespace%n"
            + "  operator RSS before / after  %d / %d MiB (%+d MiB)%n",
        before, after, after - before);
    client.namespaces().withName(namespace).delete();
  }

  @Test
  @Order(6)
  void hundredOnTheRealWorker() throws Exception {
    OperatorTestBed.infrastructure();
    run(
        "real Connect worker",
        100,
        OperatorTestBed.worker().restUrl().toString(),
        FILE_SOURCE,
        null);
  }

  private void run(
      String where, int count, String url, String connectorClass, FakeKafkaConnect fake)
      throws Exception {
    String namespace = ApiServerWithCrds.newNamespace("bench");
    ConnectorPlugin plugin = OperatorTestBed.plugin(namespace, "plugin", connectorClass, url);
    client.resource(plugin).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> pluginReady(namespace));

    Map<String, Long> applied = new ConcurrentHashMap<>();
    Map<String, Long> ready = new ConcurrentHashMap<>();
    // Each update the informer sees is one write to the API server: the finalizer, a status.
    Map<String, Integer> writesToReady = new ConcurrentHashMap<>();
    // When the operator took each connector in: its finalizer, the operator's first write.
    Map<String, Long> finalized = new ConcurrentHashMap<>();
    SharedIndexInformer<CustomConnector> informer =
        client
            .resources(CustomConnector.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(CustomConnector connector) {
                    check(connector);
                  }

                  @Override
                  public void onUpdate(CustomConnector before, CustomConnector after) {
                    if (!ready.containsKey(after.getMetadata().getName())) {
                      writesToReady.merge(after.getMetadata().getName(), 1, Integer::sum);
                    }
                    if (!after.getMetadata().getFinalizers().isEmpty()) {
                      finalized.putIfAbsent(after.getMetadata().getName(), System.nanoTime());
                    }
                    check(after);
                  }

                  @Override
                  public void onDelete(CustomConnector connector, boolean unknown) {}

                  private void check(CustomConnector connector) {
                    if (connector.getStatus() != null
                        && Conditions.isTrue(connector.getStatus().getConditions(), "Ready")) {
                      ready.putIfAbsent(connector.getMetadata().getName(), System.nanoTime());
                    }
                  }
                });
    long started = System.nanoTime();
    ExecutorService appliers = Executors.newFixedThreadPool(8);
    for (int i = 0; i < count; i++) {
      String name = "c" + i;
      appliers.execute(
          () -> {
            applied.put(name, System.nanoTime());
            client
                .resource(
                    connector(
                        namespace,
                        name,
                        where.startsWith("real")
                            ? Map.of(
                                "topic", namespace + "-" + name, "file", "/nonexistent/" + name)
                            : Map.of("aws.region", "us-east-2")))
                .create();
          });
    }
    appliers.shutdown();
    appliers.awaitTermination(5, TimeUnit.MINUTES);
    long appliedAll = System.nanoTime();
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ready.size() == count);
    long readyAll = System.nanoTime();

    List<Long> latencies = new ArrayList<>();
    List<Long> toFinalizer = new ArrayList<>();
    List<Long> finalizerToReady = new ArrayList<>();
    applied.forEach(
        (name, at) -> {
          latencies.add(ready.get(name) - at);
          toFinalizer.add(finalized.getOrDefault(name, ready.get(name)) - at);
          finalizerToReady.add(ready.get(name) - finalized.getOrDefault(name, ready.get(name)));
        });
    Map<String, Integer> eventsPerConnector = new java.util.HashMap<>();
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(e -> eventsPerConnector.merge(e.getInvolvedObject().getName(), 1, Integer::sum));
    eventsPerConnector.remove("plugin");

    long fakeBefore = fake == null ? 0 : fake.count("GET /connectors?");
    Thread.sleep(POLL.multipliedBy(10).toMillis());
    double perInterval = fake == null ? -1 : (fake.count("GET /connectors?") - fakeBefore) / 10.0;

    System.out.printf(
        "%n[operator benchmark] %d CustomConnectors on %s (poll every %d ms)%n"
            + "  applied in                 %6d ms%n"
            + "  all Ready after            %6d ms (from the first apply)%n"
            + "  apply -> Ready p50/p95/p99 %s ms%n"
            + "    of which to finalizer    %s ms%n"
            + "    finalizer -> Ready       %s ms%n"
            + "  writes on the way to Ready %s (finalizer + status writes per connector)%n"
            + "  events per connector       %s%n"
            + "  list calls per interval    %s%n"
            + "  creates / config PUTs      %s%n"
            + "  operator RSS               %6d MiB (%s)%n",
        count,
        where,
        POLL.toMillis(),
        (appliedAll - started) / 1_000_000,
        (readyAll - started) / 1_000_000,
        percentiles(latencies),
        percentiles(toFinalizer),
        percentiles(finalizerToReady),
        spread(writesToReady.values()),
        spread(eventsPerConnector.values()),
        fake == null
            ? "  (not counted on the real worker)"
            : String.format("%6.1f (one cluster)", perInterval),
        fake == null
            ? "  (not counted on the real worker)"
            : String.format(
                "%6d / %d", fake.count("POST /connectors"), fake.count("PUT /connectors/")),
        rssMiB(operator.pid()),
        String.join(" ", OPERATOR_JVM));
    informer.close();
    client.resources(CustomConnector.class).inNamespace(namespace).delete();
    await()
        .atMost(Duration.ofMinutes(5))
        .until(
            () ->
                client
                    .resources(CustomConnector.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());
    if (fake != null) {
      assertThat(fake.connectors()).isEmpty();
    }
  }

  /** p50 / p95 / p99 of nanosecond latencies, in milliseconds. */
  private static String percentiles(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(Long::compare);
    return String.format(
        "%6d / %d / %d",
        at(sorted, 0.50) / 1_000_000, at(sorted, 0.95) / 1_000_000, at(sorted, 0.99) / 1_000_000);
  }

  private static long at(List<Long> sorted, double quantile) {
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * quantile) - 1));
  }

  /** min / mean / max of per-connector counts. */
  private static String spread(java.util.Collection<Integer> counts) {
    var stats = counts.stream().mapToInt(Integer::intValue).summaryStatistics();
    return counts.isEmpty()
        ? "none"
        : String.format(
            "%d / %.2f / %d (min/mean/max)", stats.getMin(), stats.getAverage(), stats.getMax());
  }

  private static boolean pluginReady(String namespace) {
    ConnectorPlugin plugin =
        client.resources(ConnectorPlugin.class).inNamespace(namespace).withName("plugin").get();
    return plugin.getStatus() != null
        && Conditions.isTrue(plugin.getStatus().getConditions(), "Ready");
  }

  private static CustomConnector connector(
      String namespace, String name, Map<String, String> config) {
    CustomConnector connector = new CustomConnector();
    connector.getMetadata().setName(name);
    connector.getMetadata().setNamespace(namespace);
    CustomConnectorSpec spec = new CustomConnectorSpec();
    PluginRef ref = new PluginRef();
    ref.setName("plugin");
    spec.setPluginRef(ref);
    spec.setConfig(config);
    spec.setTasksMax(1);
    connector.setSpec(spec);
    return connector;
  }

  /** The operator's RSS once two samples 5 s apart differ by less than 2 MiB (at most a minute). */
  private static long settledRssMiB() throws Exception {
    long last = rssMiB(operator.pid());
    for (int i = 0; i < 12; i++) {
      Thread.sleep(5_000);
      long now = rssMiB(operator.pid());
      if (Math.abs(now - last) < 2) {
        return now;
      }
      last = now;
    }
    return last;
  }

  private static long rssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
