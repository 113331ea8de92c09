package io.customconnectors.connect.dynamodb.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
      new RecordFactory(
          "Supermarket_dynamodb",
          List.of(
              KeySchemaElement.builder().attributeName("Order ID").keyType(KeyType.HASH).build()),
          new RecordSettings(
              "supermarket-customer",
              "{prefix}{table}",
              DocumentFormat.JSON,
              true,
              100,
              Duration.ofMillis(10),
              10,
              1_000_000));
  private final TableOffset snapshot = TableOffset.newSnapshot(1_000L, 1, 500L);

  @Test
  void snapshotReadLooksLikeTrustpilots() {
    SourceRecord record =
        factory.snapshotRead(
            Map.of("Order ID", AttributeValue.fromS("OD1"), "Sales", AttributeValue.fromN("1254")),
            snapshot);

    assertThat(record.topic()).isEqualTo("supermarket-customerSupermarket_dynamodb");
    assertThat(((Struct) record.key()).getString("OrderID")).isEqualTo("OD1");
    Struct value = (Struct) record.value();
    assertThat(value.schema().name()).isEqualTo("com.trustpilot.connector.dynamodb.envelope");
    assertThat(value.getString("op")).isEqualTo("r");
    assertThat(value.getString("document"))
        .contains("\"Sales\":1254")
        .contains("\"Order ID\":\"OD1\"");
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
