package io.customconnectors.connect.dynamodb.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.AwsSettings;
import io.customconnectors.connect.dynamodb.config.DataLossAction;
import io.customconnectors.connect.dynamodb.config.DocumentFormat;
import io.customconnectors.connect.dynamodb.config.RecordSettings;
import io.customconnectors.connect.dynamodb.config.SnapshotMode;
import io.customconnectors.connect.dynamodb.config.SnapshotSettings;
import io.customconnectors.connect.dynamodb.config.StreamSettings;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.record.RecordFactory;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

class TableReaderTest {

  private static final long QUEUE_BYTES = 64L << 20;

  private final FakeDynamoDb dynamo = new FakeDynamoDb();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<SourceRecord> received = new ArrayList<>();
  private RecordQueue queue = new RecordQueue(100_000, QUEUE_BYTES);
  private DataLossAction onLoss = DataLossAction.RESNAPSHOT;
  private SnapshotMode mode = SnapshotMode.SNAPSHOT_THEN_STREAM;
  private Clock clock = Clock.systemUTC();
  private Duration headRefresh = SnapshotScanner.HEAD_REFRESH;
  private ReadBudget budget = ReadBudget.unlimited();

  @AfterEach
  void stop() throws InterruptedException {
    stopping.set(true);
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void snapshotReadsEveryItemOnceWithParallelSegmentsThenFollowsTheStream() {
    dynamo.putItems(1_000);
    dynamo.shard("shard-1", null);
    TableReader reader = start(initial());

    awaitRecords(r -> op(r).equals("r"), 1_000);
    dynamo.event("shard-1", OperationType.INSERT, "new-item", "1", Instant.now());
    awaitRecords(r -> op(r).equals("c"), 1);

    assertThat(keysOf("r")).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(reader.offset().phase()).isEqualTo(TableOffset.Phase.STREAM);
    assertThat(reader.offset().snapshotRecords()).isEqualTo(1_000);
  }

  @Test
  void lastSnapshotRecordIsFinishedWithItsEndEvenWhenEverySegmentEndsOnAnEmptyPage() {
    dynamo.putItems(1_000);
    dynamo.shard("shard-1", null);
    dynamo.emptyLastPages = true;
    start(initial());

    awaitRecords(r -> op(r).equals("r"), 1_000);

    List<Struct> sources =
        received.stream()
            .filter(r -> op(r).equals("r"))
            .map(r -> ((Struct) r.value()).getStruct("source"))
            .toList();
    Struct last = sources.get(sources.size() - 1);
    assertThat(last.getString("init_sync_state")).isEqualTo("FINISHED");
    assertThat(last.getInt64("init_sync_end"))
        .isGreaterThanOrEqualTo(last.getInt64("init_sync_start"));
    assertThat(last.getInt64("init_sync_count")).isEqualTo(1_000L);
    assertThat(sources.subList(0, sources.size() - 1))
        .allSatisfy(source -> assertThat(source.getString("init_sync_state")).isEqualTo("RUNNING"));
  }

  /**
   * 1,000 items of 4 KB cost about 500 read units; at 50% of 100 provisioned units the four
   * segments together may use 50 units a second, so the snapshot needs about 10 s. Time is virtual:
   * it moves only when the budget makes a segment wait, by as much as the wait.
   */
  @Test
  void snapshotSegmentsTogetherStayWithinTheirShareOfTheTablesReadCapacity() {
    dynamo.putItems(1_000, 4_000);
    dynamo.shard("shard-1", null);
    dynamo.readCapacityUnits = 100;
    VirtualTime time = new VirtualTime();
    budget =
        ReadBudget.forTable(
            dynamo.describe(FakeDynamoDb.TABLE), snapshot(), time, time::sleepUntil);
    start(initial());

    awaitRecords(r -> op(r).equals("r"), 1_000);

    double consumed = dynamo.consumedReadUnits.sum();
    double seconds = time.millis() / 1_000.0;
    double largestPage = 25; // 50 items of about 4 KB, read eventually consistent
    assertThat(consumed).isGreaterThan(400);
    // Within the rate, plus the one second's worth a budget may save, plus a page in flight per
    // segment (each Scan is charged only once DynamoDB says what it cost).
    assertThat(consumed).isLessThanOrEqualTo(50 * seconds + 50 + 4 * largestPage);
  }

  @Test
  void restartedSnapshotResumesFromTheCommittedOffsetWithoutScanningAgain() throws Exception {
    dynamo.putItems(2_000);
    dynamo.pageSize = 20;
    dynamo.shard("shard-1", null);
    queue = new RecordQueue(200, QUEUE_BYTES);
    start(initial());
    awaitRecords(r -> true, 800);
    stopping.set(true);
    threads.shutdownNow();
    assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    // Connect commits the offset of the newest record it wrote: the next run starts there.
    TableOffset committed = TableOffset.fromMap(received.get(received.size() - 1).sourceOffset());
    Set<String> firstRun = new HashSet<>(keysOf("r"));
    assertThat(committed.phase()).isEqualTo(TableOffset.Phase.SNAPSHOT);

    received.clear();
    stopping.set(false);
    queue = new RecordQueue(100_000, QUEUE_BYTES);
    ExecutorService again = Executors.newCachedThreadPool();
    try {
      TableReader resumed = reader(committed, again);
      again.submit(resumed);
      awaitRecords(
          r -> TableOffset.fromMap(r.sourceOffset()).phase() == TableOffset.Phase.STREAM, 1);
    } finally {
      stopping.set(true);
      again.shutdownNow();
    }
    List<String> secondRun = keysOf("r");

    Set<String> all = new HashSet<>(firstRun);
    all.addAll(secondRun);
    Set<String> readTwice = new HashSet<>(firstRun);
    readTwice.retainAll(secondRun);
    assertThat(all).as("items read by either run").hasSize(2_000);
    assertThat(secondRun).as("items read again").hasSizeLessThan(2_000 - 700);
    assertThat(readTwice)
        .as("at most the page each segment was on")
        .hasSizeLessThanOrEqualTo(4 * 20);
  }

  @Test
  void childShardIsReadOnlyAfterItsParentIsReadToTheEnd() {
    mode = SnapshotMode.STREAM_ONLY;
    FakeDynamoDb.FakeShard child = dynamo.shard("shard-2", "shard-1");
    FakeDynamoDb.FakeShard parent = dynamo.shard("shard-1", null);
    // The child is listed first and already holds the newest change of the key.
    dynamo.event("shard-1", OperationType.INSERT, "a", "1", Instant.now());
    dynamo.event("shard-1", OperationType.MODIFY, "a", "2", Instant.now());
    dynamo.event("shard-2", OperationType.MODIFY, "a", "3", Instant.now());
    parent.closed = true;
    assertThat(child.parent).isEqualTo("shard-1");
    start(TableOffset.streamOnly());

    awaitRecords(r -> true, 3);

    assertThat(received).extracting(TableReaderTest::version).containsExactly("1", "2", "3");
    assertThat(received).extracting(TableReaderTest::op).containsExactly("c", "u", "u");
  }

  @Test
  void expiredIteratorIsReopenedAfterTheLastRecordRead() {
    mode = SnapshotMode.STREAM_ONLY;
    dynamo.shard("shard-1", null);
    dynamo.event("shard-1", OperationType.INSERT, "a", "1", Instant.now());
    start(TableOffset.streamOnly());
    awaitRecords(r -> true, 1);

    dynamo.expireNextIteratorOf.add("shard-1");
    dynamo.event("shard-1", OperationType.MODIFY, "a", "2", Instant.now());
    awaitRecords(r -> true, 2);

    assertThat(received).extracting(TableReaderTest::version).containsExactly("1", "2");
  }

  @Test
  void deleteIsFollowedByATombstone() {
    mode = SnapshotMode.STREAM_ONLY;
    dynamo.shard("shard-1", null);
    dynamo.event("shard-1", OperationType.REMOVE, "a", null, Instant.now());
    start(TableOffset.streamOnly());

    awaitRecords(r -> true, 2);

    assertThat(op(received.get(0))).isEqualTo("d");
    assertThat(received.get(1).value()).isNull();
    assertThat(received.get(1).key()).isEqualTo(received.get(0).key());
  }

  @Test
  void changesMadeBeforeTheSnapshotStartedAreNotReplayed() {
    dynamo.putItems(10);
    dynamo.shard("shard-1", null);
    dynamo.event(
        "shard-1",
        OperationType.MODIFY,
        "item-00001",
        "hours-ago",
        Instant.now().minus(Duration.ofHours(2)));
    dynamo.event("shard-1", OperationType.MODIFY, "item-00001", "just-before", Instant.now());
    start(initial());
    awaitRecords(r -> op(r).equals("r"), 10);

    dynamo.event("shard-1", OperationType.MODIFY, "item-00001", "after", Instant.now());
    awaitRecords(r -> !op(r).equals("r"), 1);
    sleep(200);

    assertThat(received.stream().filter(r -> !op(r).equals("r")))
        .extracting(TableReaderTest::version)
        .containsExactly("after");
  }

  @Test
  void snapshotResumedAfterARestartSkipsChangesOlderThanItsStartLessTheOverlap() {
    dynamo.putItems(10);
    dynamo.shard("shard-1", null);
    Instant now = Instant.now();
    dynamo.event(
        "shard-1", OperationType.MODIFY, "item-00001", "hours-ago", now.minus(Duration.ofHours(2)));
    dynamo.event("shard-1", OperationType.MODIFY, "item-00001", "recent", now);
    long started = now.toEpochMilli();
    TableOffset resumed =
        TableOffset.newSnapshot(started, 4, started - Duration.ofMinutes(5).toMillis())
            .withSegmentDone(0, 0, TableOffset.Phase.STREAM, 0);
    start(resumed);

    awaitRecords(r -> !op(r).equals("r"), 1);
    sleep(200);

    assertThat(received.stream().filter(r -> !op(r).equals("r")))
        .extracting(TableReaderTest::version)
        .containsExactly("recent");
  }

  @Test
  void theRecordsOfOneGetRecordsCallShareTheOffsetsBeforeAndAfterIt() {
    mode = SnapshotMode.STREAM_ONLY;
    dynamo.shard("shard-1", null);
    for (int i = 0; i < 4; i++) {
      dynamo.event("shard-1", OperationType.INSERT, "item-" + i, "1", Instant.now());
    }
    String last =
        dynamo
            .event("shard-1", OperationType.REMOVE, "item-0", null, Instant.now())
            .dynamodb()
            .sequenceNumber();
    start(TableOffset.streamOnly());

    awaitRecords(r -> true, 6);

    // One call of five events: four changes, then a delete and its tombstone. Were each record to
    // carry its own offset, the queue would hold a map of every shard's position per record.
    List<Map<String, ?>> offsets = received.stream().map(SourceRecord::sourceOffset).toList();
    assertThat(received)
        .extracting(TableReaderTest::op)
        .containsExactly("c", "c", "c", "c", "d", "tombstone");
    for (int i = 1; i < 4; i++) {
      assertThat(offsets.get(i)).as("offset of record %d", i).isSameAs(offsets.get(0));
    }
    assertThat(offsets.get(5)).as("the tombstone's offset").isSameAs(offsets.get(4));
    assertThat(TableOffset.fromMap(offsets.get(0)).shardPositions())
        .as("before the call")
        .doesNotContainKey("shard-1");
    assertThat(TableOffset.fromMap(offsets.get(4)).shardPositions())
        .as("after the call")
        .containsEntry("shard-1", last);
  }

  /**
   * A 25-hour snapshot: longer than a shard iterator lives (15 minutes) and than the stream keeps
   * records (24 hours), so only the head taken when it began, kept alive and then pinned at the
   * first change, can hand over to the stream without a gap. Hours pass on the fake's clock.
   */
  @Test
  void changesWrittenDuringASnapshotLongerThanTheStreamRetentionArriveFromThePinnedHead() {
    clock = dynamo.clock;
    headRefresh = Duration.ofMillis(10);
    // A lost head then fails the test with the reader's own words instead of a quiet new snapshot.
    onLoss = DataLossAction.FAIL;
    dynamo.putItems(100);
    dynamo.shard("shard-1", null);
    // Inside the overlap a resumed snapshot would replay: the pinned head must not.
    dynamo.event(
        "shard-1",
        OperationType.MODIFY,
        "item-00001",
        "before-the-snapshot",
        clock.instant().minusSeconds(60));
    dynamo.hangingSegment = 0;
    try {
      start(initial());

      // Two hours with nothing written: the head outlives many 15-minute iterators.
      awaitHeadRead();
      for (int step = 0; step < 12; step++) {
        dynamo.clock.advance(Duration.ofMinutes(10));
        awaitHeadRead();
      }
      dynamo.event("shard-1", OperationType.INSERT, "new-1", "hour-2", clock.instant());
      awaitHeadRead();
      // No iterator lives through what follows: only the position pinned in the offset does.
      dynamo.clock.advance(Duration.ofMinutes(22 * 60 + 30));
      dynamo.event("shard-1", OperationType.INSERT, "new-2", "hour-24.5", clock.instant());
      dynamo.clock.advance(Duration.ofMinutes(30));
    } finally {
      dynamo.hangUntil.countDown();
    }

    awaitRecords(r -> op(r).equals("r"), 100);
    awaitRecords(r -> !op(r).equals("r"), 2);
    dynamo.event("shard-1", OperationType.MODIFY, "new-1", "after-the-snapshot", clock.instant());
    awaitRecords(r -> !op(r).equals("r"), 3);

    assertThat(received.stream().filter(r -> !op(r).equals("r")))
        .extracting(TableReaderTest::version)
        .containsExactly("hour-2", "hour-24.5", "after-the-snapshot");
  }

  @Test
  void trimmedRecordsFailTheTaskWhenConfiguredToFail() {
    mode = SnapshotMode.STREAM_ONLY;
    onLoss = DataLossAction.FAIL;
    FakeDynamoDb.FakeShard shard = dynamo.shard("shard-1", null);
    dynamo.event("shard-1", OperationType.INSERT, "a", "1", Instant.now());
    dynamo.event("shard-1", OperationType.INSERT, "b", "1", Instant.now());
    TableOffset positioned =
        TableOffset.streamOnly()
            .withStream(FakeDynamoDb.STREAM)
            .withShardPosition("shard-1", shard.records.get(0).dynamodb().sequenceNumber());
    shard.trimmedBefore = 2;
    start(positioned);

    assertThatThrownBy(() -> awaitRecords(r -> true, 1))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining(
            "Data lost: records of shard shard-1 of table Orders's stream were trimmed")
        .hasMessageContaining("streams.data.loss.action=resnapshot");
  }

  @Test
  void trimmedRecordsStartANewSnapshotByDefault() {
    dynamo.putItems(5);
    FakeDynamoDb.FakeShard shard = dynamo.shard("shard-1", null);
    dynamo.event("shard-1", OperationType.INSERT, "a", "1", Instant.now());
    dynamo.event("shard-1", OperationType.INSERT, "b", "1", Instant.now());
    TableOffset positioned =
        TableOffset.streamOnly()
            .withStream(FakeDynamoDb.STREAM)
            .withShardPosition("shard-1", shard.records.get(0).dynamodb().sequenceNumber());
    shard.trimmedBefore = 2;
    start(positioned);

    awaitRecords(r -> op(r).equals("r"), 5);

    assertThat(keysOf("r")).hasSize(5);
  }

  @Test
  void shardThatLeftTheStreamWhileBeingReadIsDataLoss() {
    mode = SnapshotMode.STREAM_ONLY;
    onLoss = DataLossAction.FAIL;
    dynamo.shard("shard-2", null);
    TableOffset positioned =
        TableOffset.streamOnly()
            .withStream(FakeDynamoDb.STREAM)
            .withShardPosition("shard-1", "1001");
    start(positioned);

    assertThatThrownBy(() -> awaitRecords(r -> true, 1))
        .hasMessageContaining("shards [shard-1] of table Orders's stream expired");
  }

  @Test
  void replacedStreamIsDataLoss() {
    mode = SnapshotMode.STREAM_ONLY;
    onLoss = DataLossAction.FAIL;
    dynamo.shard("shard-1", null);
    TableOffset positioned =
        TableOffset.streamOnly()
            .withStream("arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/0")
            .withShardPosition("shard-0", "5");

    start(positioned);

    assertThatThrownBy(() -> awaitRecords(r -> true, 1)).hasMessageContaining("was replaced");
  }

  @Test
  void handWrittenOffsetFollowsTheStreamFromAPointInTimeWithoutASnapshot() {
    dynamo.putItems(10);
    dynamo.shard("shard-1", null);
    Instant now = Instant.now();
    Instant after = now.minus(Duration.ofHours(2));
    dynamo.event("shard-1", OperationType.MODIFY, "item-00001", "older", after.minusMillis(1));
    dynamo.event("shard-1", OperationType.MODIFY, "item-00001", "at", after);
    dynamo.event("shard-1", OperationType.MODIFY, "item-00002", "since", now.minusSeconds(60));
    // As a person writes it through Connect's REST API: only protocol, phase and the time.
    Map<String, Object> written =
        Map.of("protocol", 1, "phase", "stream", "stream_after_ms", "" + after.toEpochMilli());

    start(TableOffset.fromMap(written));
    awaitRecords(r -> true, 2);
    dynamo.event("shard-1", OperationType.INSERT, "item-00099", "new", Instant.now());
    awaitRecords(r -> true, 3);
    sleep(200);

    assertThat(received).extracting(TableReaderTest::version).containsExactly("at", "since", "new");
    assertThat(keysOf("r")).as("snapshot records").isEmpty();
    assertThat(dynamo.scanCalls).hasValue(0);
  }

  @Test
  void handWrittenStreamPositionResumesAfterThatRecord() {
    dynamo.putItems(10);
    FakeDynamoDb.FakeShard parent = dynamo.shard("shard-1", null);
    dynamo.shard("shard-2", "shard-1");
    dynamo.event("shard-1", OperationType.INSERT, "a", "1", Instant.now());
    parent.closed = true;
    String position =
        dynamo
            .event("shard-2", OperationType.MODIFY, "a", "2", Instant.now())
            .dynamodb()
            .sequenceNumber();
    dynamo.event("shard-2", OperationType.MODIFY, "a", "3", Instant.now());
    Map<String, Object> written =
        Map.of(
            "protocol",
            1,
            "phase",
            "STREAM",
            "stream_arn",
            FakeDynamoDb.STREAM,
            "shards",
            "{\"positions\":{\"shard-2\":\"" + position + "\"}}");

    TableReader reader = start(TableOffset.fromMap(written));
    awaitRecords(r -> true, 1);
    dynamo.event("shard-2", OperationType.MODIFY, "a", "4", Instant.now());
    awaitRecords(r -> true, 2);
    sleep(200);

    assertThat(received).extracting(TableReaderTest::version).containsExactly("3", "4");
    assertThat(reader.offset().shardsDone()).contains("shard-1");
    assertThat(dynamo.scanCalls).hasValue(0);
  }

  @Test
  void handWrittenStreamPositionWithoutAStreamArnIsInTheTablesCurrentStream() {
    mode = SnapshotMode.STREAM_ONLY;
    dynamo.shard("shard-1", null);
    String position =
        dynamo
            .event("shard-1", OperationType.INSERT, "a", "1", Instant.now())
            .dynamodb()
            .sequenceNumber();
    dynamo.event("shard-1", OperationType.MODIFY, "a", "2", Instant.now());
    Map<String, Object> written =
        Map.of(
            "protocol",
            1,
            "phase",
            "STREAM",
            "shards",
            "{\"positions\":{\"shard-1\":\"" + position + "\"}}");

    TableReader reader = start(TableOffset.fromMap(written));
    awaitRecords(r -> true, 1);
    sleep(200);

    assertThat(received).extracting(TableReaderTest::version).containsExactly("2");
    assertThat(reader.offset().streamArn()).isEqualTo(FakeDynamoDb.STREAM);
  }

  @Test
  void handWrittenTimeBeyondTheStreamRetentionIsDataLossSayingWhatToWrite() {
    onLoss = DataLossAction.FAIL;
    dynamo.shard("shard-1", null);
    long dayAndAHalfAgo = Instant.now().minus(Duration.ofHours(36)).toEpochMilli();

    start(
        TableOffset.fromMap(
            Map.of("protocol", 1, "phase", "STREAM", "stream_after_ms", dayAndAHalfAgo)));

    assertThatThrownBy(() -> awaitRecords(r -> true, 1))
        .hasMessageContaining(
            "the offset of table Orders asks for changes since stream_after_ms "
                + dayAndAHalfAgo
                + ", 36 h ago, beyond the stream's 24 h retention")
        .hasMessageContaining("stream_after_ms 0 to read all the stream holds");
  }

  @Test
  void throttledScansAreRetriedUntilTheyPass() {
    dynamo.putItems(100);
    dynamo.shard("shard-1", null);
    dynamo.throttleNextScans.set(3);
    start(initial());

    awaitRecords(r -> op(r).equals("r"), 100);

    assertThat(dynamo.scanCalls.get()).isGreaterThan(3);
  }

  @Test
  void missingPermissionFailsTheTaskWithWhatToFix() {
    dynamo.putItems(10);
    dynamo.failScansWith =
        accessDenied(
            "User: arn:aws:iam::123456789012:user/connector is not authorized to perform:"
                + " dynamodb:Scan on resource: arn:aws:dynamodb:us-east-1:123456789012:table/Orders");
    start(initial());

    assertThatThrownBy(() -> awaitRecords(r -> true, 1))
        .isInstanceOf(ConnectException.class)
        .hasMessageStartingWith("Missing AWS permission while scanning table Orders")
        .hasMessageContaining("dynamodb:Scan")
        .hasMessageContaining("Grant that action to the connector's IAM user or role");
  }

  @Test
  void aFailingSegmentFailsTheTaskWhileEarlierSegmentsStillScan() {
    dynamo.putItems(100);
    dynamo.shard("shard-1", null);
    dynamo.hangingSegment = 0;
    dynamo.failingSegment = 2;
    dynamo.failScansWith = accessDenied("not authorized to perform: dynamodb:Scan");
    try {
      start(initial());
      assertThatThrownBy(() -> awaitRecords(r -> false, 1))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("dynamodb:Scan");
    } finally {
      dynamo.hangUntil.countDown();
    }
  }

  @Test
  void aReaderKilledByAnErrorFailsTheTaskInsteadOfLeavingItIdle() {
    mode = SnapshotMode.STREAM_ONLY;
    dynamo.shard("shard-1", null);
    TableReader reader = reader(TableOffset.streamOnly(), threads);
    dynamo.describeError = new NoClassDefFoundError("software/amazon/awssdk/Missing");
    threads.submit(reader);

    assertThatThrownBy(() -> awaitRecords(r -> true, 1))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("Reading table Orders failed")
        .hasMessageContaining("NoClassDefFoundError");
  }

  private static AwsServiceException accessDenied(String message) {
    return AwsServiceException.builder()
        .statusCode(400)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode("AccessDeniedException")
                .errorMessage(message)
                .build())
        .build();
  }

