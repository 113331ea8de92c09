package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;
import static io.customconnectors.connect.dynamodb.integration.TestBed.document;
import static io.customconnectors.connect.dynamodb.integration.TestBed.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A worker that crashes in the middle of a snapshot resumes it instead of scanning again, then
 * hands over to the table's stream: what was written while either run scanned, and after the
 * snapshot, arrives as stream records.
 */
class SnapshotRestartIT {

  private static final String TABLE = "Restart_orders";
  private static final String CONNECTOR = "snapshot-restart";
  private static final String TOPIC = "restart-" + TABLE;
  private static final int ITEMS = 4_000;
  private static final String SNAPSHOT_DONE = "Snapshot of " + TABLE + " done";
  private static final String LAST = "LAST";

  private static List<SupermartSales.Row> rows;
  private static DynamoDbClient dynamo;

  /** Every change written, per key, as the stream records it must become: op and Sales. */
  private final Map<String, List<String>> written = new HashMap<>();

  @BeforeAll
  static void createTable() {
    TestBed.moto().reset();
    dynamo = TestBed.dynamo();
    rows = SupermartSales.generate(ITEMS, 7);
    SupermartTable.create(dynamo, TABLE, Map.of());
    SupermartTable.load(dynamo, TABLE, rows);
  }

  @AfterAll
  static void deleteConnector() {
    connect().deleteConnector(CONNECTOR);
    dynamo.close();
  }

  @Test
  void crashDuringTheSnapshotResumesFromCommittedPositionsThenHandsOverToTheStream()
      throws Exception {
    Map<String, String> config = TestBed.seedConfig("restart-");
    config.put("dynamodb.tables.include", TABLE);
    // Small pages keep the snapshot going long enough to crash the worker in the middle of it.
    config.put("snapshot.scan.page.size", "10");
    config.put("snapshot.scan.segments", "2");
    // moto and the worker read one clock: no skew to cover. With the default 5 minutes the resumed
    // snapshot would also hand over the table's load, written just before it, as 4,000 creates
    // (at-least-once allows that), among which a lost or doubled change would go unseen.
    config.put("snapshot.stream.overlap.ms", "0");
    connect().putConnector(CONNECTOR, config);
    TestBed.awaitRunning(CONNECTOR, 1);

    int beforeCrash =
        TestBed.readUntil(TOPIC, records -> records.size() >= ITEMS / 4, Duration.ofMinutes(2))
            .size();
    // The first run took the stream head before it scanned; it dies before it reads the stream.
    put("DURING-FIRST", "1");
    put(rows.get(0).orderId(), "101");
    connect().crashAndRestart();
    assertThat(beforeCrash).as("records written before the crash").isBetween(ITEMS / 4, ITEMS - 1);
    TestBed.awaitRunning(CONNECTOR, 1);

    put("DURING-FIRST", "2");
    put("DURING-RESUMED", "3");
    put(rows.get(1).orderId(), "102");
    assertThat(workerLog())
        .as("the snapshot still running when the changes above were written")
        .doesNotContain(SNAPSHOT_DONE);

    await("the resumed snapshot done")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> workerLog().contains(SNAPSHOT_DONE));
    put("AFTER", "4");
    put("DURING-RESUMED", "5");
    delete("DURING-FIRST");
    // One shard, read in order, into one partition: once its last change is in, all before it are.
    put(LAST, "6");

    List<ConsumerRecord<String, String>> records =
        TestBed.readUntil(
            TOPIC, all -> all.stream().anyMatch(r -> key(r).equals(LAST)), Duration.ofMinutes(3));

    List<String> scanned = records.stream().filter(r -> op(r).equals("r")).map(this::key).toList();
    Set<String> loaded = rows.stream().map(SupermartSales.Row::orderId).collect(Collectors.toSet());
    assertThat(Set.copyOf(scanned)).as("every loaded item scanned, none lost").containsAll(loaded);
    assertThat(scanned.size() - Set.copyOf(scanned).size())
        .as("items scanned twice: only what was written after the last offset commit")
        .isLessThan(ITEMS / 4);
    assertThat(workerLog()).contains("Snapshot of " + TABLE + " resumed");

    Map<String, List<String>> streamed = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      if (!op(record).equals("r")) {
        streamed.computeIfAbsent(key(record), k -> new ArrayList<>()).add(change(record));
      }
    }
    assertThat(streamed)
        .as(
            "stream records per key: each change made during or after the snapshot exactly once and"
                + " in order, none made before it")
        .isEqualTo(written);
  }

  private void put(String orderId, String sales) {
    boolean exists =
        dynamo
            .getItem(get -> get.tableName(TABLE).key(itemKey(orderId)).consistentRead(true))
            .hasItem();
    dynamo.putItem(
        put ->
            put.tableName(TABLE)
                .item(
                    Map.of(
                        SupermartTable.PARTITION_KEY,
                        AttributeValue.fromS(orderId),
                        "Sales",
                        AttributeValue.fromN(sales))));
    written.computeIfAbsent(orderId, k -> new ArrayList<>()).add((exists ? "u" : "c") + sales);
  }

  private void delete(String orderId) {
    dynamo.deleteItem(delete -> delete.tableName(TABLE).key(itemKey(orderId)));
    written.computeIfAbsent(orderId, k -> new ArrayList<>()).addAll(List.of("d", "tombstone"));
  }

  private static Map<String, AttributeValue> itemKey(String orderId) {
    return Map.of(SupermartTable.PARTITION_KEY, AttributeValue.fromS(orderId));
  }

  private String key(ConsumerRecord<String, String> record) {
    return TestBed.key(record, "OrderID");
  }

  /** A stream record as the change it stands for: c, u with Sales; d; tombstone. */
  private static String change(ConsumerRecord<String, String> record) {
    String op = op(record);
    return op.equals("c") || op.equals("u") ? op + document(record).path("Sales").asText() : op;
  }

  private static String workerLog() throws IOException {
    return Files.readString(connect().jvm().logFile());
  }
}
