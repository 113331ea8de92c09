package io.customconnectors.connect.dynamodb.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordQueueTest {

  private final AtomicInteger queued = new AtomicInteger();
  private Thread reader;

  @AfterEach
  void stopTheReader() throws InterruptedException {
    if (reader != null) {
      reader.interrupt();
      reader.join(5_000);
    }
  }

  @Test
  void aReaderWaitsWhileTheQueuedBytesAreUsedUpAndGoesOnOncePollTakesThem() throws Exception {
    List<SourceRecord> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(record("item-" + i, 1_000));
    }
    long each = RecordSize.estimate(items.get(0));
    // Room for a thousand records by count, but for two and a half of these by bytes.
    RecordQueue queue = new RecordQueue(1_000, 2 * each + each / 2);
    startReading(queue, items);

    awaitReaderWaitingOrDone();
    assertThat(reader.getState()).as("the reader waits for room").isEqualTo(Thread.State.WAITING);
    assertThat(queued).as("records queued before it waited").hasValue(2);

    List<SourceRecord> received = new ArrayList<>(queue.poll(10, Duration.ofSeconds(1)));
    assertThat(received).as("what poll() hands over frees the room").hasSize(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              List<SourceRecord> batch = queue.poll(10, Duration.ofMillis(100));
              if (batch != null) {
                received.addAll(batch);
              }
              return received.size() == items.size();
            });
    assertThat(received).containsExactlyElementsOf(items);
  }

  @Test
  void aRecordLargerThanTheByteBoundPassesAloneWhenTheQueueIsEmpty() throws Exception {
    RecordQueue queue = new RecordQueue(1_000, 1_000);
    SourceRecord huge = record("huge", 10_000);
    SourceRecord small = record("small", 10);
    assertThat(RecordSize.estimate(small)).isLessThan(1_000);
    startReading(queue, List.of(huge, small));

    awaitReaderWaitingOrDone();
    assertThat(queued).as("the huge record is queued, the next one waits behind it").hasValue(1);

    assertThat(queue.poll(10, Duration.ofSeconds(1))).containsExactly(huge);
    assertThat(queue.poll(10, Duration.ofSeconds(5))).containsExactly(small);
  }

  /** A table reader: queues the records one call at a time, counting the calls that returned. */
  private void startReading(RecordQueue queue, List<SourceRecord> records) {
    reader =
        new Thread(
            () -> {
              try {
                for (SourceRecord record : records) {
                  queue.put(List.of(record));
                  queued.incrementAndGet();
                }
              } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
              }
            },
            "table-reader");
    reader.start();
  }

  private void awaitReaderWaitingOrDone() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                reader.getState() == Thread.State.WAITING
                    || reader.getState() == Thread.State.TERMINATED);
  }

  private static SourceRecord record(String key, int valueLength) {
    return new SourceRecord(
        Map.of("table", "Orders"),
        Map.of("position", key),
        "dynamodb-Orders",
        null,
        Schema.STRING_SCHEMA,
        key,
        Schema.STRING_SCHEMA,
        "x".repeat(valueLength));
  }
}
