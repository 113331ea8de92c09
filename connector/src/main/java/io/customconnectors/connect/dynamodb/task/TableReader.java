package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.connect.dynamodb.aws.StreamApi;
import io.customconnectors.connect.dynamodb.aws.StreamApi.RecordsPage;
import io.customconnectors.connect.dynamodb.aws.TableApi;
import io.customconnectors.connect.dynamodb.aws.TableApi.ScanPage;
import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.config.DataLossAction;
import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.config.SnapshotSettings;
import io.customconnectors.connect.dynamodb.config.StreamSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.offset.TableOffset.Phase;
import io.customconnectors.connect.dynamodb.record.ItemJson;
import io.customconnectors.connect.dynamodb.record.RecordFactory;
import io.customconnectors.connect.dynamodb.stream.ShardLineage;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * Reads one table: a snapshot with parallel Scan segments, then its stream shard by shard in
 * lineage order. Every record carries the table's offset as it stands after that record, and a
 * record is queued in the same critical section that advances the offset, so no committed offset
 * can claim a record that was not queued before it.
 */
final class TableReader implements Runnable {

  static final Duration STREAM_RETENTION = Duration.ofHours(24);

  /** Shard iterators expire after 15 minutes unused. */
  private static final Duration ITERATOR_REFRESH = Duration.ofMinutes(1);

  private static final Duration RETENTION_MARGIN = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(TableReader.class);

  private final String table;
  private final SnapshotSettings snapshot;
  private final StreamSettings stream;
  private final TableApi tables;
  private final StreamApi streams;
  private final RecordFactory records;
  private final RecordQueue queue;
  private final AwsCalls dynamoCalls;
  private final AwsCalls streamCalls;
  private final ExecutorService segmentPool;
  private final Clock clock;
  private final BooleanSupplier stopping;

  private final Object lock = new Object();
  private TableOffset state;

  /**
   * LATEST iterators taken when the snapshot started, one per open shard, kept alive while it runs:
   * the stream is picked up exactly where the snapshot began instead of replaying an overlap.
   */
  private final Map<String, String> streamHead = new ConcurrentHashMap<>();

  TableReader(
      String table,
      TableOffset start,
      SnapshotSettings snapshot,
      StreamSettings stream,
      TableApi tables,
      StreamApi streams,
      RecordFactory records,
      RecordQueue queue,
      AwsCalls dynamoCalls,
      AwsCalls streamCalls,
      ExecutorService segmentPool,
      Clock clock,
      BooleanSupplier stopping) {
    this.table = table;
    this.state = start;
    this.snapshot = snapshot;
    this.stream = stream;
    this.tables = tables;
    this.streams = streams;
    this.records = records;
    this.queue = queue;
    this.dynamoCalls = dynamoCalls;
    this.streamCalls = streamCalls;
    this.segmentPool = segmentPool;
    this.clock = clock;
    this.stopping = stopping;
  }

  /** Where a table without a stored offset starts, per snapshot.mode. */
  static TableOffset initialOffset(SnapshotSettings snapshot, Clock clock) {
    if (!snapshot.mode().snapshots()) {
      return TableOffset.streamOnly();
    }
    long now = clock.millis();
    return TableOffset.newSnapshot(
        now, snapshot.segments(), now - snapshot.streamOverlap().toMillis());
  }

  TableOffset offset() {
    synchronized (lock) {
      return state;
    }
  }

