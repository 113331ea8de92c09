package io.customconnectors.connect.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.offset.TableOffset;

/**
 * Offsets a person alters or resets through Connect's REST API (the connector stopped): what the
 * connector accepts, and the message a rejected request answers with.
 */
class AlterOffsetsTest {

  private static final long DEC_1 = 1_764_547_200_000L;

  private final DynamoDbSourceConnector connector = new DynamoDbSourceConnector();

  private static Map<String, String> listing(String tables) {
    Map<String, String> config = tagged();
    config.put("dynamodb.tables.include", tables);
    return config;
  }

  private static Map<String, String> tagged() {
    Map<String, String> config = new HashMap<>();
    config.put("aws.region", "us-east-1");
    return config;
  }

  private static Map<String, Object> partition(Object protocol, Object table) {
    Map<String, Object> partition = new LinkedHashMap<>();
    if (protocol != null) {
      partition.put("protocol", protocol);
    }
    if (table != null) {
      partition.put("table", table);
    }
    return partition;
  }

  private static Map<String, Object> followFrom(long millis) {
    return Map.of("protocol", 1, "phase", "STREAM", "stream_after_ms", millis);
  }

  private boolean alter(
      Map<String, String> config, Map<String, Object> partition, Map<String, Object> offset) {
    Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
    offsets.put(partition, offset);
    return connector.alterOffsets(config, offsets);
  }

  private String rejection(
      Map<String, String> config, Map<String, Object> partition, Map<String, Object> offset) {
    ConnectException rejected =
        assertThrows(ConnectException.class, () -> alter(config, partition, offset));
    return rejected.getMessage();
  }

  private static long hoursAgo(int hours) {
    return System.currentTimeMillis() - Duration.ofHours(hours).toMillis();
  }

  @Test
  void followingTheStreamFromAPointInTimeIsAccepted() {
    assertThat(alter(listing("Supermarket"), partition(1, "Supermarket"), followFrom(hoursAgo(2))))
        .isTrue();
    Map<String, Object> quoted =
        Map.of("protocol", "1", "phase", "stream", "stream_after_ms", "" + hoursAgo(2));
    assertThat(alter(listing("Supermarket"), partition(1L, "Supermarket"), quoted)).isTrue();
  }

  @Test
  void resumingAfterAStreamPositionIsAccepted() {
    Map<String, Object> offset =
        Map.of(
            "protocol",
            1,
            "phase",
            "STREAM",
            "stream_arn",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Supermarket/stream/2025-12-01T00:00:00.000",
            "shards",
            "{\"positions\":{\"shardId-00000001764547200000-abcdef12\":\"4900000000000000000001\"}}");

    assertThat(alter(listing("Supermarket"), partition(1, "Supermarket"), offset)).isTrue();
  }

  @Test
  void resetIsAcceptedEvenForATableNoLongerRead() {
    assertThat(alter(listing("Supermarket"), partition(1, "Supermarket"), null)).isTrue();
    // Connect's DELETE resets every partition it stored, including tables dropped from the list.
    assertThat(alter(listing("Supermarket"), partition(1, "Orders"), null)).isTrue();
  }

  @Test
  void everyTableNameIsAcceptedWithTagDiscovery() {
    assertThat(alter(tagged(), partition(1, "Any.Table-Name_1"), followFrom(hoursAgo(1)))).isTrue();
  }

  @Test
  void theWholeRequestIsRejectedWhenOneEntryIsWrong() {
    Map<Map<String, ?>, Map<String, ?>> offsets = new LinkedHashMap<>();
    offsets.put(partition(1, "Supermarket"), followFrom(hoursAgo(1)));
    offsets.put(partition(1, "Supermarket"), null);
    offsets.put(partition(1, "Orders"), followFrom(hoursAgo(1)));

    assertThatThrownBy(() -> connector.alterOffsets(listing("Supermarket"), offsets))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("Orders");
  }

  @Test
  void partitionOfAnotherProtocolIsRejectedNamingTheOneThisVersionReads() {
    assertThat(rejection(tagged(), partition(null, "Supermarket"), null))
        .isEqualTo(
            "Partition {table=Supermarket}: \"protocol\" is missing; this connector version reads"
                + " partitions of protocol 1 (a number): write {\"protocol\": 1, \"table\":"
                + " \"<table name>\"}");
    assertThat(rejection(tagged(), partition(2, "Supermarket"), followFrom(hoursAgo(1))))
        .startsWith("Partition {protocol=2, table=Supermarket}: \"protocol\" is 2; this connector");
    // Connect finds partitions by their exact JSON: "1" would be a partition no task reads.
    assertThat(rejection(tagged(), partition("1", "Supermarket"), followFrom(hoursAgo(1))))
        .startsWith("Partition {protocol=1, table=Supermarket}: \"protocol\" is \"1\"; this");
  }

