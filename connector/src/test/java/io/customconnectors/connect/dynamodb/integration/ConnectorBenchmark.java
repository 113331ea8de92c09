package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.record.ItemJson;
import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Prints, in one run: the connector's snapshot throughput through the real Connect worker at 1 and
 * 4 scan segments, the worker's CPU time per 1,000 records and its heap after each run, next to a
 * single-threaded and a 4-segment Scan → KafkaProducer loop and the raw Scan ceiling of the source,
 * at two table sizes; then the latency from a DynamoDB write to its record in Kafka. Figures only:
 * nothing here fails on a time.
 *
 * <p>Throughput is measured against {@link DynamoDbStandIn}, an in-memory DynamoDB endpoint, since
 * on moto every reader waits for moto's Python Scan; the latency needs a real stream, so it is
 * measured on moto.
 *
 * <p>{@code ./mvnw -B install -DskipTests && ./mvnw -B -pl connector verify -Pbenchmark
 * -Dit.test=ConnectorBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ConnectorBenchmark {

  private static final int SEGMENTS = 4;
  private static final List<Long> TABLE_SIZES = List.of(100_000L, 1_000_000L);
  private static final int LATENCY_TABLE_ROWS = 1_000;
  private static final int CHANGES = 300;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  /**
   * One connector snapshot: items/s; the worker's CPU per 1,000 records, in all and per thread
   * role; its GC time per 1,000 records; its heap after a full GC once the snapshot is in Kafka.
   */
  private record ConnectorRun(
      double rate,
      double cpuMillisPerThousand,
      Map<String, Double> cpuMillisPerThousandByThread,
      double gcMillisPerThousand,
      long heapAfterBytes) {}

  /**
   * The source's ceiling: items/s of a bare parallel Scan, and the CPU per 1,000 items it took on
   * either side, the stand-in's request handlers and the SDK client (this JVM's CPU less theirs).
   */
  private record Ceiling(double rate, double standInCpuPerThousand, double clientCpuPerThousand) {}

  /** Everything measured on one table size. */
  private record Figures(
      long items,
      Ceiling sourceCeiling,
      double oneThreadLoop,
      double parallelLoop,
      ConnectorRun oneSegment,
      ConnectorRun fourSegments) {}

  @Test
  void printFigures() throws Exception {
    Map<String, Long> tables = new LinkedHashMap<>();
    TABLE_SIZES.forEach(items -> tables.put(tableName(items), items));
    List<Figures> figures = new ArrayList<>();
    try (WorkerJvm worker = WorkerJvm.attach(connect().jmxPort());
        DynamoDbStandIn standIn = DynamoDbStandIn.start(tables);
        DynamoDbClient client = client(standIn)) {
      long idleHeap = worker.heapAfterGc();
      // Untimed: lets the JIT compile the SDK's and the stand-in's hot paths first.
      for (int pass = 0; pass < 3; pass++) {
        scanAndDiscard(standIn, client, tableName(TABLE_SIZES.get(0)), SEGMENTS);
      }
      for (long items : TABLE_SIZES) {
        figures.add(measure(standIn, client, worker, tableName(items), items));
      }
      List<Long> latencies = motoStreamLatencies();
      print(figures, idleHeap, latencies);
    }
  }

  private static String tableName(long items) {
    return "Supermart_" + (items >= 1_000_000 ? items / 1_000_000 + "M" : items / 1_000 + "k");
  }

  private static DynamoDbClient client(DynamoDbStandIn standIn) {
    return DynamoDbClient.builder()
        .endpointOverride(standIn.endpoint())
        .region(Region.of(DynamoDbStandIn.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ABCD", "123")))
        .build();
  }

  private static Figures measure(
      DynamoDbStandIn standIn, DynamoDbClient client, WorkerJvm worker, String table, long items)
      throws Exception {
    String oneThreadTopic = "bench-loop1-" + table;
    String parallelTopic = "bench-loop" + SEGMENTS + "-" + table;
    createTopics(
        oneThreadTopic,
        parallelTopic,
        connectorTopicPrefix(1) + table,
        connectorTopicPrefix(SEGMENTS) + table);
    Ceiling ceiling = scanAndDiscard(standIn, client, table, SEGMENTS);
    double oneThread = scanIntoKafka(client, table, 1, oneThreadTopic, items);
    double parallel = scanIntoKafka(client, table, SEGMENTS, parallelTopic, items);
    ConnectorRun oneSegment = connectorSnapshot(standIn, worker, table, items, 1);
    ConnectorRun fourSegments = connectorSnapshot(standIn, worker, table, items, SEGMENTS);
    return new Figures(items, ceiling, oneThread, parallel, oneSegment, fourSegments);
  }

  /** Topics exist before anything writes, so no metadata refresh or auto-creation is timed. */
  private static void createTopics(String... topics) throws Exception {
    try (Admin admin = TestBed.kafka().admin()) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, 1, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  /** The source's own ceiling: a parallel SDK Scan that throws the items away. */
  private static Ceiling scanAndDiscard(
      DynamoDbStandIn standIn, DynamoDbClient client, String table, int segments) throws Exception {
    com.sun.management.OperatingSystemMXBean process =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicLong scanned = new AtomicLong();
    long processCpu = process.getProcessCpuTime();
    long standInCpu = standIn.handlerCpuNanos();
    long started = System.nanoTime();
    scanInParallel(client, table, segments, page -> scanned.addAndGet(page.count()));
    double seconds = (System.nanoTime() - started) / 1e9;
    double standInMillis = (standIn.handlerCpuNanos() - standInCpu) / 1e6;
    double processMillis = (process.getProcessCpuTime() - processCpu) / 1e6;
    double thousands = scanned.get() / 1e3;
    return new Ceiling(
        scanned.get() / seconds,
        standInMillis / thousands,
        (processMillis - standInMillis) / thousands);
  }

  /**
   * A hand-written connector: Scan, write each item as JSON, send it with a KafkaProducer; timed
   * from the first Scan to the last record in Kafka.
   */
  private static double scanIntoKafka(
      DynamoDbClient client, String table, int segments, String topic, long items)
      throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBed.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long started = System.currentTimeMillis();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      scanInParallel(
          client,
          table,
          segments,
          page -> {
            for (Map<String, AttributeValue> item : page.items()) {
              producer.send(
                  new ProducerRecord<>(
                      topic,
                      item.get(SupermartTable.PARTITION_KEY).s(),
                      ItemJson.write(item, DocumentFormat.JSON)));
            }
          });
      producer.flush();
    }
    long last = awaitRecords(topic, items);
    return items / ((last - started) / 1e3);
  }

  /** Scans every segment on a thread of its own, handing each page to {@code pages}. */
  private static void scanInParallel(
      DynamoDbClient client, String table, int segments, Consumer<ScanResponse> pages)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(segments);
    try {
      List<Future<?>> scans = new ArrayList<>();
      for (int segment = 0; segment < segments; segment++) {
        int current = segment;
        scans.add(
            threads.submit(
                () -> {
                  Map<String, AttributeValue> start = null;
                  do {
                    Map<String, AttributeValue> from = start;
                    ScanResponse page =
                        client.scan(
                            scan ->
                                scan.tableName(table)
                                    .segment(current)
                                    .totalSegments(segments)
                                    .exclusiveStartKey(from));
                    pages.accept(page);
                    start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
                  } while (start != null);
                  return null;
                }));
      }
      for (Future<?> scan : scans) {
        scan.get();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static String connectorTopicPrefix(int segments) {
    return "bench-s" + segments + "-";
  }

  /**
   * The connector's snapshot through the real worker, timed from its start (the snapshot records'
   * timestamp) to its last record in Kafka; the worker's CPU time from the connector's creation to
   * that record (task start-up, Connect's converter and producer included).
   */
  private static ConnectorRun connectorSnapshot(
      DynamoDbStandIn standIn, WorkerJvm worker, String table, long items, int segments)
      throws Exception {
    String prefix = connectorTopicPrefix(segments);
    String name = "benchmark-" + segments + "-" + table;
    Map<String, String> config = TestBed.seedConfig(prefix);
    config.put("dynamodb.service.endpoint", standIn.endpoint().toString());
    config.put("dynamodb.tables.include", table);
    config.put("snapshot.scan.segments", Integer.toString(segments));
    // The stand-in reports real consumed capacity; the default on-demand budget (1000 RCU/s,
    // about 8 MB/s) would be what this measures instead of the connector.
    config.put("snapshot.read.capacity.on.demand", "0");
    long cpuBefore = worker.cpuNanos();
    Map<Long, Long> threadsBefore = worker.threadCpuNanos();
    long gcBefore = worker.gcMillis();
    connect().putConnector(name, config);
    try {
      long last = awaitRecords(prefix + table, items);
      long cpu = worker.cpuNanos() - cpuBefore;
      long gc = worker.gcMillis() - gcBefore;
      Map<String, Double> byThread = new LinkedHashMap<>();
      Map<String, Long> byRole = worker.cpuNanosByRole(threadsBefore);
      byRole.forEach((role, nanos) -> byThread.put(role, nanos / 1e6 / items * 1_000));
      // JVM threads that are not Java threads (GC, JIT compilers) are in the process's CPU only.
      long javaThreads = byRole.values().stream().mapToLong(Long::longValue).sum();
      byThread.put(WorkerJvm.JVM_INTERNAL, (cpu - javaThreads) / 1e6 / items * 1_000);
      long started = firstTimestamp(prefix + table);
      return new ConnectorRun(
          items / ((last - started) / 1e3),
          cpu / 1e6 / items * 1_000,
          byThread,
          gc / (double) items * 1_000,
          worker.heapAfterGc());
    } finally {
      connect().deleteConnector(name);
    }
  }

  /** When a single-partition topic holds {@code count} records (its end offset; no consumer). */
  private static long awaitRecords(String topic, long count) throws Exception {
    TopicPartition partition = new TopicPartition(topic, 0);
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    try (Admin admin = TestBed.kafka().admin()) {
      long end = 0;
      while (System.nanoTime() < deadline) {
        end =
            admin
                .listOffsets(Map.of(partition, OffsetSpec.latest()))
                .partitionResult(partition)
                .get()
                .offset();
        if (end >= count) {
          return System.currentTimeMillis();
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException(
          topic + " holds " + end + " of " + count + " records after " + RUN_TIMEOUT);
    }
  }

  private static long firstTimestamp(String topic) {
    try (KafkaConsumer<String, String> consumer = TestBed.kafka().newConsumer()) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      while (true) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          return records.iterator().next().timestamp();
        }
      }
    }
  }

  /** The moto part: a small Supermart table, snapshotted, then single writes timed into Kafka. */
  private static List<Long> motoStreamLatencies() throws Exception {
    TestBed.moto().reset();
    String topic = "bench-" + SupermartTable.TABLE;
    createTopics(topic);
    try (DynamoDbClient dynamo = TestBed.dynamo()) {
      SupermartTable.populate(
          dynamo,
          SupermartTable.TABLE,
          SupermartSales.generate(LATENCY_TABLE_ROWS, SupermartSales.DEFAULT_SEED));
      Map<String, String> config = TestBed.seedConfig("bench-");
      config.put("dynamodb.tables.include", SupermartTable.TABLE);
      connect().putConnector("benchmark-latency", config);
      awaitRecords(topic, LATENCY_TABLE_ROWS);
      List<Long> latencies = streamLatencies(dynamo, topic);
      latencies.sort(null);
      return latencies;
    } finally {
      connect().deleteConnector("benchmark-latency");
    }
  }

  /** Writes items one by one and measures each write's delay until its record is in Kafka. */
  private static List<Long> streamLatencies(DynamoDbClient dynamo, String topic) throws Exception {
    Map<String, Long> written = new ConcurrentHashMap<>();
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              try (KafkaConsumer<String, String> consumer = TestBed.kafka().newConsumer()) {
                consumer.subscribe(List.of(topic));
                while (!done.get()) {
                  for (ConsumerRecord<String, String> record :
                      consumer.poll(Duration.ofMillis(20))) {
                    String key = TestBed.key(record, "OrderID");
                    if (key.startsWith("LAT")) {
                      arrived.putIfAbsent(key, System.nanoTime());
                    }
                  }
                }
              }
            });
    reader.start();
    Thread.sleep(3_000); // let the consumer join and reach the end of the snapshot
    for (int i = 0; i < CHANGES; i++) {
      String key = "LAT" + i;
      dynamo.putItem(
          put ->
              put.tableName(SupermartTable.TABLE)
                  .item(
                      Map.of(
                          SupermartTable.PARTITION_KEY,
                          AttributeValue.fromS(key),
                          "Sales",
                          AttributeValue.fromN("1"))));
      written.put(key, System.nanoTime());
      Thread.sleep(20);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (arrived.size() < CHANGES && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    done.set(true);
    reader.join();
    List<Long> latencies = new ArrayList<>();
    written.forEach(
        (key, at) -> {
          Long received = arrived.get(key);
          if (received != null) {
            latencies.add((received - at) / 1_000_000);
          }
        });
    return latencies;
  }

  private static void print(List<Figures> figures, long idleHeap, List<Long> latencies) {
    System.out.println();
    System.out.printf(
        "=== DynamoDB source connector benchmark (in-memory DynamoDB stand-in, Supermart-shaped"
            + " items, 1 Kafka broker, %d cores) ===%n",
        Runtime.getRuntime().availableProcessors());
    row("items in the table", figures, f -> String.format("%,d", f.items()));
    row(
        "source ceiling: SDK Scan, " + SEGMENTS + " segments, items discarded",
        figures,
        f -> rate(f.sourceCeiling().rate()));
    row(
        "  its CPU per 1,000 items: stand-in / SDK client",
        figures,
        f ->
            String.format(
                "%.1f / %.1f ms",
                f.sourceCeiling().standInCpuPerThousand(),
                f.sourceCeiling().clientCpuPerThousand()));
    row("Scan -> KafkaProducer loop, 1 thread", figures, f -> rate(f.oneThreadLoop()));
    row(
        "Scan -> KafkaProducer loop, " + SEGMENTS + " segments",
        figures,
        f -> rate(f.parallelLoop()));
    row("connector, 1 segment", figures, f -> rate(f.oneSegment().rate()));
    row("connector, " + SEGMENTS + " segments", figures, f -> rate(f.fourSegments().rate()));
    row(
        "worker CPU per 1,000 records, 1 / " + SEGMENTS + " segments",
        figures,
        f ->
            String.format(
                "%.1f / %.1f ms",
                f.oneSegment().cpuMillisPerThousand(), f.fourSegments().cpuMillisPerThousand()));
    List<String> roles = new ArrayList<>();
    WorkerJvm.ROLES.forEach(role -> roles.add(role.name()));
    roles.add(WorkerJvm.OTHER);
    roles.add(WorkerJvm.JVM_INTERNAL);
    for (String role : roles) {
      row(
          "  of which " + role + ", 1 / " + SEGMENTS + " segments",
          figures,
          f ->
              String.format(
                  "%.1f / %.1f ms",
                  f.oneSegment().cpuMillisPerThousandByThread().getOrDefault(role, 0.0),
                  f.fourSegments().cpuMillisPerThousandByThread().getOrDefault(role, 0.0)));
    }
    row(
        "worker GC pause time per 1,000 records, 1 / " + SEGMENTS + " segments",
        figures,
        f ->
            String.format(
                "%.1f / %.1f ms",
                f.oneSegment().gcMillisPerThousand(), f.fourSegments().gcMillisPerThousand()));
    row(
        "worker heap after GC, after 1 / " + SEGMENTS + " segments",
        figures,
        f ->
            String.format(
                "%d / %d MiB",
                f.oneSegment().heapAfterBytes() >> 20, f.fourSegments().heapAfterBytes() >> 20));
    System.out.printf(
        "(worker heap after GC before the first connector: %d MiB)%n", idleHeap >> 20);
    row(
        "check: source ceiling / connector (" + SEGMENTS + ") >= 10",
        figures,
        f -> ratio(f.sourceCeiling().rate() / f.fourSegments().rate(), 10));
    row(
        "check: worker CPU / stand-in CPU per 1,000 records >= 10",
        figures,
        f ->
            ratio(
                f.fourSegments().cpuMillisPerThousand() / f.sourceCeiling().standInCpuPerThousand(),
                10));
    row(
        "target: connector (" + SEGMENTS + ") / 1-thread loop >= 2",
        figures,
        f -> ratio(f.fourSegments().rate() / f.oneThreadLoop(), 2));
    row(
        "target: connector (" + SEGMENTS + ") / " + SEGMENTS + "-segment loop >= 0.8",
        figures,
        f -> ratio(f.fourSegments().rate() / f.parallelLoop(), 0.8));
    if (!latencies.isEmpty()) {
      System.out.printf(
          "moto: stream change -> record latency over %d writes: p50 %d ms, p99 %d ms, max %d"
              + " ms%n",
          latencies.size(),
          percentile(latencies, 50),
          percentile(latencies, 99),
          latencies.get(latencies.size() - 1));
    }
    System.out.println();
  }

  private static void row(String label, List<Figures> figures, Function<Figures, String> value) {
    StringBuilder line = new StringBuilder(String.format("%-58s", label));
    for (Figures f : figures) {
      line.append(String.format("%22s", value.apply(f)));
    }
    System.out.println(line);
  }

  private static String rate(double itemsPerSecond) {
    return String.format("%,.0f items/s", itemsPerSecond);
  }

  private static String ratio(double value, double target) {
    return String.format("%.2fx %s", value, value >= target ? "met" : "NOT met");
  }

  private static long percentile(List<Long> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** The Connect worker's JVM as its JMX port shows it: process CPU time and heap. */
  private static final class WorkerJvm implements AutoCloseable {

    /**
     * Thread name prefixes to what the threads do, to tell the connector's own cost from Connect's:
     * the table readers scan and build records, the task thread polls them, converts them with the
     * JsonConverter and hands them to the producer, whose I/O thread sends them.
     */
    static final List<Role> ROLES =
        List.of(
            new Role("dynamodb-", "table readers (Scan, records)"),
            new Role("task-thread-", "Connect task thread (convert, send)"),
            new Role("kafka-producer-network-thread", "producer I/O thread"));

    static final String OTHER = "other worker threads";
    static final String JVM_INTERNAL = "GC and JIT threads";

    record Role(String threadPrefix, String name) {}

    private final JMXConnector jmx;
    private final com.sun.management.OperatingSystemMXBean os;
    private final MemoryMXBean memory;
    private final com.sun.management.ThreadMXBean threads;

    private WorkerJvm(
        JMXConnector jmx,
        com.sun.management.OperatingSystemMXBean os,
        MemoryMXBean memory,
        com.sun.management.ThreadMXBean threads) {
      this.jmx = jmx;
      this.os = os;
      this.memory = memory;
      this.threads = threads;
    }

    /** CPU time of each live thread, by thread id. */
    Map<Long, Long> threadCpuNanos() {
      long[] ids = threads.getAllThreadIds();
      long[] cpu = threads.getThreadCpuTime(ids);
      Map<Long, Long> byId = new LinkedHashMap<>();
      for (int i = 0; i < ids.length; i++) {
        byId.put(ids[i], Math.max(0, cpu[i]));
      }
      return byId;
    }

    /** CPU time since {@code before} per role; threads that ended in between are not counted. */
    Map<String, Long> cpuNanosByRole(Map<Long, Long> before) {
      Map<Long, Long> now = threadCpuNanos();
      long[] ids = now.keySet().stream().mapToLong(Long::longValue).toArray();
      Map<String, Long> byRole = new LinkedHashMap<>();
      for (ThreadInfo info : threads.getThreadInfo(ids)) {
        if (info == null) {
          continue;
        }
        long used = now.get(info.getThreadId()) - before.getOrDefault(info.getThreadId(), 0L);
        String role = OTHER;
        for (Role known : ROLES) {
          if (info.getThreadName().startsWith(known.threadPrefix())) {
            role = known.name();
          }
        }
        byRole.merge(role, used, Long::sum);
      }
      return byRole;
    }

    static WorkerJvm attach(int port) throws Exception {
      JMXConnector jmx =
          JMXConnectorFactory.connect(
              new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"));
      MBeanServerConnection beans = jmx.getMBeanServerConnection();
      return new WorkerJvm(
          jmx,
          ManagementFactory.newPlatformMXBeanProxy(
              beans,
              ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
              com.sun.management.OperatingSystemMXBean.class),
          ManagementFactory.newPlatformMXBeanProxy(
              beans, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class),
          ManagementFactory.newPlatformMXBeanProxy(
              beans, ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class));
    }

    long cpuNanos() {
      return os.getProcessCpuTime();
    }

    /** Time spent in garbage collection so far, all collectors. */
    long gcMillis() throws IOException {
      long total = 0;
      for (GarbageCollectorMXBean collector :
          ManagementFactory.getPlatformMXBeans(
              jmx.getMBeanServerConnection(), GarbageCollectorMXBean.class)) {
        total += Math.max(0, collector.getCollectionTime());
      }
      return total;
    }

    /** Heap still in use after a full GC: what the worker retains, not what it has yet to free. */
    long heapAfterGc() {
      memory.gc();
      return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() throws Exception {
      jmx.close();
    }
  }
}
