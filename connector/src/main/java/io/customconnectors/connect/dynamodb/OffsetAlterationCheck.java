package io.customconnectors.connect.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;

import io.customconnectors.connect.dynamodb.config.DiscoverySettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.offset.TableOffset.Phase;
import io.customconnectors.connect.dynamodb.stream.StreamRetention;

/**
 * The checks behind {@code alterOffsets}: offsets a person writes through Connect's REST API (or an
 * operator) must be ones the task can read and act on as meant. A problem rejects the whole request
 * with a message naming the partition, the field and what to write instead; Connect answers the
 * request with that message. No AWS call: the connector may be stopped and AWS unreachable.
 */
final class OffsetAlterationCheck {

  /** Epoch milliseconds below this are in 1973 or before: almost surely seconds written by hand. */
  private static final long EARLIEST_MILLIS = 100_000_000_000L;

  private static final String PARTITION_FORM =
      "{\"protocol\": " + TableOffset.PROTOCOL + ", \"table\": \"<table name>\"}";

  private final DiscoverySettings discovery;
  private final Clock clock;

  OffsetAlterationCheck(DiscoverySettings discovery, Clock clock) {
    this.discovery = discovery;
    this.clock = clock;
  }

  void check(Map<Map<String, ?>, Map<String, ?>> offsets) {
    offsets.forEach(this::check);
  }

  /**
   * A null offset resets the table: it is snapshotted again. Resets are accepted for any table,
   * including ones the connector no longer reads, because Connect's DELETE resets every partition
   * in the offset store at once.
   */
  private void check(Map<String, ?> partition, Map<String, ?> offset) {
    String table = tableOf(partition);
    if (offset == null) {
      return;
    }
    requireOwned(partition, table);
    TableOffset parsed;
    try {
      parsed = TableOffset.fromMap(offset);
    } catch (IllegalArgumentException e) {
      throw rejected(table, e.getMessage());
    }
    requireMeaningful(table, parsed);
  }

  private static String tableOf(Map<String, ?> partition) {
    // Connect finds a partition by its exact JSON, so "1" or 1.0 would name another partition.
    Object protocol = partition.get("protocol");
    boolean current =
        (protocol instanceof Integer || protocol instanceof Long)
            && ((Number) protocol).longValue() == TableOffset.PROTOCOL;
    if (!current) {
      throw new ConnectException(
          "Partition "
              + partition
              + ": \"protocol\" is "
              + (protocol == null ? "missing" : quoted(protocol))
              + "; this connector version reads partitions of protocol "
              + TableOffset.PROTOCOL
              + " (a number): write "
              + PARTITION_FORM);
    }
    Object table = partition.get("table");
    if (!(table instanceof String name)) {
      throw new ConnectException(
          "Partition "
              + partition
              + ": \"table\" is "
              + (table == null ? "missing" : quoted(table) + ", not a string")
              + "; write the table's name as a string: "
              + PARTITION_FORM);
    }
    if (!name.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new ConnectException(
          "Partition "
              + partition
              + ": \"table\" '"
              + name
              + "' is not a DynamoDB table name (3-255 letters, digits, '_', '-' or '.')");
    }
    return name;
  }

  /** With a table list, offsets for other tables would sit unread and mislead; with tags, any. */
  private void requireOwned(Map<String, ?> partition, String table) {
    List<String> tables = discovery.tables();
    if (discovery.listed() && !tables.contains(table)) {
      throw new ConnectException(
          "Partition "
              + partition
              + ": offsets for a partition the connector does not own: it reads the tables "
              + tables
              + " ("
              + discovery.tablesKey()
              + "); add "
              + table
              + " there first, or alter the offset of one of those tables");
    }
  }

  /** Offsets that parse but would not do what the person meant. */
  private void requireMeaningful(String table, TableOffset offset) {
    if (offset.phase() == Phase.SNAPSHOT && offset.totalSegments() < 1) {
      throw rejected(
          table,
          "phase SNAPSHOT needs \"snapshot_segments\" of at least 1 (a scan with no segments"
              + " reads nothing); to snapshot the table again, reset its offset instead (offset"
              + " null)");
    }
    long after = offset.streamAfterMillis();
    if (after > 0 && after < EARLIEST_MILLIS) {
      throw rejected(
          table,
          "\"stream_after_ms\" "
              + after
              + " is a time in 1973 or earlier; write milliseconds since the epoch, e.g. "
              + after * 1000
              + " if "
              + after
              + " is in seconds");
    }
    boolean positioned =
        !offset.shardPositions().isEmpty()
            || !offset.shardStarts().isEmpty()
            || !offset.shardsDone().isEmpty();
    if (offset.phase() == Phase.STREAM
        && !positioned
        && StreamRetention.outlived(after, clock.millis())) {
      throw rejected(
          table,
          "\"stream_after_ms\" "
              + after
              + " is "
              + Duration.ofMillis(clock.millis() - after).toHours()
              + " h ago; the stream keeps changes for "
              + StreamRetention.RETENTION.toHours()
              + " h, so older ones are gone and the task would report data loss. Write a time"
              + " within the last 23 h, or 0 to read everything the stream holds");
    }
  }

  private static String quoted(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }

  private static ConnectException rejected(String table, String problem) {
    return new ConnectException("Offset for table " + table + ": " + problem);
  }
}
