package io.customconnectors.connect.dynamodb.offset;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a table's reading stands, as one value stored with every record of the table: the phase,
 * each scan segment's position, and each stream shard's position. Connect commits the offset of the
 * newest record whose predecessors are all written, so after a restart the table resumes from a
 * state that no unwritten record is part of.
 *
 * <p>Connect stores only primitive offset values, so the per-segment and per-shard maps travel as
 * JSON strings. The source partition carries the protocol version, so a future format can live
 * beside this one; numbers come back from the offset store as {@code Long}.
 */
public record TableOffset(
    Phase phase,
    long snapshotStartedMillis,
    int totalSegments,
    Map<Integer, String> segmentKeys,
    Set<Integer> segmentsDone,
    long snapshotRecords,
    long snapshotEndedMillis,
    long streamAfterMillis,
    String streamArn,
    Map<String, String> shardPositions,
    Map<String, String> shardStarts,
    Set<String> shardsDone) {

  public static final int PROTOCOL = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

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
    shardStarts = Map.copyOf(shardStarts);
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
        0,
        streamAfterMillis,
        "",
        Map.of(),
        Map.of(),
        Set.of());
  }

  /** Streaming from the oldest record the stream holds, with no snapshot. */
  public static TableOffset streamOnly() {
    return new TableOffset(
        Phase.STREAM, 0, 0, Map.of(), Set.of(), 0, 0, 0, "", Map.of(), Map.of(), Set.of());
  }

  public TableOffset withPhase(Phase next) {
    return scanned(next, segmentKeys, segmentsDone, snapshotRecords, snapshotEndedMillis);
  }

  public TableOffset withSegmentPage(int segment, String lastKey, long records) {
    Map<Integer, String> keys = new TreeMap<>(segmentKeys);
    keys.put(segment, lastKey);
    return scanned(phase, keys, segmentsDone, snapshotRecords + records, snapshotEndedMillis);
  }

  /**
   * Marks a segment scanned to its end; the last one moves the table to {@code next} and marks the
   * snapshot ended at {@code nowMillis}.
   */
  public TableOffset withSegmentDone(int segment, long records, Phase next, long nowMillis) {
    Set<Integer> done = new TreeSet<>(segmentsDone);
    done.add(segment);
    Map<Integer, String> keys = new TreeMap<>(segmentKeys);
    keys.remove(segment);
    boolean finished = done.size() == totalSegments;
    return scanned(
        finished ? next : phase,
        keys,
        done,
        snapshotRecords + records,
        finished ? nowMillis : snapshotEndedMillis);
  }

  public boolean segmentDone(int segment) {
    return segmentsDone.contains(segment);
  }

  /** Reading positions belong to one stream; another stream starts with none. */
  public TableOffset withStream(String arn) {
    return arn.equals(streamArn) ? this : streamed(arn, Map.of(), Map.of(), Set.of());
  }

  /** The last record read from a shard. */
  public TableOffset withShardPosition(String shardId, String sequenceNumber) {
    Map<String, String> positions = new TreeMap<>(shardPositions);
    positions.put(shardId, sequenceNumber);
    Map<String, String> starts = new TreeMap<>(shardStarts);
    starts.remove(shardId);
    return streamed(streamArn, positions, starts, shardsDone);
  }

  /**
   * The first record of a shard written after the snapshot started: reading starts there
   * (inclusive) once the snapshot is done.
   */
  public TableOffset withShardStart(String shardId, String sequenceNumber) {
    Map<String, String> starts = new TreeMap<>(shardStarts);
    starts.put(shardId, sequenceNumber);
    return streamed(streamArn, shardPositions, starts, shardsDone);
  }

  /**
   * Marks a shard read to its end (or holding nothing after the snapshot). Finished shards that are
   * no longer in the stream are forgotten, so the offset stays as small as the stream's 24 hours.
   */
  public TableOffset withShardDone(String shardId, Collection<String> shardsInStream) {
    Set<String> done = new TreeSet<>(shardsDone);
    done.add(shardId);
    done.retainAll(shardsInStream);
    Map<String, String> positions = new TreeMap<>(shardPositions);
    positions.remove(shardId);
    Map<String, String> starts = new TreeMap<>(shardStarts);
    starts.remove(shardId);
    return streamed(streamArn, positions, starts, done);
  }

  /** This offset with other snapshot progress. */
  private TableOffset scanned(
      Phase nextPhase, Map<Integer, String> keys, Set<Integer> done, long records, long ended) {
    return new TableOffset(
        nextPhase,
        snapshotStartedMillis,
        totalSegments,
        keys,
        done,
        records,
        ended,
        streamAfterMillis,
        streamArn,
        shardPositions,
        shardStarts,
        shardsDone);
  }

  /** This offset with other stream progress. */
  private TableOffset streamed(
      String arn, Map<String, String> positions, Map<String, String> starts, Set<String> done) {
    return new TableOffset(
        phase,
        snapshotStartedMillis,
        totalSegments,
        segmentKeys,
        segmentsDone,
        snapshotRecords,
        snapshotEndedMillis,
        streamAfterMillis,
        arn,
        positions,
        starts,
        done);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("protocol", PROTOCOL);
    map.put("phase", phase.name());
    map.put("snapshot_started_ms", snapshotStartedMillis);
    map.put("snapshot_segments", totalSegments);
    map.put("snapshot_records", snapshotRecords);
    map.put("snapshot_ended_ms", snapshotEndedMillis);
    map.put("stream_after_ms", streamAfterMillis);
    map.put("stream_arn", streamArn);
    map.put(
        "segments", json(new Segments(new TreeMap<>(segmentKeys), new TreeSet<>(segmentsDone))));
    map.put(
        "shards",
        json(
            new Shards(
                new TreeMap<>(shardPositions),
                new TreeMap<>(shardStarts),
                new TreeSet<>(shardsDone))));
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
    Segments segments = read(map.get("segments"), new TypeReference<Segments>() {});
    Shards shards = read(map.get("shards"), new TypeReference<Shards>() {});
    return new TableOffset(
        Phase.valueOf(map.get("phase").toString()),
        ((Number) map.get("snapshot_started_ms")).longValue(),
        ((Number) map.get("snapshot_segments")).intValue(),
        segments.keys(),
        segments.done(),
        ((Number) map.get("snapshot_records")).longValue(),
        // Absent from offsets written before the end was recorded: 0, not known.
        map.get("snapshot_ended_ms") instanceof Number ended ? ended.longValue() : 0,
        ((Number) map.get("stream_after_ms")).longValue(),
        map.get("stream_arn").toString(),
        shards.positions(),
        shards.starts(),
        shards.done());
  }

  /** Scan progress: each started segment's last key (DynamoDB JSON) and the finished segments. */
  record Segments(Map<Integer, String> keys, Set<Integer> done) {}

  /**
   * Stream progress per shard: last record read, where to start, and the shards read to the end.
   */
  record Shards(Map<String, String> positions, Map<String, String> starts, Set<String> done) {}

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T read(Object text, TypeReference<T> type) {
    try {
      return JSON.readValue(text.toString(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Offset field is not valid JSON: " + text, e);
    }
  }

  /** For log lines: never holds secrets, but item keys can be long. */
  public String summary() {
    return phase
        + " segments done "
        + segmentsDone.size()
        + "/"
        + totalSegments
        + ", "
        + snapshotRecords
        + " items scanned, shards reading "
        + shardPositions.keySet()
        + ", done "
        + shardsDone.size();
  }
}
