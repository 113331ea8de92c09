package io.customconnectors.connect.dynamodb.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.config.RecordSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.offset.TableOffset.Phase;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Builds a table's Kafka records in the envelope trustpilot's connector writes: key = the item's
 * primary key attributes; value = {@code version}, {@code document}, {@code old_document}, {@code
 * source}, {@code op} (r, c, u, d), {@code ts_ms}; a delete is followed by a tombstone. Schema
 * names are trustpilot's. The document and the key's field names are trustpilot's only with {@code
 * document.format=trustpilot} (see {@link DocumentFormat}). The {@code source} struct adds optional
 * {@code event_id}, {@code shard_id} and {@code sequence_number} to trace a record back to its
 * stream event.
 *
 * <p>Not thread-safe: a table's readers call it while holding the table's lock.
 */
public final class RecordFactory {

  static final String ENVELOPE_VERSION = "1.0";

  static final Schema SOURCE_SCHEMA =
      SchemaBuilder.struct()
          .name("com.trustpilot.connector.dynamodb.source")
          .field("version", Schema.STRING_SCHEMA)
          .field("table_name", Schema.STRING_SCHEMA)
          .field("init_sync", Schema.BOOLEAN_SCHEMA)
          .field("init_sync_state", Schema.STRING_SCHEMA)
          .field("init_sync_start", Schema.INT64_SCHEMA)
          .field("init_sync_end", Schema.OPTIONAL_INT64_SCHEMA)
          .field("init_sync_count", Schema.OPTIONAL_INT64_SCHEMA)
          .field("event_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("shard_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("sequence_number", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  static final Schema VALUE_SCHEMA =
      SchemaBuilder.struct()
          .name("com.trustpilot.connector.dynamodb.envelope")
          .field("version", Schema.STRING_SCHEMA)
          .field("document", Schema.OPTIONAL_STRING_SCHEMA)
          .field("old_document", Schema.OPTIONAL_STRING_SCHEMA)
          .field("source", SOURCE_SCHEMA)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .build();

  private final String table;
  private final String topic;
  private final RecordSettings settings;
  private final List<String> keyAttributes;
  private final List<String> keyFields;
  private final Schema keySchema;
  private final Map<String, Object> partition;
  private TableOffset lastOffset;
  private Map<String, Object> lastOffsetMap;

  public RecordFactory(String table, List<KeySchemaElement> keySchema, RecordSettings settings) {
    this.table = table;
    this.topic = settings.topicFor(table);
    this.settings = settings;
    this.keyAttributes = keySchema.stream().map(KeySchemaElement::attributeName).toList();
    boolean trustpilot = settings.documentFormat() == DocumentFormat.TRUSTPILOT;
    this.keyFields =
        keyAttributes.stream().map(attribute -> fieldName(attribute, trustpilot)).toList();
    SchemaBuilder key = SchemaBuilder.struct().name(AttributeNames.schemaName(topic + ".Key"));
    keyFields.forEach(field -> key.field(field, Schema.STRING_SCHEMA));
    this.keySchema = key.build();
    this.partition = TableOffset.partition(table);
  }

  public String topic() {
    return topic;
  }

  /**
   * A record read by the snapshot, carrying the table's offset after it. An offset past the
   * snapshot phase makes it the snapshot's last record: FINISHED, with the end time, as trustpilot
   * marked it.
   */
  public SourceRecord snapshotRead(Map<String, AttributeValue> item, TableOffset offset) {
    String state = offset.phase() == Phase.SNAPSHOT ? "RUNNING" : "FINISHED";
    Struct value =
        envelope(
            item,
            null,
            source(offset, true, state, null, null, null),
            "r",
            offset.snapshotStartedMillis());
    return record(key(item), value, offset, offset.snapshotStartedMillis());
  }

  /** The records of one stream event: a change, and for a delete also its tombstone. */
  public List<SourceRecord> change(Record event, String shardId, TableOffset offset) {
    StreamRecord change = event.dynamodb();
    String op =
        switch (OperationType.fromValue(event.eventNameAsString())) {
          case INSERT -> "c";
          case MODIFY -> "u";
          case REMOVE -> "d";
          default ->
              throw new ConnectException(
                  "Unsupported DynamoDB stream event "
                      + event.eventNameAsString()
                      + " in "
                      + table);
        };
    Map<String, AttributeValue> document = change.hasNewImage() ? change.newImage() : change.keys();
    Map<String, AttributeValue> oldDocument = change.hasOldImage() ? change.oldImage() : null;
    Instant created =
        change.approximateCreationDateTime() == null
            ? Instant.now()
            : change.approximateCreationDateTime();
    String state = offset.snapshotStartedMillis() == 0 ? "SKIPPED" : "FINISHED";
    Struct value =
        envelope(
            document,
            oldDocument,
            source(offset, false, state, event.eventID(), shardId, change.sequenceNumber()),
            op,
            created.toEpochMilli());
    Struct key = key(change.keys());
    List<SourceRecord> records = new ArrayList<>(2);
    records.add(record(key, value, offset, created.toEpochMilli()));
    if ("d".equals(op) && settings.tombstones()) {
      records.add(
          new SourceRecord(
              partition,
              offsetMap(offset),
              topic,
              null,
              keySchema,
              key,
              null,
              null,
              created.toEpochMilli()));
    }
    return records;
  }

  private SourceRecord record(Struct key, Struct value, TableOffset offset, long timestamp) {
    return new SourceRecord(
        partition, offsetMap(offset), topic, null, keySchema, key, VALUE_SCHEMA, value, timestamp);
  }

  /**
   * The offset as a map, built once per offset value: a page of records shares its offset, and
   * Connect only reads these maps.
   */
  private Map<String, Object> offsetMap(TableOffset offset) {
    if (offset != lastOffset) {
      lastOffset = offset;
      lastOffsetMap = Collections.unmodifiableMap(offset.toMap());
    }
    return lastOffsetMap;
  }

  private Struct key(Map<String, AttributeValue> item) {
    Struct key = new Struct(keySchema);
    for (int i = 0; i < keyAttributes.size(); i++) {
      AttributeValue value = item.get(keyAttributes.get(i));
      if (value == null) {
        throw new ConnectException(
            "Item of " + table + " lacks its key attribute '" + keyAttributes.get(i) + "'");
      }
      key.put(keyFields.get(i), keyText(value));
    }
    return key;
  }

  /** Key values as text: strings as they are, numbers as their exact decimal, binary as base64. */
  private static String keyText(AttributeValue value) {
    return switch (value.type()) {
      case S -> value.s();
      case N -> value.n();
      case B -> Base64.getEncoder().encodeToString(value.b().asByteArrayUnsafe());
      default -> throw new ConnectException("Unsupported key attribute type " + value.type());
    };
  }

  private Struct envelope(
      Map<String, AttributeValue> document,
      Map<String, AttributeValue> oldDocument,
      Struct source,
      String op,
      long timestamp) {
    return new Struct(VALUE_SCHEMA)
        .put("version", ENVELOPE_VERSION)
        .put("document", ItemJson.write(document, settings.documentFormat()))
        .put(
            "old_document",
            oldDocument == null ? null : ItemJson.write(oldDocument, settings.documentFormat()))
        .put("source", source)
        .put("op", op)
        .put("ts_ms", timestamp);
  }

  private Struct source(
      TableOffset offset,
      boolean initSync,
      String state,
      String eventId,
      String shardId,
      String sequenceNumber) {
    Struct source =
        new Struct(SOURCE_SCHEMA)
            .put("version", ENVELOPE_VERSION)
            .put("table_name", table)
            .put("init_sync", initSync)
            .put("init_sync_state", state)
            .put("init_sync_start", offset.snapshotStartedMillis())
            .put("event_id", eventId)
            .put("shard_id", shardId)
            .put("sequence_number", sequenceNumber);
    if (offset.snapshotEndedMillis() != 0) {
      source.put("init_sync_end", offset.snapshotEndedMillis());
      source.put("init_sync_count", offset.snapshotRecords());
    } else if (!initSync && offset.snapshotStartedMillis() != 0) {
      source.put("init_sync_count", offset.snapshotRecords());
    }
    return source;
  }

  /** A key attribute's field name in the key struct. */
  private static String fieldName(String attribute, boolean trustpilot) {
    String name =
        trustpilot ? AttributeNames.trustpilotField(attribute) : AttributeNames.field(attribute);
    if (name.isEmpty()) {
      throw new ConnectException("Key attribute '" + attribute + "' has no usable field name");
    }
    return name;
  }
}
