package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.connect.dynamodb.aws.StreamApi;
import io.customconnectors.connect.dynamodb.aws.TableApi;
import io.customconnectors.connect.dynamodb.config.DataLossAction;
import io.customconnectors.connect.dynamodb.config.SnapshotSettings;
import io.customconnectors.connect.dynamodb.config.StreamSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.record.RecordFactory;

/**
 * Reads one table on a thread of its own: a snapshot ({@link SnapshotScanner}), then its stream
 * ({@link StreamFollower}), with the offset and the record queue kept in step by {@link
 * TableProgress}. Lost stream data fails the task or starts the table over, as configured.
 */
final class TableReader implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(TableReader.class);

  private final String table;
  private final SnapshotSettings snapshot;
  private final StreamSettings stream;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private final TableProgress progress;
  private final StreamHead head;
  private final SnapshotScanner scanner;
  private final StreamFollower follower;

  TableReader(
      String table,
      TableOffset start,
      SnapshotSettings snapshot,
      StreamSettings stream,
      TableApi tables,
      StreamApi streams,
      RecordFactory records,
      RecordQueue queue,
      AwsCalls dynamoCalls,
      AwsCalls streamCalls,
      ReadBudget scanBudget,
      ExecutorService segmentPool,
      Duration headRefresh,
      Clock clock,
      BooleanSupplier stopping) {
    this.table = table;
    this.snapshot = snapshot;
    this.stream = stream;
    this.clock = clock;
    this.stopping = stopping;
    TableAccess access =
        new TableAccess(
            table, tables, streams, dynamoCalls, streamCalls, scanBudget, clock, stopping);
    this.progress = new TableProgress(start, queue);
    this.head = new StreamHead(access, progress);
    this.scanner =
        new SnapshotScanner(access, progress, head, snapshot, records, segmentPool, headRefresh);
    this.follower = new StreamFollower(access, progress, head, stream, records, this::dataLoss);
  }

  /** Where a table without a stored offset starts, per snapshot.mode. */
  static TableOffset initialOffset(SnapshotSettings snapshot, Clock clock) {
    if (!snapshot.mode().snapshots()) {
      return TableOffset.streamOnly();
    }
    long now = clock.millis();
    return TableOffset.newSnapshot(
        now, snapshot.segments(), now - snapshot.streamOverlap().toMillis());
  }

  TableOffset offset() {
    return progress.offset();
  }

  @Override
  public void run() {
    try {
      while (!stopping.getAsBoolean()) {
        switch (progress.offset().phase()) {
          case SNAPSHOT -> scanner.run();
          case STREAM -> follower.run();
          case DONE -> idle();
        }
      }
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException error) {
      if (!stopping.getAsBoolean()) {
        log.error("Reading table {} failed: {}", table, error.getMessage());
        progress.fail(error);
      }
    } catch (Error error) {
      // Out of memory, a class missing from the plugin's lib/: the task must fail, not sit
      // RUNNING with a dead reader. The Error goes on to the thread's handler as well.
      log.error("Reading table {} failed: {}", table, error.toString());
      progress.fail(new ConnectException("Reading table " + table + " failed: " + error, error));
      throw error;
    }
  }

  private void dataLoss(String what) {
    if (stream.dataLossAction() == DataLossAction.FAIL) {
      throw new ConnectException(
          "Data lost: "
              + what
              + ". Set "
              + StreamSettings.DATA_LOSS_ACTION
              + "=resnapshot to read the table again instead of failing.");
    }
    log.error(
        "Data lost: {}. Reading table {} again from a new snapshot ({}=resnapshot).",
        what,
        table,
        StreamSettings.DATA_LOSS_ACTION);
    long now = clock.millis();
    progress.advance(
        offset ->
            TableOffset.newSnapshot(
                now, snapshot.segments(), now - snapshot.streamOverlap().toMillis()));
    head.clear();
  }

  private void idle() throws InterruptedException {
    log.info("Table {} was read once (snapshot.mode=snapshot_only); nothing more to do", table);
    while (!stopping.getAsBoolean()) {
      Thread.sleep(1_000);
    }
  }
}
