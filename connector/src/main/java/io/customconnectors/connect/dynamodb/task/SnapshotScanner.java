package io.customconnectors.connect.dynamodb.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.connect.dynamodb.aws.TableApi.ScanPage;
import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.config.SnapshotSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.offset.TableOffset.Phase;
import io.customconnectors.connect.dynamodb.record.ItemJson;
import io.customconnectors.connect.dynamodb.record.RecordFactory;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A table's snapshot: parallel Scan segments, each resumable from the last key it read, with the
 * stream head marked when a fresh snapshot starts and kept alive while the segments run.
 */
final class SnapshotScanner {

  /** Shard iterators expire 15 minutes after they were handed out: the head is renewed sooner. */
  static final Duration HEAD_REFRESH = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(SnapshotScanner.class);

  private final TableAccess access;
  private final TableProgress progress;
  private final StreamHead head;
  private final SnapshotSettings settings;
  private final RecordFactory records;
  private final ExecutorService segmentPool;
  private final Duration headRefresh;

  SnapshotScanner(
      TableAccess access,
      TableProgress progress,
      StreamHead head,
      SnapshotSettings settings,
      RecordFactory records,
      ExecutorService segmentPool,
      Duration headRefresh) {
    this.access = access;
    this.progress = progress;
    this.head = head;
    this.settings = settings;
    this.records = records;
    this.segmentPool = segmentPool;
    this.headRefresh = headRefresh;
  }

  void run() throws InterruptedException {
    String table = access.table();
    TableOffset start = progress.offset();
    boolean fresh =
        start.snapshotRecords() == 0
            && start.segmentKeys().isEmpty()
            && start.segmentsDone().isEmpty();
    if (fresh && !settings.initialDelay().isZero()) {
      log.info(
          "Snapshot of {} starts in {} s ({})",
          table,
          settings.initialDelay().toSeconds(),
          SnapshotSettings.INIT_SYNC_DELAY);
      Thread.sleep(settings.initialDelay().toMillis());
    }
    log.info(
        "Snapshot of {} {}: {} scan segments, {} of them done, {} items read so far",
        table,
        fresh ? "started" : "resumed",
        start.totalSegments(),
        start.segmentsDone().size(),
        start.snapshotRecords());
    if (fresh && settings.mode().streams()) {
      head.mark();
    }
    long began = System.nanoTime();
    CompletionService<Void> scans = new ExecutorCompletionService<>(segmentPool);
    List<Future<Void>> segments = new ArrayList<>();
    SnapshotTail tail = new SnapshotTail(records);
    for (int segment = 0; segment < start.totalSegments(); segment++) {
      if (!start.segmentDone(segment)) {
        int current = segment;
        segments.add(
            scans.submit(
                () -> {
                  scanSegment(current, tail);
                  return null;
                }));
      }
    }
    awaitSegments(scans, segments);
    Phase next = settings.mode().streams() ? Phase.STREAM : Phase.DONE;
    progress.advance(offset -> offset.phase() == Phase.SNAPSHOT ? offset.withPhase(next) : offset);
    TableOffset done = progress.offset();
    log.info(
        "Snapshot of {} done: {} items in {} ms; next: {}",
        table,
        done.snapshotRecords(),
        Duration.ofNanos(System.nanoTime() - began).toMillis(),
        done.phase() == Phase.STREAM ? "following its stream" : "nothing (snapshot_only)");
  }

  /**
   * Waits for every segment in the order they finish, keeping the stream head alive meanwhile: the
   * first segment that fails stops the others at once, whichever it is.
   */
  private void awaitSegments(CompletionService<Void> scans, List<Future<Void>> segments)
      throws InterruptedException {
    try {
      for (int done = 0; done < segments.size(); ) {
        Future<Void> finished = scans.poll(headRefresh.toMillis(), TimeUnit.MILLISECONDS);
        if (finished == null) {
          head.keepAlive();
          continue;
        }
        finished.get();
        done++;
      }
      head.keepAlive();
    } catch (ExecutionException failed) {
      segments.forEach(segment -> segment.cancel(true));
      Throwable cause = failed.getCause();
      if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw cause instanceof RuntimeException runtime ? runtime : new ConnectException(cause);
    } catch (InterruptedException stopped) {
      segments.forEach(segment -> segment.cancel(true));
      throw stopped;
    }
  }

  private void scanSegment(int segment, SnapshotTail tail) throws InterruptedException {
    TableOffset start = progress.offset();
    String stored = start.segmentKeys().get(segment);
    Map<String, AttributeValue> from = stored == null ? Map.of() : ItemJson.readKey(stored);
    int total = start.totalSegments();
    Phase next = settings.mode().streams() ? Phase.STREAM : Phase.DONE;
    while (true) {
      if (access.stopRequested() || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopping");
      }
      ScanPage page =
          access.scan(segment, total, from, settings.pageSize(), settings.consistentRead());
      progress.step(
          (before, batch) -> {
            TableOffset after =
                page.last()
                    ? before.withSegmentDone(
                        segment, page.items().size(), next, access.clock().millis())
                    : before.withSegmentPage(
                        segment,
                        ItemJson.write(page.lastEvaluatedKey(), DocumentFormat.DYNAMODB_JSON),
                        page.items().size());
            tail.page(page.items(), before, after, batch);
            return after;
          });
      if (page.last()) {
        return;
      }
      from = page.lastEvaluatedKey();
    }
  }
}
