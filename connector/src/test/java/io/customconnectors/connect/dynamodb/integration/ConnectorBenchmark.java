package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.record.ItemJson;
import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Prints, in one run on the same data and the same test bed: the throughput of a raw parallel Scan
 * piped into a Kafka producer (the ceiling), the connector's snapshot throughput, and the latency
 * from a DynamoDB write to its record in Kafka. Figures only: nothing here can fail on time.
 *
 * <p>{@code ./mvnw -B install -DskipTests && ./mvnw -B -pl connector verify -Pbenchmark
 * -Dit.test=ConnectorBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ConnectorBenchmark {

  private static final int SEGMENTS = 4;
  private static final int CHANGES = 300;
  private static final String CEILING_TOPIC = "bench-ceiling";
  private static final String CONNECTOR_TOPIC = "bench-" + SupermartTable.TABLE;

  @Test
  void printFigures() throws Exception {
    TestBed.moto().reset();
    List<SupermartSales.Row> rows = SupermartSales.generate();
    try (Admin admin = TestBed.kafka().admin()) {
      // Topics exist before the consumers subscribe, so no metadata refresh delays the figures.
      admin
          .createTopics(
              List.of(
                  new NewTopic(CEILING_TOPIC, 1, (short) 1),
                  new NewTopic(CONNECTOR_TOPIC, 1, (short) 1)))
          .all()
          .get();
    }
    try (DynamoDbClient dynamo = TestBed.dynamo()) {
      SupermartTable.populate(dynamo, SupermartTable.TABLE, rows);
      double ceiling = ceiling(dynamo, rows.size());
      Timing snapshot = connectorSnapshot(rows.size());
      List<Long> latencies = streamLatencies(dynamo);

      latencies.sort(null);
      System.out.println();
      System.out.println(
          "=== DynamoDB source connector benchmark ("
              + rows.size()
              + " Supermart items, moto, 1 Kafka broker) ===");
      System.out.printf(
          "ceiling: parallel Scan (%d segments) -> KafkaProducer   %8.0f items/s%n",
          SEGMENTS, ceiling);
      System.out.printf(
          "connector snapshot (start -> last record in Kafka)  %8.0f items/s  (%.2fx the ceiling)%n",
          snapshot.rate(), snapshot.rate() / ceiling);
      System.out.printf(
          "connector created -> last snapshot record          %8d ms (task start-up included)%n",
          snapshot.createdToLastMillis());
      System.out.printf(
          "stream change -> record latency over %d writes: p50 %d ms, p99 %d ms, max %d ms%n",
          latencies.size(),
          percentile(latencies, 50),
          percentile(latencies, 99),
          latencies.get(latencies.size() - 1));
      System.out.println();
    } finally {
      connect().deleteConnector("benchmark");
    }
  }

  /** Raw parallel Scan into a producer, timed from the first Scan to the last record in Kafka. */
  private static double ceiling(DynamoDbClient dynamo, int items) throws Exception {
    String topic = CEILING_TOPIC;
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBed.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    ArrivalClock arrivals = ArrivalClock.start(topic, items);
    ExecutorService segments = Executors.newFixedThreadPool(SEGMENTS);
    long started = System.currentTimeMillis();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      List<Future<?>> scans = new ArrayList<>();
      for (int segment = 0; segment < SEGMENTS; segment++) {
        int current = segment;
        scans.add(
            segments.submit(
                () -> {
                  Map<String, AttributeValue> start = null;
                  do {
                    Map<String, AttributeValue> from = start;
                    ScanResponse page =
                        dynamo.scan(
                            scan ->
                                scan.tableName(SupermartTable.TABLE)
                                    .segment(current)
                                    .totalSegments(SEGMENTS)
                                    .exclusiveStartKey(from));
                    for (Map<String, AttributeValue> item : page.items()) {
                      producer.send(
                          new ProducerRecord<>(
                              topic,
                              item.get("Order ID").s(),
                              ItemJson.write(item, DocumentFormat.JSON)));
                    }
                    start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
                  } while (start != null);
                  return null;
                }));
      }
      for (Future<?> scan : scans) {
        scan.get();
      }
      producer.flush();
    } finally {
      segments.shutdownNow();
    }
    long lastArrival = arrivals.awaitLast();
    return items / ((lastArrival - started) / 1e3);
  }

  /**
   * The snapshot, timed from its start (the snapshot records' ts_ms) to its last record in Kafka.
   */
  private record Timing(
      long createdMillis, long snapshotStartedMillis, long lastMillis, int items) {
    double rate() {
      return items / ((lastMillis - snapshotStartedMillis) / 1e3);
    }

    long createdToLastMillis() {
      return lastMillis - createdMillis;
    }
  }

  private static Timing connectorSnapshot(int items) throws Exception {
    ArrivalClock arrivals = ArrivalClock.start(CONNECTOR_TOPIC, items);
    Map<String, String> config = TestBed.seedConfig("bench-");
    config.put("dynamodb.tables.include", SupermartTable.TABLE);
    config.put("snapshot.scan.segments", Integer.toString(SEGMENTS));
    long created = System.currentTimeMillis();
    connect().putConnector("benchmark", config);
    long last = arrivals.awaitLast();
    return new Timing(created, arrivals.firstTimestamp(), last, items);
  }

  /** Writes items one by one and measures each write's delay until its record is in Kafka. */
  private static List<Long> streamLatencies(DynamoDbClient dynamo) throws Exception {
    String topic = CONNECTOR_TOPIC;
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
                          "Order ID",
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

  private static long percentile(List<Long> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  /** Notes the timestamp of a topic's first record and when its n-th record arrives. */
  private static final class ArrivalClock {
    private final Thread thread;
    private volatile long firstTimestamp;
    private volatile long last;

    private ArrivalClock(String topic, int expected) {
      thread =
          new Thread(
              () -> {
                int seen = 0;
                try (KafkaConsumer<String, String> consumer = TestBed.kafka().newConsumer()) {
                  consumer.subscribe(List.of(topic));
                  long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                  while (seen < expected && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(10))) {
                      if (firstTimestamp == 0) {
                        firstTimestamp = record.timestamp();
                      }
                      seen++;
                    }
                  }
                  last = System.currentTimeMillis();
                }
              });
    }

    static ArrivalClock start(String topic, int expected) throws InterruptedException {
      ArrivalClock clock = new ArrivalClock(topic, expected);
      clock.thread.start();
      Thread.sleep(2_000); // the consumer joins before the first record is written
      return clock;
    }

    long awaitLast() throws InterruptedException {
      thread.join();
      return last;
    }

    long firstTimestamp() {
      return firstTimestamp;
    }
  }
}
