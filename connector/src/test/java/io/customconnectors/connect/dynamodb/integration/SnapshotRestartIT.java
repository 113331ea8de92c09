package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;
import static io.customconnectors.connect.dynamodb.integration.TestBed.key;
import static io.customconnectors.connect.dynamodb.integration.TestBed.op;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
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

/** A worker that crashes in the middle of a snapshot resumes it instead of scanning again. */
class SnapshotRestartIT {

  private static final String TABLE = "Restart_orders";
  private static final String CONNECTOR = "snapshot-restart";
  private static final String TOPIC = "restart-" + TABLE;
  private static final int ITEMS = 4_000;

  @BeforeAll
  static void createTable() {
    TestBed.moto().reset();
    try (DynamoDbClient dynamo = TestBed.dynamo()) {
      SupermartTable.create(dynamo, TABLE, Map.of());
      SupermartTable.load(dynamo, TABLE, SupermartSales.generate(ITEMS, 7));
    }
  }

  @AfterAll
  static void deleteConnector() {
    connect().deleteConnector(CONNECTOR);
  }

  @Test
  void crashDuringTheSnapshotResumesFromCommittedPositions() throws Exception {
    Map<String, String> config = TestBed.seedConfig("restart-");
    config.put("dynamodb.tables.include", TABLE);
    // Small pages keep the snapshot going long enough to crash the worker in the middle of it.
    config.put("snapshot.scan.page.size", "10");
    config.put("snapshot.scan.segments", "2");
    connect().putConnector(CONNECTOR, config);
    TestBed.awaitRunning(CONNECTOR, 1);

    int beforeCrash =
        TestBed.readUntil(TOPIC, records -> records.size() >= ITEMS / 4, Duration.ofMinutes(2))
            .size();
    connect().crashAndRestart();
    assertThat(beforeCrash).as("records written before the crash").isBetween(ITEMS / 4, ITEMS - 1);
    TestBed.awaitRunning(CONNECTOR, 1);

    List<ConsumerRecord<String, String>> records =
        TestBed.readUntil(
            TOPIC,
            all ->
                all.stream().map(r -> key(r, "OrderID")).collect(Collectors.toSet()).size()
                    >= ITEMS,
            Duration.ofMinutes(3));
    Set<String> keys = records.stream().map(r -> key(r, "OrderID")).collect(Collectors.toSet());

    assertThat(keys).as("every item, none lost").hasSize(ITEMS);
    assertThat(records).extracting(TestBed::op).containsOnly("r");
    assertThat(records.size() - ITEMS)
        .as("items read twice: only what was written after the last offset commit")
        .isLessThan(ITEMS / 4);
    assertThat(Files.readString(connect().jvm().logFile()))
        .contains("Snapshot of " + TABLE + " resumed");
    assertThat(op(records.get(0))).isEqualTo("r");
  }
}
