package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;
import static io.customconnectors.connect.dynamodb.integration.TestBed.document;
import static io.customconnectors.connect.dynamodb.integration.TestBed.json;
import static io.customconnectors.connect.dynamodb.integration.TestBed.key;
import static io.customconnectors.connect.dynamodb.integration.TestBed.op;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The walkthrough end to end: the Supermart table (9,994 rows, streams on, tagged as the seed tags
 * it), the seed's connector config, the records in Kafka, changes after the snapshot, and a worker
 * restart while streaming.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupermartConnectorIT {

  private static final String CONNECTOR = "DynamoDB Custom connector";
  private static final String TOPIC = "supermarket-customerSupermarket_dynamodb";

  private static List<SupermartSales.Row> rows;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void populateDynamoDbAndStartTheConnector() {
    TestBed.moto().reset();
    dynamo = TestBed.dynamo();
    rows = SupermartSales.generate();
    long started = System.nanoTime();
    SupermartTable.populate(dynamo, SupermartTable.TABLE, rows);
    System.out.printf(
        "Loaded %d Supermart rows into moto in %d ms%n",
        rows.size(), (System.nanoTime() - started) / 1_000_000);
    connect().putConnector(CONNECTOR, TestBed.seedConfig("supermarket-customer"));
    TestBed.awaitRunning(CONNECTOR, 1);
  }

  @AfterAll
  static void deleteTheConnector() {
    connect().deleteConnector(CONNECTOR);
    dynamo.close();
  }

  @Test
  @Order(1)
  void snapshotPutsEverySupermartItemIntoTheTopicExactlyOnce() {
    List<ConsumerRecord<String, String>> records =
        TestBed.readUntil(TOPIC, r -> r.size() >= rows.size(), Duration.ofMinutes(3));
    // Read a little longer: a duplicate would arrive right behind the last item.
    records = TestBed.readUntil(TOPIC, r -> false, Duration.ofSeconds(3));

    assertThat(records).hasSize(rows.size());
    assertThat(records).allSatisfy(record -> assertThat(op(record)).isEqualTo("r"));
    Map<String, ConsumerRecord<String, String>> byOrder =
        records.stream().collect(Collectors.toMap(r -> key(r, "OrderID"), r -> r));
    assertThat(byOrder).hasSize(rows.size());
    for (SupermartSales.Row row :
        List.of(rows.get(0), rows.get(4_321), rows.get(rows.size() - 1))) {
      JsonNode item = document(byOrder.get(row.orderId()));
      row.values()
          .forEach(
              (column, value) -> {
                JsonNode field = item.path(column);
                if (field.isNumber()) {
                  // DynamoDB normalises numbers (78.90 is stored as 78.9); the value must not
                  // change.
                  assertThat(field.decimalValue())
                      .as("%s of %s", column, row.orderId())
                      .isEqualByComparingTo(new BigDecimal(value));
                } else {
                  assertThat(field.asText()).as("%s of %s", column, row.orderId()).isEqualTo(value);
                }
              });
    }
    assertThat(records.get(0).value())
        .contains(
            "\"source\":{\"version\":\"1.0\",\"table_name\":\"Supermarket_dynamodb\",\"init_sync\":true");
    // trustpilot's mark of the snapshot's end, on its last record only (of four parallel segments).
    List<ConsumerRecord<String, String>> finished =
        records.stream()
            .filter(
                r ->
                    json(r.value())
                        .path("source")
                        .path("init_sync_state")
                        .asText()
                        .equals("FINISHED"))
            .toList();
    assertThat(finished).hasSize(1);
    JsonNode end = json(finished.get(0).value()).path("source");
    assertThat(end.path("init_sync_count").asLong()).isEqualTo(rows.size());
    assertThat(end.path("init_sync_end").asLong())
        .isGreaterThanOrEqualTo(end.path("init_sync_start").asLong());
    assertThat(finished.get(0).offset())
        .isEqualTo(
            records.stream()
                .filter(r -> r.partition() == finished.get(0).partition())
                .mapToLong(ConsumerRecord::offset)
                .max()
                .orElseThrow());
  }

  @Test
  @Order(2)
  void insertsUpdatesAndDeletesAfterTheSnapshotArriveInOrderPerKey() {
    for (int i = 0; i < 10; i++) {
      String id = "NEW" + i;
      put(id, "100");
      put(id, "200");
      put(id, "300");
      if (i % 2 == 0) {
        delete(id);
      }
    }

    List<ConsumerRecord<String, String>> changes = changesSince(rows.size(), 10 * 3 + 5 * 2);

    Map<String, List<String>> history = new LinkedHashMap<>();
    for (ConsumerRecord<String, String> record : changes) {
      String sales =
          op(record).equals("c") || op(record).equals("u")
              ? document(record).path("Sales").asText()
              : "";
      history
          .computeIfAbsent(key(record, "OrderID"), k -> new ArrayList<>())
          .add(op(record) + sales);
    }
    for (int i = 0; i < 10; i++) {
      List<String> expected =
          i % 2 == 0
              ? List.of("c100", "u200", "u300", "d", "tombstone")
              : List.of("c100", "u200", "u300");
      assertThat(history.get("NEW" + i)).as("history of NEW%d", i).isEqualTo(expected);
    }
  }

  @Test
  @Order(3)
  void workerRestartWhileStreamingLosesNothingAndScansNothingAgain() {
    int before = TestBed.readUntil(TOPIC, r -> false, Duration.ofSeconds(2)).size();

    connect().restart();
    TestBed.awaitRunning(CONNECTOR, 1);
    put("AFTER-RESTART", "42");

    List<ConsumerRecord<String, String>> after = changesSince(before, 1);
    assertThat(after).extracting(TestBed::op).doesNotContain("r");
    assertThat(after)
        .filteredOn(record -> key(record, "OrderID").equals("AFTER-RESTART"))
        .extracting(TestBed::op)
        .containsExactly("c");
  }

  private static List<ConsumerRecord<String, String>> changesSince(int offset, int count) {
    List<ConsumerRecord<String, String>> all =
        TestBed.readUntil(TOPIC, r -> r.size() >= offset + count, Duration.ofSeconds(90));
    all = TestBed.readUntil(TOPIC, r -> false, Duration.ofSeconds(2));
    return all.subList(Math.min(offset, all.size()), all.size());
  }

  private static void put(String orderId, String sales) {
    dynamo.putItem(
        put ->
            put.tableName(SupermartTable.TABLE)
                .item(
                    Map.of(
                        "Order ID",
                        AttributeValue.fromS(orderId),
                        "Sales",
                        AttributeValue.fromN(sales))));
  }

  private static void delete(String orderId) {
    dynamo.deleteItem(
        delete ->
            delete
                .tableName(SupermartTable.TABLE)
                .key(Map.of("Order ID", AttributeValue.fromS(orderId))));
  }
}
