package io.customconnectors.connect.dynamodb.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.offset.TableOffset.Phase;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

class TableOffsetTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Connect stores offsets as JSON: ints may come back as Integer or Long, sets as lists. */
  private static TableOffset throughOffsetStore(TableOffset offset) throws Exception {
    String json = JSON.writeValueAsString(offset.toMap());
    return TableOffset.fromMap(JSON.readValue(json, new TypeReference<Map<String, Object>>() {}));
  }

  @Test
  void survivesTheOffsetStoreInEveryPhase() throws Exception {
    TableOffset snapshot =
        TableOffset.newSnapshot(1_700_000_000_000L, 4, 1_699_999_700_000L)
            .withSegmentPage(0, "{\"id\":{\"S\":\"a\"}}", 25)
            .withSegmentDone(1, 10, Phase.STREAM, 0);
    TableOffset streaming =
        snapshot
            .withSegmentDone(0, 5, Phase.STREAM, 0)
            .withSegmentDone(2, 0, Phase.STREAM, 0)
            .withSegmentDone(3, 0, Phase.STREAM, 1_700_000_050_000L)
            .withStream("arn:stream/1")
            .withShardStart("shard-2", "150")
            .withShardPosition("shard-1", "100")
            .withShardDone("shard-0", List.of("shard-0", "shard-1"));

    assertThat(throughOffsetStore(snapshot)).isEqualTo(snapshot);
    assertThat(throughOffsetStore(streaming)).isEqualTo(streaming);
    assertThat(streaming.phase()).isEqualTo(Phase.STREAM);
    assertThat(streaming.snapshotRecords()).isEqualTo(40);
    assertThat(streaming.snapshotEndedMillis()).isEqualTo(1_700_000_050_000L);
  }

  @Test
  void offsetWrittenBeforeSnapshotEndsWereRecordedStillReads() {
    Map<String, Object> older = new java.util.HashMap<>(TableOffset.streamOnly().toMap());
    older.remove("snapshot_ended_ms");

    assertThat(TableOffset.fromMap(older)).isEqualTo(TableOffset.streamOnly());
  }

  @Test
  void holdsOnlyThePrimitiveValuesConnectCanStore() {
    TableOffset offset =
        TableOffset.newSnapshot(1, 2, 0)
            .withSegmentPage(0, "{\"id\":{\"S\":\"a\"}}", 1)
            .withShardStart("s", "9")
            .withShardPosition("t", "10");

    assertThat(offset.toMap().values())
        .allSatisfy(
            value -> assertThat(value).isInstanceOfAny(String.class, Number.class, Boolean.class));
  }

  @Test
  void lastSegmentDoneMovesToTheNextPhase() {
    TableOffset offset = TableOffset.newSnapshot(1, 2, 0).withSegmentDone(0, 1, Phase.DONE, 5);
    assertThat(offset.phase()).isEqualTo(Phase.SNAPSHOT);
    assertThat(offset.snapshotEndedMillis()).isZero();
    TableOffset done = offset.withSegmentDone(1, 1, Phase.DONE, 7);
    assertThat(done.phase()).isEqualTo(Phase.DONE);
    assertThat(done.snapshotEndedMillis()).isEqualTo(7);
  }

  @Test
  void finishedShardsThatLeftTheStreamAreForgotten() {
    TableOffset offset =
        TableOffset.streamOnly()
            .withShardDone("old", List.of("old", "new"))
            .withShardPosition("new", "5")
            .withShardDone("new", List.of("new"));

    assertThat(offset.shardsDone()).containsExactly("new");
    assertThat(offset.shardPositions()).isEmpty();
  }

  @Test
  void anotherStreamStartsWithNoShardPositions() {
    TableOffset offset = TableOffset.streamOnly().withStream("a").withShardPosition("s", "1");
    assertThat(offset.withStream("b").shardPositions()).isEmpty();
    assertThat(offset.withStream("a")).isSameAs(offset);
  }

  @Test
  void offsetOfAnotherProtocolIsRefusedWithAClearMessage() {
    Map<String, Object> future = new java.util.HashMap<>(TableOffset.streamOnly().toMap());
    future.put("protocol", 2L);

    assertThatThrownBy(() -> TableOffset.fromMap(future))
        .hasMessage("Offset written with protocol 2; this connector reads protocol 1");
  }

  @Test
  void handWrittenOffsetNeedsOnlyProtocolAndPhase() {
    TableOffset offset = TableOffset.fromMap(Map.of("protocol", 1, "phase", "STREAM"));

    assertThat(offset).isEqualTo(TableOffset.streamOnly());
  }

  @Test
  void handWrittenStreamOffsetFromAPointInTime() {
    TableOffset offset =
        TableOffset.fromMap(
            Map.of("protocol", 1, "phase", "stream", "stream_after_ms", 1_764_547_200_000L));

    assertThat(offset.phase()).isEqualTo(Phase.STREAM);
    assertThat(offset.streamAfterMillis()).isEqualTo(1_764_547_200_000L);
    assertThat(offset.streamArn()).isEmpty();
    assertThat(offset.shardPositions()).isEmpty();
    assertThat(offset.snapshotStartedMillis()).isZero();
  }

  @Test
  void numbersQuotedAsStringsAreRead() {
    TableOffset offset =
        TableOffset.fromMap(
            Map.of(
                "protocol", "1",
                "phase", " Snapshot ",
                "snapshot_segments", "4",
                "stream_after_ms", "1764547200000",
                "snapshot_records", 12.0));

    assertThat(offset.phase()).isEqualTo(Phase.SNAPSHOT);
    assertThat(offset.totalSegments()).isEqualTo(4);
    assertThat(offset.streamAfterMillis()).isEqualTo(1_764_547_200_000L);
    assertThat(offset.snapshotRecords()).isEqualTo(12);
  }

  @Test
  void handWrittenShardPositionWithTheOtherPartsLeftOut() {
    TableOffset offset =
        TableOffset.fromMap(
            Map.of(
                "protocol",
                1,
                "phase",
                "STREAM",
                "stream_arn",
                "arn:stream/1",
                "shards",
                "{\"positions\":{\"shardId-1\":\"4900000000000000000001\"}}"));

    assertThat(offset.streamArn()).isEqualTo("arn:stream/1");
    assertThat(offset.shardPositions())
        .containsExactly(Map.entry("shardId-1", "4900000000000000000001"));
    assertThat(offset.shardStarts()).isEmpty();
    assertThat(offset.shardsDone()).isEmpty();
    assertThat(offset.segmentKeys()).isEmpty();
  }

  @Test
  void positionsInAnOffsetNamingNoStreamBelongToTheTablesCurrentStream() {
    TableOffset handWritten = TableOffset.streamOnly().withShardPosition("shardId-1", "7");

    TableOffset following = handWritten.withStream("arn:stream/now");

    assertThat(following.streamArn()).isEqualTo("arn:stream/now");
    assertThat(following.shardPositions()).containsExactly(Map.entry("shardId-1", "7"));
  }

  @Test
  void missingProtocolOrPhaseIsNamed() {
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("phase", "STREAM")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Offset field \"protocol\" is missing; this connector reads protocol 1: write"
                + " \"protocol\": 1");
    assertThatThrownBy(() -> TableOffset.fromMap(Map.of("protocol", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Offset field \"phase\" is missing; expected one of [SNAPSHOT, STREAM, DONE]");
  }

  @Test
  void wrongValuesAreNamedWithTheirTypeAndWhatToWrite() {
    assertThat(problemWith("phase", "STREAMING"))
        .isEqualTo(
            "Offset field \"phase\" is \"STREAMING\" (a string); expected one of [SNAPSHOT,"
                + " STREAM, DONE]");
    assertThat(problemWith("phase", 2))
        .isEqualTo(
            "Offset field \"phase\" is 2 (a number); expected one of [SNAPSHOT, STREAM, DONE]");
    assertThat(problemWith("stream_after_ms", "1 Dec 2025"))
        .isEqualTo(
            "Offset field \"stream_after_ms\" is \"1 Dec 2025\" (a string); expected a whole"
                + " number of at least 0 (a number, or a string of digits)");
    assertThat(problemWith("stream_after_ms", true))
        .startsWith("Offset field \"stream_after_ms\" is true (a boolean); expected a whole");
    assertThat(problemWith("stream_after_ms", -5L))
        .startsWith("Offset field \"stream_after_ms\" is -5 (a number); expected a whole");
    assertThat(problemWith("snapshot_records", 1.5))
        .startsWith("Offset field \"snapshot_records\" is 1.5 (a number); expected a whole");
    assertThat(problemWith("snapshot_segments", 5_000_000_000L))
        .isEqualTo("Offset field \"snapshot_segments\" is 5000000000; expected at most 2147483647");
    assertThat(problemWith("stream_arn", 5))
        .isEqualTo(
            "Offset field \"stream_arn\" is 5 (a number); expected a string (a stream ARN, or \"\""
                + " for the table's current stream)");
  }

  @Test
  void shardsAsAnObjectIsRefusedWithTheStringToWriteInstead() {
    assertThat(problemWith("shards", Map.of("positions", Map.of("shardId-1", "5"))))
        .isEqualTo(
            "Offset field \"shards\" is {positions={shardId-1=5}} (an object); Kafka Connect"
                + " stores only primitive offset values, so write it as a JSON string, e.g."
                + " \"{\\\"positions\\\":{\\\"<shard id>\\\":\\\"<sequence number>\\\"}}\"");
    assertThat(problemWith("segments", List.of(1)))
        .startsWith("Offset field \"segments\" is [1] (a list); Kafka Connect stores only");
  }

  @Test
  void shardsThatAreNotTheExpectedJsonAreNamed() {
    assertThat(problemWith("shards", "{positions: {}}"))
        .startsWith("Offset field \"shards\" is not the expected JSON (")
        .endsWith(
            "); expected a JSON string such as"
                + " \"{\\\"positions\\\":{\\\"<shard id>\\\":\\\"<sequence number>\\\"}}\"");
    assertThat(problemWith("shards", "{\"position\":{}}"))
        .startsWith("Offset field \"shards\" is not the expected JSON (")
        .contains("position");
    assertThat(problemWith("shards", "{\"positions\":{\"shardId-1\":null}}"))
        .startsWith("Offset field \"shards\" is not the expected JSON (")
        .contains("null is not a position");
    assertThat(problemWith("segments", "{\"done\":[\"x\"]}"))
        .startsWith("Offset field \"segments\" is not the expected JSON (");
  }

  /** The message fromMap fails with when a stream-only offset's field holds {@code value}. */
  private static String problemWith(String field, Object value) {
    Map<String, Object> offset = new java.util.HashMap<>(TableOffset.streamOnly().toMap());
    offset.put(field, value);
    try {
      TableOffset.fromMap(offset);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError(field + " = " + value + " was accepted");
  }
}
