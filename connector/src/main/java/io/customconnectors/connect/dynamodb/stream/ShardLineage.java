package io.customconnectors.connect.dynamodb.stream;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Which shards of a stream may be read. A key's changes move from a parent shard to its children
 * when shards split or roll over, so a child is read only once its parent has been read to the end
 * (or has aged out of the stream): that keeps each key's changes in order.
 */
public final class ShardLineage {

  private ShardLineage() {}

  /** Shards not yet read to their end whose parent is done or gone, oldest first. */
  public static List<Shard> readable(List<Shard> shards, Set<String> done) {
    Set<String> listed = ids(shards);
    return shards.stream()
        .filter(shard -> !done.contains(shard.shardId()))
        .filter(
            shard ->
                shard.parentShardId() == null
                    || done.contains(shard.parentShardId())
                    || !listed.contains(shard.parentShardId()))
        .sorted(Comparator.comparing(ShardLineage::startingSequence))
        .toList();
  }

  /**
   * Shards the connector was reading (it holds a position in them) that the stream no longer lists:
   * their unread records expired before they were read.
   */
  public static Set<String> vanished(Collection<String> positions, List<Shard> shards) {
    Set<String> gone = new TreeSet<>(positions);
    gone.removeAll(ids(shards));
    return gone;
  }

  /**
   * The listed ancestors of the given shards. A position in a shard implies its ancestors were read
   * to their end: this is how a position written by hand, in a child shard, resumes after that
   * record instead of first replaying the parents.
   */
  public static Set<String> ancestors(Collection<String> shardIds, List<Shard> shards) {
    Map<String, String> parents = new HashMap<>();
    shards.forEach(shard -> parents.put(shard.shardId(), shard.parentShardId()));
    Set<String> found = new TreeSet<>();
    for (String id : shardIds) {
      String parent = parents.get(id);
      while (parent != null && parents.containsKey(parent) && found.add(parent)) {
        parent = parents.get(parent);
      }
    }
    return found;
  }

  public static Set<String> ids(List<Shard> shards) {
    return shards.stream().map(Shard::shardId).collect(Collectors.toCollection(TreeSet::new));
  }

  private static BigInteger startingSequence(Shard shard) {
    if (shard.sequenceNumberRange() == null
        || shard.sequenceNumberRange().startingSequenceNumber() == null) {
      return BigInteger.ZERO;
    }
    return new BigInteger(shard.sequenceNumberRange().startingSequenceNumber());
  }
}
