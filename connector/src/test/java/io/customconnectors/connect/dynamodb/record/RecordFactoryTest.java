package io.customconnectors.connect.dynamodb.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.config.RecordSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class RecordFactoryTest {

  private static final Instant CREATED = Instant.parse("2026-11-25T10:15:30Z");

  private final RecordFactory factory =
      factory("supermarket-customer", "Order ID", DocumentFormat.JSON);
  private final RecordFactory trustpilot =
      factory("supermarket-customer", "Order ID", DocumentFormat.TRUSTPILOT);
  private final TableOffset snapshot = TableOffset.newSnapshot(1_000L, 1, 500L);

  /** trustpilot's record for the seed's table, as its docs/data.md and RecordConverter make it. */
  @Test
  void snapshotReadInTrustpilotFormatIsTrustpilotsRecord() {
    SourceRecord record =
        trustpilot.snapshotRead(
            item("Order ID", AttributeValue.fromS("OD1"), "Sales", AttributeValue.fromN("561")),
            snapshot);

    assertThat(record.topic()).isEqualTo("supermarket-customerSupermarket_dynamodb");
    assertThat(record.keySchema().name()).isEqualTo("supermarket_customerSupermarket_dynamodb.Key");
    assertThat(((Struct) record.key()).getString("OrderID")).isEqualTo("OD1");
    Struct value = (Struct) record.value();
    assertThat(value.schema().name()).isEqualTo("com.trustpilot.connector.dynamodb.envelope");
    assertThat(value.getString("op")).isEqualTo("r");
    assertThat(value.getString("document"))
        .isEqualTo("{\"OrderID\":{\"s\":\"OD1\"},\"Sales\":{\"n\":\"561\"}}");
    assertThat(value.getInt64("ts_ms")).isEqualTo(1_000L);
    Struct source = value.getStruct("source");
    assertThat(source.getString("table_name")).isEqualTo("Supermarket_dynamodb");
    assertThat(source.getBoolean("init_sync")).isTrue();
    assertThat(source.getString("init_sync_state")).isEqualTo("RUNNING");
    assertThat(source.getInt64("init_sync_start")).isEqualTo(1_000L);
    assertThat(record.sourcePartition())
        .isEqualTo(Map.of("protocol", 1, "table", "Supermarket_dynamodb"));
    assertThat(TableOffset.fromMap(record.sourceOffset())).isEqualTo(snapshot);
  }

  @Test
  void snapshotsLastRecordIsFinishedWithItsEndAndLaterChangesKeepTheEnd() {
    TableOffset ended = snapshot.withSegmentDone(0, 7, TableOffset.Phase.STREAM, 2_000L);

    Struct last =
        ((Struct)
                trustpilot
                    .snapshotRead(item("Order ID", AttributeValue.fromS("OD7")), ended)
                    .value())
            .getStruct("source");
    Struct change =
        ((Struct)
                trustpilot
                    .change(
                        event(
                            OperationType.INSERT,
                            Map.of("Order ID", AttributeValue.fromS("OD8")),
                            null),
                        "s",
                        ended)
                    .get(0)
                    .value())
            .getStruct("source");

    assertThat(last.getBoolean("init_sync")).isTrue();
    assertThat(last.getString("init_sync_state")).isEqualTo("FINISHED");
    assertThat(last.getInt64("init_sync_start")).isEqualTo(1_000L);
    assertThat(last.getInt64("init_sync_end")).isEqualTo(2_000L);
    assertThat(last.getInt64("init_sync_count")).isEqualTo(7L);
    assertThat(change.getString("init_sync_state")).isEqualTo("FINISHED");
    assertThat(change.getInt64("init_sync_end")).isEqualTo(2_000L);
  }

  @Test
  void defaultDocumentIsPlainJsonWithTheAttributeNamesAsTheyAre() {
    SourceRecord record =
        factory.snapshotRead(
            item("Order ID", AttributeValue.fromS("OD1"), "Sales", AttributeValue.fromN("561")),
            snapshot);

    assertThat(((Struct) record.value()).getString("document"))
        .isEqualTo("{\"Order ID\":\"OD1\",\"Sales\":561}");
    assertThat(((Struct) record.key()).getString("OrderID")).isEqualTo("OD1");
  }

  @Test
  void keyFieldAndSchemaNamesAreValidAvroNamesAndTrustpilotsWhereTheirsWere() {
    RecordFactory plain = factory("1orders", "12x", DocumentFormat.JSON);
    RecordFactory tp = factory("1orders", "12x", DocumentFormat.TRUSTPILOT);
    Map<String, AttributeValue> item = item("12x", AttributeValue.fromS("a"));

    SourceRecord plainRecord = plain.snapshotRead(item, snapshot);
    SourceRecord tpRecord = tp.snapshotRead(item, snapshot);

    assertThat(plainRecord.keySchema().name()).isEqualTo("_ordersSupermarket_dynamodb.Key");
    assertThat(plainRecord.keySchema().fields().get(0).name()).isEqualTo("x");
    // trustpilot names it "2x", which Avro refuses: '_' makes it valid.
    assertThat(tpRecord.keySchema().fields().get(0).name()).isEqualTo("_2x");
    assertThat(((Struct) tp.snapshotRead(item, snapshot).key()).getString("_2x")).isEqualTo("a");
    // the document keeps trustpilot's own name: JSON takes any.
    assertThat(((Struct) tpRecord.value()).getString("document"))
        .isEqualTo("{\"2x\":{\"s\":\"a\"}}");
  }

  @Test
  void updateCarriesNewAndOldDocumentAndItsStreamPosition() {
    Record event =
        event(
            OperationType.MODIFY,
            Map.of("Order ID", AttributeValue.fromS("OD1"), "Sales", AttributeValue.fromN("2")),
            Map.of("Order ID", AttributeValue.fromS("OD1"), "Sales", AttributeValue.fromN("1")));

    List<SourceRecord> records =
        factory.change(event, "shard-1", snapshot.withShardPosition("shard-1", "77"));

    assertThat(records).hasSize(1);
    Struct value = (Struct) records.get(0).value();
    assertThat(value.getString("op")).isEqualTo("u");
    assertThat(value.getString("document")).contains("\"Sales\":2");
    assertThat(value.getString("old_document")).contains("\"Sales\":1");
    assertThat(value.getInt64("ts_ms")).isEqualTo(CREATED.toEpochMilli());
    Struct source = value.getStruct("source");
    assertThat(source.getString("init_sync_state")).isEqualTo("FINISHED");
    assertThat(source.getString("event_id")).isEqualTo("e-1");
    assertThat(source.getString("shard_id")).isEqualTo("shard-1");
    assertThat(source.getString("sequence_number")).isEqualTo("77");
    assertThat(records.get(0).timestamp()).isEqualTo(CREATED.toEpochMilli());
  }

  @Test
  void deleteIsADeleteEventThenATombstoneWithTheSameKey() {
    Record event =
        event(OperationType.REMOVE, null, Map.of("Order ID", AttributeValue.fromS("OD1")));

    List<SourceRecord> records = factory.change(event, "shard-1", TableOffset.streamOnly());

    assertThat(records).hasSize(2);
    Struct delete = (Struct) records.get(0).value();
    assertThat(delete.getString("op")).isEqualTo("d");
    assertThat(delete.getString("document")).isEqualTo("{\"Order ID\":\"OD1\"}");
    assertThat(delete.getStruct("source").getString("init_sync_state")).isEqualTo("SKIPPED");
    assertThat(records.get(1).value()).isNull();
    assertThat(records.get(1).key()).isEqualTo(records.get(0).key());
  }

  @Test
  void insertIsACreate() {
    Record event =
        event(OperationType.INSERT, Map.of("Order ID", AttributeValue.fromS("OD9")), null);

    assertThat(((Struct) factory.change(event, "s", snapshot).get(0).value()).getString("op"))
        .isEqualTo("c");
  }

  private static RecordFactory factory(String prefix, String keyAttribute, DocumentFormat format) {
    return new RecordFactory(
        "Supermarket_dynamodb",
        List.of(
            KeySchemaElement.builder().attributeName(keyAttribute).keyType(KeyType.HASH).build()),
        new RecordSettings(
            prefix, "{prefix}{table}", format, true, 100, Duration.ofMillis(10), 10, 1_000_000));
  }

  /** An item with its attributes in the order given. */
  private static Map<String, AttributeValue> item(Object... namesAndValues) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
    }
    return item;
  }

  private static Record event(
      OperationType type,
      Map<String, AttributeValue> newImage,
      Map<String, AttributeValue> oldImage) {
    StreamRecord.Builder change =
        StreamRecord.builder()
            .keys(Map.of("Order ID", AttributeValue.fromS("OD1")))
            .sequenceNumber("77")
            .approximateCreationDateTime(CREATED);
    if (newImage != null) {
      change.newImage(newImage);
    }
    if (oldImage != null) {
      change.oldImage(oldImage);
    }
    return Record.builder().eventID("e-1").eventName(type).dynamodb(change.build()).build();
  }
}
