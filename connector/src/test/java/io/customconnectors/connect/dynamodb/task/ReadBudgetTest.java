package io.customconnectors.connect.dynamodb.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.config.SnapshotMode;
import io.customconnectors.connect.dynamodb.config.SnapshotSettings;

class ReadBudgetTest {

  private final VirtualTime time = new VirtualTime();

  @Test
  void rateIsTheShareOfProvisionedCapacityOrTheOnDemandCap() throws InterruptedException {
    assertThat(budget(100, 50, 1_000).unitsPerSecond()).isEqualTo(50);
    assertThat(budget(0, 50, 1_000).unitsPerSecond()).isEqualTo(1_000);
    ReadBudget unlimited = budget(0, 50, 0);
    assertThat(unlimited.unitsPerSecond()).isZero();
    for (int i = 0; i < 100; i++) {
      unlimited.settle(unlimited.reserve(), 1_000);
    }
    assertThat(time.millis()).isZero();
  }

  @Test
  void aScanThatCostMoreThanReservedIsPaidOffBeforeTheNextStarts() throws InterruptedException {
    ReadBudget budget = new ReadBudget(10, time, time::sleepUntil);

    budget.settle(budget.reserve(), 100);
    budget.reserve();

    assertThat(time.millis()).isBetween(10_000L, 10_001L);
  }

  @Test
  void anIdleBudgetSavesAtMostOneSecondsWorth() throws InterruptedException {
    ReadBudget budget = new ReadBudget(10, time, time::sleepUntil);
    time.sleepUntil(Duration.ofHours(1).toMillis());

    for (int i = 0; i < 5; i++) {
      budget.settle(budget.reserve(), 10);
    }

    // 50 units at 10 a second, 10 of them saved: the last three Scans each waited a second.
    assertThat(time.millis() - Duration.ofHours(1).toMillis()).isGreaterThanOrEqualTo(3_000);
  }

  private ReadBudget budget(long provisioned, int percent, int onDemand) {
    TableInfo table =
        new TableInfo("t", "arn", List.of(), Optional.empty(), Optional.empty(), provisioned);
    SnapshotSettings settings =
        new SnapshotSettings(
            SnapshotMode.SNAPSHOT_THEN_STREAM,
            Duration.ZERO,
            4,
            OptionalInt.empty(),
            false,
            Duration.ZERO,
            percent,
            onDemand);
    return ReadBudget.forTable(table, settings, time, time::sleepUntil);
  }
}