  @Test
  void partitionWithoutAValidTableNameIsRejected() {
    assertThat(rejection(tagged(), partition(1, null), null))
        .isEqualTo(
            "Partition {protocol=1}: \"table\" is missing; write the table's name as a string:"
                + " {\"protocol\": 1, \"table\": \"<table name>\"}");
    assertThat(rejection(tagged(), partition(1, 42), null))
        .isEqualTo(
            "Partition {protocol=1, table=42}: \"table\" is 42, not a string; write the table's"
                + " name as a string: {\"protocol\": 1, \"table\": \"<table name>\"}");
    assertThat(rejection(tagged(), partition(1, "Super market"), null))
        .isEqualTo(
            "Partition {protocol=1, table=Super market}: \"table\" 'Super market' is not a"
                + " DynamoDB table name (3-255 letters, digits, '_', '-' or '.')");
  }

  @Test
  void tableTheConnectorDoesNotReadIsRejectedNamingTheOnesItReads() {
    assertThat(
            rejection(
                listing("Supermarket, Customers"), partition(1, "Orders"), followFrom(hoursAgo(1))))
        .isEqualTo(
            "Partition {protocol=1, table=Orders}: offsets for a partition the connector does not"
                + " own: it reads the tables [Customers, Supermarket] (dynamodb.tables.include);"
                + " add Orders there first, or alter the offset of one of those tables");
  }

  @Test
  void offsetTheTaskCannotReadIsRejectedNamingTheField() {
    Map<String, String> config = listing("Supermarket");
    Map<String, Object> table = partition(1, "Supermarket");

    assertThat(rejection(config, table, Map.of("protocol", 1, "phase", "FOLLOW")))
        .isEqualTo(
            "Offset for table Supermarket: Offset field \"phase\" is \"FOLLOW\" (a string);"
                + " expected one of [SNAPSHOT, STREAM, DONE]");
    assertThat(rejection(config, table, Map.of("phase", "STREAM")))
        .startsWith("Offset for table Supermarket: Offset field \"protocol\" is missing");
    assertThat(
            rejection(
                config,
                table,
                Map.of("protocol", 1, "phase", "STREAM", "stream_after_ms", "yesterday")))
        .startsWith(
            "Offset for table Supermarket: Offset field \"stream_after_ms\" is \"yesterday\" (a"
                + " string); expected a whole number");
  }

  @Test
  void shardsWrittenAsAnObjectIsRejectedAskingForAJsonString() {
    Map<String, Object> offset =
        Map.of("protocol", 1, "phase", "STREAM", "shards", Map.of("positions", Map.of("s", "49")));

    assertThat(rejection(listing("Supermarket"), partition(1, "Supermarket"), offset))
        .startsWith(
            "Offset for table Supermarket: Offset field \"shards\" is {positions={s=49}} (an"
                + " object); Kafka Connect stores only primitive offset values, so write it as a"
                + " JSON string, e.g.");
  }

  @Test
  void streamAfterGivenInSecondsIsRejected() {
    assertThat(
            rejection(
                listing("Supermarket"), partition(1, "Supermarket"), followFrom(DEC_1 / 1000)))
        .isEqualTo(
            "Offset for table Supermarket: \"stream_after_ms\" 1764547200 is a time in 1973 or"
                + " earlier; write milliseconds since the epoch, e.g. 1764547200000 if 1764547200"
                + " is in seconds");
  }

  @Test
  void streamAfterOlderThanTheStreamRetentionIsRejected() {
    assertThat(
            rejection(
                listing("Supermarket"), partition(1, "Supermarket"), followFrom(hoursAgo(30))))
        .startsWith("Offset for table Supermarket: \"stream_after_ms\" ")
        .contains(
            " is 30 h ago; the stream keeps changes for 24 h, so older ones are gone and the task"
                + " would report data loss. Write a time within the last 23 h, or 0 to read"
                + " everything the stream holds");
    assertThat(alter(listing("Supermarket"), partition(1, "Supermarket"), followFrom(0))).isTrue();
  }

  @Test
  void snapshotOffsetWithoutSegmentsIsRejectedInFavourOfAReset() {
    assertThat(
            rejection(
                listing("Supermarket"),
                partition(1, "Supermarket"),
                Map.of("protocol", 1, "phase", "SNAPSHOT")))
        .isEqualTo(
            "Offset for table Supermarket: phase SNAPSHOT needs \"snapshot_segments\" of at least 1"
                + " (a scan with no segments reads nothing); to snapshot the table again, reset its"
                + " offset instead (offset null)");
  }

  @Test
  void offsetsTheConnectorWritesItselfAreAccepted() {
    TableOffset written =
        TableOffset.newSnapshot(hoursAgo(1), 4, hoursAgo(1))
            .withSegmentPage(0, "{\"id\":{\"S\":\"a\"}}", 3)
            .withStream("arn:stream/1")
            .withShardStart("shardId-1", "100");

    assertThat(alter(listing("Supermarket"), partition(1, "Supermarket"), written.toMap()))
        .isTrue();
  }
}
