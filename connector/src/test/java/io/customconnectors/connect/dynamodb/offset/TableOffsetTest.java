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
}
