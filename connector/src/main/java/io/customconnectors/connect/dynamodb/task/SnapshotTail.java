package io.customconnectors.connect.dynamodb.task;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;

import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.offset.TableOffset.Phase;
import io.customconnectors.connect.dynamodb.record.RecordFactory;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The snapshot's newest item, held back until the next page arrives, so that the snapshot's last
 * record is the one that says FINISHED even when the last segment ends on an empty page (a page
 * that fills its Limit still carries a LastEvaluatedKey, and the page after it can be empty).
 *
 * <p>Only used inside {@link TableProgress#step}, under the table's lock: the held item is queued
 * first by the next step of any segment that queues anything, so no record whose offset covers it
 * is queued before it.
 */
final class SnapshotTail {

  private final RecordFactory records;
  private Map<String, AttributeValue> item;
  private TableOffset offset;

  SnapshotTail(RecordFactory records) {
    this.records = records;
  }

  /**
   * Adds a page's records to {@code batch}: the item held from before, then the page's items but
   * the last, which is held in turn. When {@code after} ends the snapshot, the last item (the
   * page's, or the held one if the page is empty) goes out carrying {@code after}.
   */
  void page(
      List<Map<String, AttributeValue>> items,
      TableOffset before,
      TableOffset after,
      List<SourceRecord> batch) {
    boolean snapshotEnds = after.phase() != Phase.SNAPSHOT;
    if (items.isEmpty() && !snapshotEnds) {
      // Nothing is queued, so nothing can overtake the held item: it waits for a page with items.
      return;
    }
    if (item != null) {
      batch.add(records.snapshotRead(item, items.isEmpty() ? after : offset));
      item = null;
    }
    for (int i = 0; i < items.size() - 1; i++) {
      batch.add(records.snapshotRead(items.get(i), before));
    }
    if (items.isEmpty()) {
      return;
    }
    Map<String, AttributeValue> newest = items.get(items.size() - 1);
    if (snapshotEnds) {
      batch.add(records.snapshotRead(newest, after));
    } else {
      item = newest;
      offset = after;
    }
  }
}
