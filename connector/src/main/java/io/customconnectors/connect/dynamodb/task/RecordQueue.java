package io.customconnectors.connect.dynamodb.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Hands records from the table readers to Connect's poll(): bounded, so readers wait when Kafka is
 * slower than DynamoDB, and carrying the first reader failure to poll(), which fails the task with
 * that failure's message.
 */
final class RecordQueue {

  private final BlockingQueue<SourceRecord> records;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  RecordQueue(int capacity) {
    this.records = new ArrayBlockingQueue<>(capacity);
  }

  /** Adds records in order, waiting while the queue is full. */
  void put(List<SourceRecord> batch) throws InterruptedException {
    for (SourceRecord record : batch) {
      records.put(record);
    }
  }

  void fail(RuntimeException error) {
    failure.compareAndSet(null, error);
  }

  /**
   * Up to {@code max} records, waiting at most {@code timeout} for the first; null when there are
   * none, so Connect gets control back regularly.
   */
  List<SourceRecord> poll(int max, Duration timeout) throws InterruptedException {
    throwIfFailed();
    SourceRecord first = records.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    throwIfFailed();
    if (first == null) {
      return null;
    }
    List<SourceRecord> batch = new ArrayList<>(Math.min(max, records.size() + 1));
    batch.add(first);
    records.drainTo(batch, max - 1);
    return batch;
  }

  private void throwIfFailed() {
    RuntimeException error = failure.get();
    if (error != null) {
      throw error instanceof ConnectException connect
          ? connect
          : new ConnectException(error.getMessage(), error);
    }
  }
}