  private TableOffset initial() {
    return TableReader.initialOffset(snapshot(), clock);
  }

  private SnapshotSettings snapshot() {
    return new SnapshotSettings(
        mode, Duration.ZERO, 4, OptionalInt.empty(), false, Duration.ofMinutes(5), 50, 1_000);
  }

  private TableReader start(TableOffset offset) {
    TableReader reader = reader(offset, threads);
    threads.submit(reader);
    return reader;
  }

  private TableReader reader(TableOffset offset, ExecutorService pool) {
    RecordSettings records =
        new RecordSettings(
            "test-",
            "{prefix}{table}",
            DocumentFormat.JSON,
            true,
            500,
            Duration.ofMillis(50),
            1000,
            QUEUE_BYTES);
    StreamSettings streams =
        new StreamSettings(Duration.ofMillis(10), 1000, Duration.ofMillis(50), onLoss);
    AwsSettings aws = awsSettings();
    return new TableReader(
        FakeDynamoDb.TABLE,
        offset,
        snapshot(),
        streams,
        dynamo,
        dynamo,
        new RecordFactory(
            FakeDynamoDb.TABLE, dynamo.describe(FakeDynamoDb.TABLE).keySchema(), records),
        queue,
        new AwsCalls(aws, "dynamodb.us-east-1.amazonaws.com", stopping::get),
        new AwsCalls(aws, "streams.dynamodb.us-east-1.amazonaws.com", stopping::get),
        budget,
        pool,
        headRefresh,
        clock,
        stopping::get);
  }

