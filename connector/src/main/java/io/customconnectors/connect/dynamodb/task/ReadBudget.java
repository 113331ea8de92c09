package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;

import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.config.SnapshotSettings;

/**
 * The read capacity a table's snapshot may use per second, shared by all its scan segments: one
 * budget per table, so more segments read faster only while the budget allows.
 *
 * <p>DynamoDB says what a Scan cost only after it ran (ConsumedCapacity), so each Scan first
 * reserves what the last one cost and then settles the difference. A Scan may start only while the
 * budget is not in debt; a debt is paid off by waiting, at the budget's rate. Unused budget is
 * saved up to one second's worth only, so a pause cannot be made up for with a burst.
 */
final class ReadBudget {

  /** Waits until the clock reads {@code millis}; tests pass one that moves a fake clock. */
  interface Sleeper {
    void sleepUntil(long millis) throws InterruptedException;
  }

  private static final ReadBudget UNLIMITED = new ReadBudget(0, Clock.systemUTC(), millis -> {});

  private final double unitsPerMilli;
  private final Clock clock;
  private final Sleeper sleeper;
  private double balance;
  private long updatedMillis;
  private double lastCost = 1;

  /** {@code sleeper} null: really wait. */
  ReadBudget(double unitsPerSecond, Clock clock, Sleeper sleeper) {
    this.unitsPerMilli = unitsPerSecond / 1_000;
    this.clock = clock;
    this.sleeper = sleeper != null ? sleeper : this::sleepUntil;
    this.updatedMillis = clock.millis();
  }

  /** No limit: {@code snapshot.read.capacity.on.demand=0} on an on-demand table. */
  static ReadBudget unlimited() {
    return UNLIMITED;
  }

  /**
   * A table's budget: the configured share of its provisioned read capacity, or the on-demand rate.
   */
  static ReadBudget forTable(TableInfo table, SnapshotSettings settings, Clock clock) {
    return forTable(table, settings, clock, null);
  }

  /** The same, waiting with {@code sleeper}. */
  static ReadBudget forTable(
      TableInfo table, SnapshotSettings settings, Clock clock, Sleeper sleeper) {
    double unitsPerSecond =
        table.readCapacityUnits() > 0
            ? table.readCapacityUnits() * settings.readCapacityPercent() / 100.0
            : settings.onDemandReadUnits();
    return unitsPerSecond > 0 ? new ReadBudget(unitsPerSecond, clock, sleeper) : unlimited();
  }

  private void sleepUntil(long millis) throws InterruptedException {
    long wait = millis - clock.millis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** Capacity units per second, 0 for no limit. */
  double unitsPerSecond() {
    return unitsPerMilli * 1_000;
  }

  /** Waits until a Scan may start; returns the units reserved for it, to {@link #settle}. */
  double reserve() throws InterruptedException {
    if (unitsPerMilli == 0) {
      return 0;
    }
    while (true) {
      long wakeAt;
      synchronized (this) {
        refill();
        if (balance >= 0) {
          balance -= lastCost;
          return lastCost;
        }
        wakeAt = updatedMillis + Math.max(1, (long) Math.ceil(-balance / unitsPerMilli));
      }
      sleeper.sleepUntil(wakeAt);
    }
  }

  /** Charges what a Scan really cost, in place of what was reserved for it. */
  synchronized void settle(double reserved, double consumed) {
    if (unitsPerMilli == 0) {
      return;
    }
    refill();
    balance += reserved - consumed;
    // A page costs about what the one before did; at least one unit, so each Scan reserves some.
    lastCost = Math.max(1, consumed);
  }

  private void refill() {
    long now = clock.millis();
    balance =
        Math.min(unitsPerMilli * 1_000, balance + Math.max(0, now - updatedMillis) * unitsPerMilli);
    updatedMillis = now;
  }
}
