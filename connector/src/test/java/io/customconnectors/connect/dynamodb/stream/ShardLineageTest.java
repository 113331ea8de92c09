package io.customconnectors.connect.dynamodb.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;

class ShardLineageTest {

  private static Shard shard(String id, String parent, String start) {
    return Shard.builder()
        .shardId(id)
        .parentShardId(parent)
        .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber(start).build())
        .build();
  }

  private final List<Shard> stream =
      List.of(
          shard("child-b", "parent", "300"),
          shard("child-a", "parent", "200"),
          shard("parent", "grandparent-gone", "100"),
          shard("other-root", null, "50"));

  @Test
  void childrenWaitForTheirParent() {
    assertThat(ShardLineage.readable(stream, Set.of()))
        .extracting(Shard::shardId)
        .containsExactly("other-root", "parent");
  }

  @Test
  void childrenOfAFinishedParentAreReadOldestFirst() {
    assertThat(ShardLineage.readable(stream, Set.of("parent", "other-root")))
        .extracting(Shard::shardId)
        .containsExactly("child-a", "child-b");
  }

  @Test
  void shardsWithAPositionThatLeftTheStreamVanished() {
    assertThat(ShardLineage.vanished(List.of("parent", "expired"), stream))
        .containsExactly("expired");
  }

  @Test
  void ancestorsOfAPositionedShardAreItsListedParentsUpTheLine() {
    List<Shard> line =
        List.of(
            shard("grandchild", "child-a", "400"),
            shard("child-a", "parent", "200"),
            shard("child-b", "parent", "300"),
            shard("parent", "grandparent-gone", "100"),
            shard("other-root", null, "50"));

    assertThat(ShardLineage.ancestors(List.of("grandchild"), line))
        .containsExactly("child-a", "parent");
    assertThat(ShardLineage.ancestors(List.of("other-root", "parent"), line)).isEmpty();
  }
}