  static AwsSettings awsSettings() {
    Map<String, String> props = new HashMap<>();
    props.put(AwsSettings.REGION, "us-east-1");
    return new io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig(props).aws();
  }

  private void awaitRecords(Predicate<SourceRecord> matching, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (received.stream().filter(matching).count() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + received.stream().filter(matching).count()
                + " of "
                + count
                + " records arrived");
      }
      try {
        List<SourceRecord> batch = queue.poll(1_000, Duration.ofMillis(50));
        if (batch != null) {
          received.addAll(batch);
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Waits until the snapshot has read its stream head as things stand now, which is how it keeps
   * the head alive: a GetRecords call asked for after this point has been answered. (Only the
   * snapshot reads the stream while it runs, one call at a time.)
   */
  private void awaitHeadRead() {
    int asked = dynamo.recordsAsked.get();
    await("the stream head read while the snapshot runs")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> dynamo.recordsAnswered.get() > asked);
  }

  private List<String> keysOf(String op) {
    return received.stream()
        .filter(r -> r.value() != null && op(r).equals(op))
        .map(TableReaderTest::key)
        .toList();
  }

  private static String key(SourceRecord record) {
    return ((Struct) record.key()).getString("id");
  }

  private static String op(SourceRecord record) {
    return record.value() == null ? "tombstone" : ((Struct) record.value()).getString("op");
  }

  private static String version(SourceRecord record) {
    String document = ((Struct) record.value()).getString("document");
    return document.replaceAll(".*\"v\":\"([^\"]*)\".*", "$1");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
