package io.customconnectors.connect.dynamodb.task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.kafka.connect.source.SourceRecord;

import io.customconnectors.connect.dynamodb.offset.TableOffset;

/**
 * A table's offset and the queue its records go to, kept in step: a step that advances the offset
 * queues the records it covers in the same critical section, so no offset Connect commits can claim
 * a record that was not queued before it. Every record carries the offset as it stands after it.
 */
final class TableProgress {

  /** One step of reading: from the offset before it, the records it yields and the offset after. */
  interface Step {
    TableOffset apply(TableOffset before, List<SourceRecord> records);
  }

  private final RecordQueue queue;
  private TableOffset offset;

  TableProgress(TableOffset start, RecordQueue queue) {
    this.offset = start;
    this.queue = queue;
  }

  synchronized TableOffset offset() {
    return offset;
  }

  /** Moves the offset where no record is involved (a phase, a stream, a finished shard). */
  synchronized void advance(UnaryOperator<TableOffset> change) {
    offset = change.apply(offset);
  }

  /** Advances the offset and queues the step's records, as one. */
  synchronized void step(Step step) throws InterruptedException {
    List<SourceRecord> records = new ArrayList<>();
    TableOffset after = step.apply(offset, records);
    offset = after;
    queue.put(records);
  }

  /** Reading failed for good: the task reports it from its next poll. */
  void fail(RuntimeException error) {
    queue.fail(error);
  }
}