  @Override
  public void run() {
    try {
      while (!stopping.getAsBoolean()) {
        switch (offset().phase()) {
          case SNAPSHOT -> snapshot();
          case STREAM -> stream();
          case DONE -> idle();
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException error) {
      if (!stopping.getAsBoolean()) {
        log.error("Reading table {} failed: {}", table, error.getMessage());
        queue.fail(error);
      }
    }
  }

  private void snapshot() throws InterruptedException {
    TableOffset start = offset();
    boolean fresh =
        start.snapshotRecords() == 0
            && start.segmentKeys().isEmpty()
            && start.segmentsDone().isEmpty();
    if (fresh && !snapshot.initialDelay().isZero()) {
      log.info(
          "Snapshot of {} starts in {} s ({})",
          table,
          snapshot.initialDelay().toSeconds(),
          SnapshotSettings.INIT_SYNC_DELAY);
      Thread.sleep(snapshot.initialDelay().toMillis());
    }
    log.info(
        "Snapshot of {} {}: {} scan segments, {} of them done, {} items read so far",
        table,
        fresh ? "started" : "resumed",
        start.totalSegments(),
        start.segmentsDone().size(),
        start.snapshotRecords());
    if (fresh && snapshot.mode().streams()) {
      markStreamHead();
    }
    long began = System.nanoTime();
    List<Future<?>> segments = new ArrayList<>();
    for (int segment = 0; segment < start.totalSegments(); segment++) {
      if (!start.segmentDone(segment)) {
        int current = segment;
        segments.add(
            segmentPool.submit(
                () -> {
                  scanSegment(current);
                  return null;
                }));
      }
    }
    try {
      for (Future<?> segment : segments) {
        while (true) {
          try {
            segment.get(ITERATOR_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException stillScanning) {
            keepStreamHead();
          }
        }
      }
      keepStreamHead();
    } catch (ExecutionException failed) {
      segments.forEach(segment -> segment.cancel(true));
      Throwable cause = failed.getCause();
      if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw cause instanceof RuntimeException runtime ? runtime : new ConnectException(cause);
    } catch (InterruptedException stopped) {
      segments.forEach(segment -> segment.cancel(true));
      throw stopped;
    }
    synchronized (lock) {
      if (state.phase() == Phase.SNAPSHOT) {
        state = state.withPhase(snapshot.mode().streams() ? Phase.STREAM : Phase.DONE);
      }
      log.info(
          "Snapshot of {} done: {} items in {} ms; next: {}",
          table,
          state.snapshotRecords(),
          Duration.ofNanos(System.nanoTime() - began).toMillis(),
          state.phase() == Phase.STREAM ? "following its stream" : "nothing (snapshot_only)");
    }
  }

  private void scanSegment(int segment) throws InterruptedException {
    Map<String, AttributeValue> startKey;
    int total;
    synchronized (lock) {
      String stored = state.segmentKeys().get(segment);
      startKey = stored == null ? Map.of() : ItemJson.readKey(stored);
      total = state.totalSegments();
    }
    Phase next = snapshot.mode().streams() ? Phase.STREAM : Phase.DONE;
    String action = "scanning table " + table + " (segment " + segment + " of " + total + ")";
    while (true) {
      if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopping");
      }
      Map<String, AttributeValue> from = startKey;
      ScanPage page =
          dynamoCalls.call(
              action,
              () ->
                  tables.scan(
                      table, segment, total, from, snapshot.pageSize(), snapshot.consistentRead()));
      List<SourceRecord> batch = new ArrayList<>(page.items().size());
      synchronized (lock) {
        TableOffset before = state;
        TableOffset after =
            page.last()
                ? before.withSegmentDone(segment, page.items().size(), next)
                : before.withSegmentPage(
                    segment,
                    ItemJson.write(page.lastEvaluatedKey(), DocumentFormat.DYNAMODB_JSON),
                    page.items().size());
        List<Map<String, AttributeValue>> items = page.items();
        for (int i = 0; i < items.size(); i++) {
          batch.add(records.snapshotRead(items.get(i), i == items.size() - 1 ? after : before));
        }
        state = after;
        queue.put(batch);
      }
      if (page.last()) {
        return;
      }
      startKey = page.lastEvaluatedKey();
    }
  }

  private void stream() throws InterruptedException {
    TableInfo info = dynamoCalls.call("describing table " + table, () -> tables.describe(table));
    String arn = requireStream(info);
    synchronized (lock) {
      boolean reading =
          !state.shardPositions().isEmpty()
              || !state.shardStarts().isEmpty()
              || !state.shardsDone().isEmpty()
              || !streamHead.isEmpty();
      if (!state.streamArn().isEmpty() && !state.streamArn().equals(arn) && reading) {
        dataLoss(
            "the stream of table "
                + table
                + " was replaced (streams disabled and enabled again): changes made in between were"
                + " never recorded");
        return;
      }
      state = state.withStream(arn);
      long age = clock.millis() - state.streamAfterMillis();
      if (state.streamAfterMillis() > 0
          && !reading
          && age > STREAM_RETENTION.minus(RETENTION_MARGIN).toMillis()) {
        dataLoss(
            "the snapshot of table "
                + table
                + " started "
                + Duration.ofMillis(age).toHours()
                + " h ago, beyond the stream's 24 h retention: changes made while it ran may have"
                + " expired");
        return;
      }
    }
    log.info("Following the stream of {} ({})", table, arn);
    followStream(arn);
  }

  private void followStream(String arn) throws InterruptedException {
    String action = "reading the stream of table " + table;
    List<Shard> shards = streamCalls.call(action, () -> streams.shards(arn));
    long listedAt = clock.millis();
    Map<String, String> iterators = new HashMap<>();
    Map<String, Long> idleUntil = new HashMap<>();
    while (!stopping.getAsBoolean()) {
      if (clock.millis() - listedAt >= stream.describeInterval().toMillis()) {
        shards = streamCalls.call(action, () -> streams.shards(arn));
        listedAt = clock.millis();
      }
      Set<String> listed = ShardLineage.ids(shards);
      List<Shard> readable;
      synchronized (lock) {
        Set<String> tracked = new TreeSet<>(state.shardPositions().keySet());
        tracked.addAll(state.shardStarts().keySet());
        Set<String> gone = ShardLineage.vanished(tracked, shards);
        if (!gone.isEmpty()) {
          dataLoss(
              "shards "
                  + gone
                  + " of table "
                  + table
                  + "'s stream expired (24 h retention) before they were read to the end");
          return;
        }
        readable = ShardLineage.readable(shards, state.shardsDone());
      }
      long now = clock.millis();
      long nextDue = now + stream.pollInterval().toMillis();
      for (Shard shard : readable) {
        String id = shard.shardId();
        long due = idleUntil.getOrDefault(id, 0L);
        if (due > now) {
          nextDue = Math.min(nextDue, due);
          continue;
        }
        try {
          String iterator = iterators.get(id);
          if (iterator == null) {
            iterator = openIterator(arn, id, action);
          }
          String current = iterator;
          RecordsPage page =
              streamCalls.call(action, () -> streams.records(current, stream.recordsPerRequest()));
          emit(id, page.records());
          if (page.nextIterator().isEmpty()) {
            synchronized (lock) {
              state = state.withShardDone(id, listed);
            }
            iterators.remove(id);
            log.debug("Shard {} of {} read to its end", id, table);
            nextDue = now;
          } else {
            iterators.put(id, page.nextIterator().get());
            if (page.records().isEmpty()) {
              idleUntil.put(id, clock.millis() + stream.pollInterval().toMillis());
            } else {
              idleUntil.remove(id);
              nextDue = now;
            }
          }
        } catch (ExpiredIteratorException expired) {
          iterators.remove(id);
          nextDue = now;
        } catch (TrimmedDataAccessException trimmed) {
          dataLoss(
              "records of shard "
                  + id
                  + " of table "
                  + table
                  + "'s stream were trimmed (24 h retention) before they were read");
          return;
        }
      }
      long wait = nextDue - clock.millis();
      if (wait > 0) {
        Thread.sleep(Math.min(wait, stream.pollInterval().toMillis()));
      }
    }
  }

  /**
   * Where reading a shard (re)starts: the iterator taken when the snapshot began, else after the
   * last record read, else at the first record written after the snapshot began, else (a shard that
   * appeared later, or a snapshot resumed after a restart) at the shard's oldest record.
   */
  private String openIterator(String arn, String shardId, String action)
      throws InterruptedException {
    String head = streamHead.remove(shardId);
    if (head != null) {
      return head;
    }
    TableOffset current = offset();
    String position = current.shardPositions().get(shardId);
    if (position != null) {
      return streamCalls.call(
          action,
          () -> streams.iterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, position));
    }
    String start = current.shardStarts().get(shardId);
    if (start != null) {
      return streamCalls.call(
          action,
          () -> streams.iterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, start));
    }
    return streamCalls.call(
        action, () -> streams.iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null));
  }

  /**
   * Takes a LATEST iterator on every open shard as the snapshot starts; closed shards hold only
   * changes the snapshot already sees.
   */
  private void markStreamHead() throws InterruptedException {
    TableInfo info = dynamoCalls.call("describing table " + table, () -> tables.describe(table));
    String arn = requireStream(info);
    String action = "reading the stream of table " + table;
    List<Shard> shards = streamCalls.call(action, () -> streams.shards(arn));
    Set<String> listed = ShardLineage.ids(shards);
    synchronized (lock) {
      state = state.withStream(arn);
    }
    for (Shard shard : shards) {
      boolean closed =
          shard.sequenceNumberRange() != null
              && shard.sequenceNumberRange().endingSequenceNumber() != null;
      if (closed) {
        synchronized (lock) {
          state = state.withShardDone(shard.shardId(), listed);
        }
      } else {
        streamHead.put(
            shard.shardId(),
            streamCalls.call(
                action,
                () -> streams.iterator(arn, shard.shardId(), ShardIteratorType.LATEST, null)));
      }
    }
  }

  /**
   * Keeps the snapshot-start iterators from expiring. A shard that received a record since is
   * pinned to that record's sequence number in the offset, so a restart resumes there too.
   */
  private void keepStreamHead() throws InterruptedException {
    if (streamHead.isEmpty()) {
      return;
    }
    String arn = offset().streamArn();
    String action = "reading the stream of table " + table;
    Set<String> listed = ShardLineage.ids(streamCalls.call(action, () -> streams.shards(arn)));
    for (Map.Entry<String, String> head : Map.copyOf(streamHead).entrySet()) {
      String shardId = head.getKey();
      RecordsPage page;
      try {
        page = streamCalls.call(action, () -> streams.records(head.getValue(), 1));
      } catch (ExpiredIteratorException expired) {
        streamHead.remove(shardId);
        continue;
      }
      if (!page.records().isEmpty()) {
        streamHead.remove(shardId);
        synchronized (lock) {
          state = state.withShardStart(shardId, page.records().get(0).dynamodb().sequenceNumber());
        }
      } else if (page.nextIterator().isEmpty()) {
        streamHead.remove(shardId);
        synchronized (lock) {
          state = state.withShardDone(shardId, listed);
        }
      } else {
        streamHead.put(shardId, page.nextIterator().get());
      }
    }
  }

  private String requireStream(TableInfo info) {
    if (info.streamArn().isEmpty() || !info.streamHasNewImages()) {
      throw new ConnectException(
          "Table "
              + table
              + " has no stream with item images: enable DynamoDB Streams with NEW_AND_OLD_IMAGES"
              + " (or NEW_IMAGE), or set snapshot.mode=snapshot_only");
    }
    return info.streamArn().get();
  }

  /**
   * Queues the changes of one GetRecords call. Events created before the snapshot started (less the
   * overlap) are already in the snapshot and are skipped; the position still moves past them.
   */
  private void emit(String shardId, List<Record> events) throws InterruptedException {
    if (events.isEmpty()) {
      return;
    }
    List<SourceRecord> batch = new ArrayList<>(events.size());
    synchronized (lock) {
      for (Record event : events) {
        TableOffset next = state.withShardPosition(shardId, event.dynamodb().sequenceNumber());
        Instant created = event.dynamodb().approximateCreationDateTime();
        if (created == null || created.toEpochMilli() >= state.streamAfterMillis()) {
          batch.addAll(records.change(event, shardId, next));
        }
        state = next;
      }
      queue.put(batch);
    }
  }

  private void dataLoss(String what) {
    if (stream.dataLossAction() == DataLossAction.FAIL) {
      throw new ConnectException(
          "Data lost: "
              + what
              + ". Set "
              + StreamSettings.DATA_LOSS_ACTION
              + "=resnapshot to read the table again instead of failing.");
    }
    log.error(
        "Data lost: {}. Reading table {} again from a new snapshot ({}=resnapshot).",
        what,
        table,
        StreamSettings.DATA_LOSS_ACTION);
    synchronized (lock) {
      long now = clock.millis();
      state =
          TableOffset.newSnapshot(
              now, snapshot.segments(), now - snapshot.streamOverlap().toMillis());
    }
    streamHead.clear();
  }

  private void idle() throws InterruptedException {
    log.info("Table {} was read once (snapshot.mode=snapshot_only); nothing more to do", table);
    while (!stopping.getAsBoolean()) {
      Thread.sleep(1_000);
    }
  }
}
