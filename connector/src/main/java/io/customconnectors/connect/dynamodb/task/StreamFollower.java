package io.customconnectors.connect.dynamodb.task;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.connect.dynamodb.aws.StreamApi.RecordsPage;
import io.customconnectors.connect.dynamodb.config.StreamSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.record.RecordFactory;
import io.customconnectors.connect.dynamodb.stream.ShardLineage;
import io.customconnectors.connect.dynamodb.stream.StreamRetention;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * A table's stream, read shard by shard in lineage order (parents before children), from where the
 * snapshot began or the offset left off. Lost data (a replaced stream, expired shards, trimmed
 * records, a snapshot longer than the stream's retention) goes to the {@code dataLoss} handler,
 * which fails the task or starts a new snapshot.
 */
final class StreamFollower {

  private static final Logger log = LoggerFactory.getLogger(StreamFollower.class);

  private final TableAccess access;
  private final TableProgress progress;
  private final StreamHead head;
  private final StreamSettings settings;
  private final RecordFactory records;
  private final Consumer<String> dataLoss;

  StreamFollower(
      TableAccess access,
      TableProgress progress,
      StreamHead head,
      StreamSettings settings,
      RecordFactory records,
      Consumer<String> dataLoss) {
    this.access = access;
    this.progress = progress;
    this.head = head;
    this.settings = settings;
    this.records = records;
    this.dataLoss = dataLoss;
  }

  void run() throws InterruptedException {
    String table = access.table();
    String arn = StreamHead.requireStream(table, access.describe());
    Instant now = access.clock().instant();
    TableOffset state = progress.offset();
    boolean reading =
        !state.shardPositions().isEmpty()
            || !state.shardStarts().isEmpty()
            || !state.shardsDone().isEmpty()
            || !head.isEmpty();
    if (!state.streamArn().isEmpty() && !state.streamArn().equals(arn) && reading) {
      dataLoss.accept(
          "the stream of table "
              + table
              + " was replaced (streams disabled and enabled again): changes made in between were"
              + " never recorded");
      return;
    }
    progress.advance(offset -> offset.withStream(arn));
    long age = now.toEpochMilli() - state.streamAfterMillis();
    if (!reading && StreamRetention.outlived(state.streamAfterMillis(), now.toEpochMilli())) {
      dataLoss.accept(expiredStart(table, state, age));
      return;
    }
    log.info("Following the stream of {} ({})", table, arn);
    follow(arn);
  }

  /** Why reading from {@code stream_after_ms} cannot see every change since then. */
  private static String expiredStart(String table, TableOffset state, long age) {
    long hours = Duration.ofMillis(age).toHours();
    if (state.snapshotStartedMillis() == 0) {
      // No snapshot: the time was written into the offset by hand.
      return "the offset of table "
          + table
          + " asks for changes since stream_after_ms "
          + state.streamAfterMillis()
          + ", "
          + hours
          + " h ago, beyond the stream's 24 h retention: older changes have expired (write a"
          + " later time, or stream_after_ms 0 to read all the stream holds)";
    }
    return "the snapshot of table "
        + table
        + " started "
        + hours
        + " h ago, beyond the stream's 24 h retention: changes made while it ran may have"
        + " expired";
  }

  private void follow(String arn) throws InterruptedException {
    String table = access.table();
    List<Shard> shards = access.shards(arn);
    long listedAt = access.clock().millis();
    Map<String, String> iterators = new HashMap<>();
    Map<String, Long> idleUntil = new HashMap<>();
    while (!access.stopRequested()) {
      if (access.clock().millis() - listedAt >= settings.describeInterval().toMillis()) {
        shards = access.shards(arn);
        listedAt = access.clock().millis();
      }
      Set<String> listed = ShardLineage.ids(shards);
      TableOffset state = progress.offset();
      Set<String> tracked = new TreeSet<>(state.shardPositions().keySet());
      tracked.addAll(state.shardStarts().keySet());
      Set<String> gone = ShardLineage.vanished(tracked, shards);
      if (!gone.isEmpty()) {
        dataLoss.accept(
            "shards "
                + gone
                + " of table "
                + table
                + "'s stream expired (24 h retention) before they were read to the end");
        return;
      }
      state = passAncestorsOfPositions(state, shards, listed);
      List<Shard> readable = ShardLineage.readable(shards, state.shardsDone());
      long now = access.clock().millis();
      long nextDue = now + settings.pollInterval().toMillis();
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
            iterator = openIterator(arn, id);
          }
          RecordsPage page = access.records(iterator, settings.recordsPerRequest());
          emit(id, page.records());
          if (page.nextIterator().isEmpty()) {
            progress.advance(offset -> offset.withShardDone(id, listed));
            iterators.remove(id);
            log.debug("Shard {} of {} read to its end", id, table);
            nextDue = now;
          } else {
            iterators.put(id, page.nextIterator().get());
            if (page.records().isEmpty()) {
              idleUntil.put(id, access.clock().millis() + settings.pollInterval().toMillis());
            } else {
              idleUntil.remove(id);
              nextDue = now;
            }
          }
        } catch (ExpiredIteratorException expired) {
          iterators.remove(id);
          nextDue = now;
        } catch (TrimmedDataAccessException trimmed) {
          dataLoss.accept(
              "records of shard "
                  + id
                  + " of table "
                  + table
                  + "'s stream were trimmed (24 h retention) before they were read");
          return;
        }
      }
      long wait = nextDue - access.clock().millis();
      if (wait > 0) {
        Thread.sleep(Math.min(wait, settings.pollInterval().toMillis()));
      }
    }
  }

  /**
   * Marks the ancestors of shards holding a position as read. The connector's own offsets already
   * say so (a child is read only after its parents); a position written by hand in a child shard
   * means "resume after this record", which a replay of its parents would break.
   */
  private TableOffset passAncestorsOfPositions(
      TableOffset state, List<Shard> shards, Set<String> listed) {
    Set<String> passed = ShardLineage.ancestors(state.shardPositions().keySet(), shards);
    passed.removeAll(state.shardsDone());
    if (passed.isEmpty()) {
      return state;
    }
    log.info("Shards {} precede the positions in the offset; not reading them", passed);
    for (String shardId : passed) {
      progress.advance(offset -> offset.withShardDone(shardId, listed));
    }
    return progress.offset();
  }

  /**
   * Where reading a shard (re)starts: the iterator taken when the snapshot began, else after the
   * last record read, else at the first record written after the snapshot began, else (a shard that
   * appeared later, or a snapshot resumed after a restart) at the shard's oldest record.
   */
  private String openIterator(String arn, String shardId) throws InterruptedException {
    var taken = head.take(shardId);
    if (taken.isPresent()) {
      return taken.get();
    }
    TableOffset current = progress.offset();
    String position = current.shardPositions().get(shardId);
    if (position != null) {
      return access.iterator(arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, position);
    }
    String start = current.shardStarts().get(shardId);
    if (start != null) {
      return access.iterator(arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, start);
    }
    return access.iterator(arn, shardId, ShardIteratorType.TRIM_HORIZON, null);
  }

  /**
   * Queues the changes of one GetRecords call. Events created before the snapshot started (less the
   * overlap) are already in the snapshot and are skipped; the position still moves past them. Only
   * the last record carries the offset after the call; the ones before carry the offset before it
   * (a restart in between reads the call again), so a call costs one offset, not one per record.
   */
  private void emit(String shardId, List<Record> events) throws InterruptedException {
    if (events.isEmpty()) {
      return;
    }
    String last = events.get(events.size() - 1).dynamodb().sequenceNumber();
    progress.step(
        (before, batch) -> {
          TableOffset after = before.withShardPosition(shardId, last);
          List<Record> changes =
              events.stream()
                  .filter(
                      event -> {
                        Instant created = event.dynamodb().approximateCreationDateTime();
                        return created == null
                            || created.toEpochMilli() >= before.streamAfterMillis();
                      })
                  .toList();
          for (int i = 0; i < changes.size(); i++) {
            batch.addAll(
                records.change(changes.get(i), shardId, i == changes.size() - 1 ? after : before));
          }
          return after;
        });
  }
}
