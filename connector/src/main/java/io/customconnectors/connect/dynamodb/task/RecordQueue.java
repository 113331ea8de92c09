package io.customconnectors.connect.dynamodb.task;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Hands records from the table readers to Connect's poll(): bounded in records and in (estimated)
 * bytes, so readers wait when Kafka is slower than DynamoDB and large items cannot exhaust the
 * heap, and carrying the first reader failure to poll(), which fails the task with that failure's
 * message.
 */
final class RecordQueue {

  private record Queued(SourceRecord record, long bytes) {}

  private final int capacity;
  private final long maxBytes;
  private final ArrayDeque<Queued> records = new ArrayDeque<>();
  private long bytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final Condition taken = lock.newCondition();

  /**
   * Readers queue whole batches one at a time, in the order they arrived: a reader with a large
   * record waiting for room cannot be overtaken forever by readers whose small records fit.
   */
  private final ReentrantLock turns = new ReentrantLock(true);

  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  RecordQueue(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** Adds records in order, waiting while the queue is full in records or in bytes. */
  void put(List<SourceRecord> batch) throws InterruptedException {
    turns.lockInterruptibly();
    try {
      for (SourceRecord record : batch) {
        Queued next = new Queued(record, RecordSize.estimate(record));
        lock.lockInterruptibly();
        try {
          while (!fits(next)) {
            taken.await();
          }
          records.add(next);
          bytes += next.bytes();
          added.signal();
        } finally {
          lock.unlock();
        }
      }
    } finally {
      turns.unlock();
    }
  }

  /** An empty queue takes a record of any size: an item larger than the bound must not stall. */
  private boolean fits(Queued next) {
    return records.isEmpty() || (records.size() < capacity && bytes + next.bytes() <= maxBytes);
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
    List<SourceRecord> batch = null;
    lock.lockInterruptibly();
    try {
      long wait = timeout.toNanos();
      while (records.isEmpty() && wait > 0) {
        wait = added.awaitNanos(wait);
      }
      if (!records.isEmpty()) {
        batch = new ArrayList<>(Math.min(max, records.size()));
        while (batch.size() < max && !records.isEmpty()) {
          Queued next = records.poll();
          bytes -= next.bytes();
          batch.add(next.record());
        }
        taken.signal();
      }
    } finally {
      lock.unlock();
    }
    throwIfFailed();
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
