package io.customconnectors.connect.dynamodb.task;

import java.nio.ByteBuffer;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record's size as the queue counts it: the text and bytes of its key and value, where nearly all
 * of a record's memory is (the item's JSON, twice for an update with its old image). Objects and
 * numbers around them are a fixed allowance; the offset is left out, being shared by the records of
 * a whole page or GetRecords call.
 */
final class RecordSize {

  /** SourceRecord, Structs and their field arrays, boxed numbers. */
  static final long OVERHEAD = 256;

  private RecordSize() {}

  static long estimate(SourceRecord record) {
    return OVERHEAD + of(record.key()) + of(record.value());
  }

  private static long of(Object value) {
    if (value instanceof String text) {
      return text.length();
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof ByteBuffer buffer) {
      return buffer.remaining();
    }
    if (value instanceof Struct struct) {
      long size = 0;
      for (Field field : struct.schema().fields()) {
        size += of(struct.get(field));
      }
      return size;
    }
    return 0;
  }
}
