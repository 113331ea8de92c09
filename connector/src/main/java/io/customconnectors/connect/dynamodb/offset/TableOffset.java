package io.customconnectors.connect.dynamodb.offset;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
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

  /** How the JSON-string fields look, for messages to people writing offsets by hand. */
  private static final String SEGMENTS_EXAMPLE = "\"{\\\"keys\\\":{},\\\"done\\\":[0,1]}\"";

  private static final String SHARDS_EXAMPLE =
      "\"{\\\"positions\\\":{\\\"<shard id>\\\":\\\"<sequence number>\\\"}}\"";

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

  /**
   * Reading positions belong to one stream; another stream starts with none. An offset naming no
   * stream (written by hand with {@code stream_arn} left out) means the table's current one, so its
   * positions are kept.
   */
  public TableOffset withStream(String arn) {
    if (arn.equals(streamArn)) {
      return this;
    }
    return streamArn.isEmpty()
        ? streamed(arn, shardPositions, shardStarts, shardsDone)
        : streamed(arn, Map.of(), Map.of(), Set.of());
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

  /**
   * Reads an offset the connector stored, or one a person wrote: only {@code protocol} and {@code
   * phase} are required, the rest defaults to nothing read yet. Fails with an {@link
   * IllegalArgumentException} naming the field that does not fit.
   */
  public static TableOffset fromMap(Map<String, ?> map) {
    requireProtocol(map.get("protocol"));
    OffsetFields fields = new OffsetFields(map);
    Phase phase = fields.required("phase", Phase.class);
    Segments segments =
        fields.json("segments", new TypeReference<Segments>() {}, Segments.NONE, SEGMENTS_EXAMPLE);
    Shards shards =
        fields.json("shards", new TypeReference<Shards>() {}, Shards.NONE, SHARDS_EXAMPLE);
    return new TableOffset(
        phase,
        fields.count("snapshot_started_ms"),
        fields.smallCount("snapshot_segments"),
        segments.keys(),
        segments.done(),
        fields.count("snapshot_records"),
        // Absent from offsets written before the end was recorded: 0, not known.
        fields.count("snapshot_ended_ms"),
        fields.count("stream_after_ms"),
        fields.text("stream_arn", "a stream ARN, or \"\" for the table's current stream"),
        shards.positions(),
        shards.starts(),
        shards.done());
  }

  private static void requireProtocol(Object protocol) {
    if (protocol == null) {
      throw new IllegalArgumentException(
          "Offset field \"protocol\" is missing; this connector reads protocol "
              + PROTOCOL
              + ": write \"protocol\": "
              + PROTOCOL);
    }
    boolean current =
        protocol instanceof Number number
            ? number.doubleValue() == PROTOCOL
            : protocol.toString().trim().equals(Integer.toString(PROTOCOL));
    if (!current) {
      throw new IllegalArgumentException(
          "Offset written with protocol "
              + protocol
              + "; this connector reads protocol "
              + PROTOCOL);
    }
  }

  /** Scan progress: each started segment's last key (DynamoDB JSON) and the finished segments. */
  record Segments(Map<Integer, String> keys, Set<Integer> done) {
    static final Segments NONE = new Segments(Map.of(), Set.of());

    /** A part left out (as people writing offsets by hand do) is empty. */
    Segments {
      keys = keys == null ? Map.of() : withoutNulls(keys);
      done = done == null ? Set.of() : Set.copyOf(withoutNulls(done));
    }
  }

  /**
   * Stream progress per shard: last record read, where to start, and the shards read to the end.
   */
  record Shards(Map<String, String> positions, Map<String, String> starts, Set<String> done) {
    static final Shards NONE = new Shards(Map.of(), Map.of(), Set.of());

    /** A part left out (as people writing offsets by hand do) is empty. */
    Shards {
      positions = positions == null ? Map.of() : withoutNulls(positions);
      starts = starts == null ? Map.of() : withoutNulls(starts);
      done = done == null ? Set.of() : Set.copyOf(withoutNulls(done));
    }
  }

  /** Jackson reports this (a null where a position or id belongs) as the JSON not fitting. */
  private static <K, V> Map<K, V> withoutNulls(Map<K, V> map) {
    if (map.keySet().stream().anyMatch(Objects::isNull)
        || map.values().stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("null is not a position: " + map);
    }
    return map;
  }

  private static <T> Collection<T> withoutNulls(Collection<T> ids) {
    if (ids.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("null is not a segment or shard: " + ids);
    }
    return ids;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
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
