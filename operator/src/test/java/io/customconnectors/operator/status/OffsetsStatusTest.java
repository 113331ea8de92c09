package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.backend.SourceOffset;

class OffsetsStatusTest {

  private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123Z");

  @Test
  void offsetsAreBoundedCutSortedAndKeptUntilTheNextRead() {
    List<SourceOffset> offsets = new ArrayList<>();
    for (int i = 30; i > 0; i--) {
      offsets.add(
          new SourceOffset(Map.of("file", "f" + (100 + i)), Map.of("position", "x".repeat(250))));
    }
    CustomConnectorStatus status =
        OffsetsStatus.apply(new CustomConnectorStatus(), null, new OffsetsStatus.Read(offsets, AT));

    assertThat(status.getOffsets().getTotal()).isEqualTo(30);
    assertThat(status.getOffsets().getPartitions()).hasSize(OffsetsStatus.MAX_PARTITIONS);
    assertThat(status.getOffsets().getPartitions().get(0).getPartition())
        .containsEntry("file", "f101");
    assertThat(status.getOffsets().getPartitions().get(0).getOffset().get("position"))
        .hasSize(OffsetsStatus.MAX_VALUE + "… (250 characters)".length());
    assertThat(status.getOffsets().getPartitions().get(0).getSummary()).isNull();
    assertThat(status.getOffsets().getUpdatedAt()).isEqualTo("2026-12-01T10:00:00Z");

    CustomConnectorStatus next = OffsetsStatus.apply(new CustomConnectorStatus(), status, null);
    assertThat(next.getOffsets()).isSameAs(status.getOffsets());
  }
}
