package io.customconnectors.connect.dynamodb.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.ConnectException;

import io.customconnectors.connect.dynamodb.aws.StreamApi.RecordsPage;
import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.stream.ShardLineage;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * LATEST iterators taken when a snapshot starts, one per open shard, kept alive while it runs: the
 * stream is picked up exactly where the snapshot began instead of replaying an overlap.
 */
final class StreamHead {

  private final TableAccess access;
  private final TableProgress progress;
  private final Map<String, String> iterators = new ConcurrentHashMap<>();

  StreamHead(TableAccess access, TableProgress progress) {
    this.access = access;
    this.progress = progress;
  }

  /**
   * Takes a LATEST iterator on every open shard as the snapshot starts; closed shards hold only
   * changes the snapshot already sees.
   */
  void mark() throws InterruptedException {
    String arn = requireStream(access.table(), access.describe());
    List<Shard> shards = access.shards(arn);
    Set<String> listed = ShardLineage.ids(shards);
    progress.advance(offset -> offset.withStream(arn));
    for (Shard shard : shards) {
      boolean closed =
          shard.sequenceNumberRange() != null
              && shard.sequenceNumberRange().endingSequenceNumber() != null;
      if (closed) {
        progress.advance(offset -> offset.withShardDone(shard.shardId(), listed));
      } else {
        iterators.put(
            shard.shardId(), access.iterator(arn, shard.shardId(), ShardIteratorType.LATEST, null));
      }
    }
  }

  /**
   * Keeps the snapshot-start iterators from expiring. A shard that received a record since is
   * pinned to that record's sequence number in the offset, so a restart resumes there too.
   */
  void keepAlive() throws InterruptedException {
    if (iterators.isEmpty()) {
      return;
    }
    String arn = progress.offset().streamArn();
    Set<String> listed = ShardLineage.ids(access.shards(arn));
    for (Map.Entry<String, String> head : Map.copyOf(iterators).entrySet()) {
      String shardId = head.getKey();
      RecordsPage page;
      try {
        page = access.records(head.getValue(), 1);
      } catch (ExpiredIteratorException expired) {
        iterators.remove(shardId);
        continue;
      }
      if (!page.records().isEmpty()) {
        iterators.remove(shardId);
        String first = page.records().get(0).dynamodb().sequenceNumber();
        progress.advance(offset -> offset.withShardStart(shardId, first));
      } else if (page.nextIterator().isEmpty()) {
        iterators.remove(shardId);
        progress.advance(offset -> offset.withShardDone(shardId, listed));
      } else {
        iterators.put(shardId, page.nextIterator().get());
      }
    }
  }

  /** The iterator taken for the shard when the snapshot began, once. */
  Optional<String> take(String shardId) {
    return Optional.ofNullable(iterators.remove(shardId));
  }

  boolean isEmpty() {
    return iterators.isEmpty();
  }

  void clear() {
    iterators.clear();
  }

  /** The table's stream ARN; a table without a stream that carries item images cannot be read. */
  static String requireStream(String table, TableInfo info) {
    if (info.streamArn().isEmpty() || !info.streamHasNewImages()) {
      throw new ConnectException(
          "Table "
              + table
              + " has no stream with item images: enable DynamoDB Streams with NEW_AND_OLD_IMAGES"
              + " (or NEW_IMAGE), or set snapshot.mode=snapshot_only");
    }
    return info.streamArn().get();
  }
}
