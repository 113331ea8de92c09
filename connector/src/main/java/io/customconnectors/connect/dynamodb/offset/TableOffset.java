package io.customconnectors.connect.dynamodb.offset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a table's reading stands, as one value stored with every record of the table: the phase,
 * each scan segment's position, and each stream shard's last sequence number. Connect commits the
 * offset of the newest record whose predecessors are all written, so after a restart the table
 * resumes from a state that no unwritten record is part of.
 *
 * <p>The source partition carries the protocol version, so a future format can live beside this
 * one. Numbers come back from Connect's offset store as {@code Long}, hence the conversions.
 */
public record TableOffset(
    Phase phase,
    long snapshotStartedMillis,
    int totalSegments,
    Map<Integer, String> segmentKeys,
    Set<Integer> segmentsDone,
    long snapshotRecords,
    long streamAfterMillis,
    String streamArn,
    Map<String, String> shardPositions,
    Set<String> shardsDone) {

  public static final int PROTOCOL = 1;

  /** Phases of a table's life in the connector. */
  public enum Phase {
    /** Scanning the table. */
    SNAPSHOT,
    /** Following the table's stream. */
    STREAM,
    /** Scanned once in snapshot_only mode; nothing more to do. */
    DONE
  }

  public TableOffset {
    segmentKeys = Map.copyOf(segmentKeys);
    segmentsDone = Set.copyOf(segmentsDone);
    shardPositions = Map.copyOf(shardPositions);
    shardsDone = Set.copyOf(shardsDone);
  }

  /** The source partition of a table's records. */
  public static Map<String, Object> partition(String table) {
    Map<String, Object> partition = new LinkedHashMap<>();
    partition.put("protocol", PROTOCOL);
    partition.put("table", table);
    return partition;
  }

  /** A snapshot about to start; the stream is read afterwards from {@code streamAfterMillis}. */
  public static TableOffset newSnapshot(
      long startedMillis, int totalSegments, long streamAfterMillis) {
    return new TableOffset(
        Phase.SNAPSHOT,
        startedMillis,
        totalSegments,
        Map.of(),
        Set.of(),
        0,
        streamAfterMillis,
        "",
        Map.of(),
        Set.of());
  }

  /** Streaming from the oldest record the stream holds, with no snapshot. */
  public static TableOffset streamOnly() {
    return new TableOffset(Phase.STREAM, 0, 0, Map.of(), Set.of(), 0, 0, "", Map.of(), Set.of());
  }

  public TableOffset withSegmentPage(int segment, String lastKey, long records) {
    Map<Integer, String> keys = new TreeMap<>(segmentKeys);
    keys.put(segment, lastKey);
    return new TableOffset(
        phase,
        snapshotStartedMillis,
        totalSegments,
        keys,
        segmentsDone,
        snapshotRecords + records,
        streamAfterMillis,
        streamArn,
        shardPositions,
        shardsDone);
  }

  /** Marks a segment scanned to its end; the last one moves the table to {@code next}. */
  public TableOffset withSegmentDone(int segment, long records, Phase next) {
    Set<Integer> done = new TreeSet<>(segmentsDone);
    done.add(segment);
    Map<Integer, String> keys = new TreeMap<>(segmentKeys);
    keys.remove(segment);
    boolean finished = done.size() == totalSegments;
    return new TableOffset(
        finished ? next : phase,
        snapshotStartedMillis,
        totalSegments,
        keys,
        done,
        snapshotRecords + records,
        streamAfterMillis,
        streamArn,
        shardPositions,
        shardsDone);
  }

  public TableOffset withPhase(Phase next) {
    return new TableOffset(
        next,
        snapshotStartedMillis,
        totalSegments,
        segmentKeys,
        segmentsDone,
        snapshotRecords,
        streamAfterMillis,
        streamArn,
        shardPositions,
        shardsDone);
  }

  public boolean segmentDone(int segment) {
    return segmentsDone.contains(segment);
  }

  public TableOffset withStream(String arn) {
    if (arn.equals(streamArn)) {
      return this;
    }
    return new TableOffset(
        phase,
        snapshotStartedMillis,
        totalSegments,
        segmentKeys,
        segmentsDone,
        snapshotRecords,
        streamAfterMillis,
        arn,
        Map.of(),
        Set.of());
  }

  public TableOffset withShardPosition(String shardId, String sequenceNumber) {
    Map<String, String> positions = new TreeMap<>(shardPositions);
    positions.put(shardId, sequenceNumber);
    return new TableOffset(
        phase,
        snapshotStartedMillis,
        totalSegments,
        segmentKeys,
        segmentsDone,
        snapshotRecords,
        streamAfterMillis,
        streamArn,
        positions,
        shardsDone);
  }

  /**
   * Marks a shard read to its end. Finished shards that are no longer in the stream are forgotten,
   * so the offset stays as small as the stream's 24 hours of shards.
   */
  public TableOffset withShardDone(String shardId, Collection<String> shardsInStream) {
    Set<String> done = new TreeSet<>(shardsDone);
    done.add(shardId);
    done.retainAll(shardsInStream);
    Map<String, String> positions = new TreeMap<>(shardPositions);
    positions.remove(shardId);
    return new TableOffset(
        phase,
        snapshotStartedMillis,
        totalSegments,
        segmentKeys,
        segmentsDone,
        snapshotRecords,
        streamAfterMillis,
        streamArn,
        positions,
        done);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("protocol", PROTOCOL);
    map.put("phase", phase.name());
    map.put("snapshot_started_ms", snapshotStartedMillis);
    map.put("snapshot_segments", totalSegments);
    Map<String, Object> keys = new TreeMap<>();
    segmentKeys.forEach((segment, key) -> keys.put(Integer.toString(segment), key));
    map.put("segment_keys", keys);
    map.put("segments_done", new ArrayList<>(new TreeSet<>(segmentsDone)));
    map.put("snapshot_records", snapshotRecords);
    map.put("stream_after_ms", streamAfterMillis);
    map.put("stream_arn", streamArn);
    map.put("shard_positions", new TreeMap<>(shardPositions));
    map.put("shards_done", new ArrayList<>(new TreeSet<>(shardsDone)));
    return map;
  }

  public static TableOffset fromMap(Map<String, ?> map) {
    Object protocol = map.get("protocol");
    if (!(protocol instanceof Number number) || number.intValue() != PROTOCOL) {
      throw new IllegalArgumentException(
          "Offset written with protocol "
              + protocol
              + "; this connector reads protocol "
              + PROTOCOL);
    }
    Map<Integer, String> keys = new TreeMap<>();
    ((Map<?, ?>) map.get("segment_keys"))
        .forEach((segment, key) -> keys.put(Integer.parseInt(segment.toString()), key.toString()));
    Set<Integer> segmentsDone = new TreeSet<>();
    ((List<?>) map.get("segments_done"))
        .forEach(segment -> segmentsDone.add(((Number) segment).intValue()));
    Map<String, String> positions = new TreeMap<>();
    ((Map<?, ?>) map.get("shard_positions"))
        .forEach((shard, sequence) -> positions.put(shard.toString(), sequence.toString()));
    Set<String> shardsDone = new TreeSet<>();
    ((List<?>) map.get("shards_done")).forEach(shard -> shardsDone.add(shard.toString()));
    return new TableOffset(
        Phase.valueOf(map.get("phase").toString()),
        ((Number) map.get("snapshot_started_ms")).longValue(),
        ((Number) map.get("snapshot_segments")).intValue(),
        keys,
        segmentsDone,
        ((Number) map.get("snapshot_records")).longValue(),
        ((Number) map.get("stream_after_ms")).longValue(),
        map.get("stream_arn").toString(),
        positions,
        shardsDone);
  }
}
