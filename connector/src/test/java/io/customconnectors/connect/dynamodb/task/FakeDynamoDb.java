package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import io.customconnectors.connect.dynamodb.aws.StreamApi;
import io.customconnectors.connect.dynamodb.aws.TableApi;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * A stateful in-memory DynamoDB table and stream, with the behaviours that DynamoDB Local and moto
 * do not reproduce: several shards with parents, closed shards, iterators that expire 15 minutes
 * after they were handed out (on a clock tests move forward) or on demand, trimmed data, throttling
 * and access errors on demand.
 */
final class FakeDynamoDb implements TableApi, StreamApi {

  static final String TABLE = "Orders";
  static final String STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/1";

  /** Shard iterators expire this long after GetShardIterator or GetRecords handed them out. */
  static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);

  final Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
  final Map<String, FakeShard> shards = new LinkedHashMap<>();

  /** DynamoDB's time, and the reader's when a test gives it this clock: see {@link FakeClock}. */
  final FakeClock clock = new FakeClock();

  /** GetRecords calls received, and those answered (not failed), in the order received. */
  final AtomicInteger recordsAsked = new AtomicInteger();

  final AtomicInteger recordsAnswered = new AtomicInteger();

  final AtomicInteger scanCalls = new AtomicInteger();
  final AtomicInteger throttleNextScans = new AtomicInteger();
  volatile AwsServiceException failScansWith;

  /** A segment whose scans fail, and one whose scans hang until the test ends. */
  volatile int failingSegment = -1;

  volatile int hangingSegment = -1;
  final CountDownLatch hangUntil = new CountDownLatch(1);

  /** An Error (not an exception) thrown by the next DescribeTable, e.g. a class missing. */
  volatile Error describeError;

  volatile int pageSize = 50;

  /**
   * Every page with items names its last key, as DynamoDB may when a page fills its Limit: each
   * segment then ends with an empty page.
   */
  volatile boolean emptyLastPages;

  /** The table's provisioned read capacity units; 0 is an on-demand table. */
  volatile long readCapacityUnits;

  /** Read capacity units all Scans consumed, as their ConsumedCapacity reported them. */
  final DoubleAdder consumedReadUnits = new DoubleAdder();

  final Set<String> expireNextIteratorOf = ConcurrentHashMap.newKeySet();
  volatile String streamArn = STREAM;
  private final AtomicInteger sequence = new AtomicInteger(1000);

  /** The real clock moved forward by {@link #advance}: hours pass without waiting for them. */
  static final class FakeClock extends Clock {
    private final AtomicLong aheadMillis = new AtomicLong();

    void advance(Duration duration) {
      aheadMillis.addAndGet(duration.toMillis());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + aheadMillis.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  static final class FakeShard {
    final String id;
    final String parent;
    final List<Record> records = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile int trimmedBefore;

    FakeShard(String id, String parent) {
      this.id = id;
      this.parent = parent;
    }
  }

  void putItems(int count) {
    for (int i = 0; i < count; i++) {
      String id = String.format("item-%05d", i);
      items.put(
          id,
          Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(Integer.toString(i))));
    }
  }

  /** Items of about {@code bytes} bytes each, so that Scans cost read capacity worth measuring. */
  void putItems(int count, int bytes) {
    String padding = "x".repeat(bytes);
    for (int i = 0; i < count; i++) {
      String id = String.format("item-%05d", i);
      items.put(id, Map.of("id", AttributeValue.fromS(id), "pad", AttributeValue.fromS(padding)));
    }
  }

  FakeShard shard(String id, String parent) {
    return shards.computeIfAbsent(id, key -> new FakeShard(id, parent));
  }

  /** Appends a stream event for item {@code id} with attribute v, created at {@code created}. */
  Record event(String shardId, OperationType type, String id, String v, Instant created) {
    Map<String, AttributeValue> keys = Map.of("id", AttributeValue.fromS(id));
    StreamRecord.Builder change =
        StreamRecord.builder()
            .keys(keys)
            .sequenceNumber(Integer.toString(sequence.incrementAndGet()))
            .approximateCreationDateTime(created)
            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
    if (type != OperationType.REMOVE) {
      change.newImage(Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromS(v)));
    }
    Record record =
        Record.builder()
            .eventID("event-" + sequence.get())
            .eventName(type)
            .dynamodb(change.build())
            .build();
    shards.get(shardId).records.add(record);
    return record;
  }

  @Override
  public TableInfo describe(String table) {
    Error error = describeError;
    if (error != null) {
      describeError = null;
      throw error;
    }
    return new TableInfo(
        TABLE,
        "arn:aws:dynamodb:us-east-1:123456789012:table/Orders",
        List.of(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()),
        Optional.of(streamArn),
        Optional.of(StreamViewType.NEW_AND_OLD_IMAGES),
        readCapacityUnits);
  }

  @Override
  public ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> startKey,
      OptionalInt limit,
      boolean consistentRead) {
    scanCalls.incrementAndGet();
    if (throttleNextScans.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ProvisionedThroughputExceededException.builder()
          .statusCode(400)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("ProvisionedThroughputExceededException")
                  .errorMessage(
                      "The level of configured provisioned throughput for the table was exceeded.")
                  .build())
          .build();
    }
    if (failScansWith != null && (failingSegment < 0 || failingSegment == segment)) {
      throw failScansWith;
    }
    if (hangingSegment == segment) {
      try {
        hangUntil.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("stopped", e);
      }
    }
    List<String> keys =
        items.keySet().stream()
            .filter(key -> Math.floorMod(key.hashCode(), totalSegments) == segment)
            .filter(key -> startKey.isEmpty() || key.compareTo(startKey.get("id").s()) > 0)
            .toList();
    int size = limit.orElse(pageSize);
    List<Map<String, AttributeValue>> page = new ArrayList<>();
    for (String key : keys.subList(0, Math.min(size, keys.size()))) {
      page.add(items.get(key));
    }
    boolean more = keys.size() > size || (emptyLastPages && !page.isEmpty());
    Map<String, AttributeValue> last =
        more ? Map.of("id", page.get(page.size() - 1).get("id")) : Map.of();
    double consumed = readUnits(page, consistentRead);
    consumedReadUnits.add(consumed);
    return new ScanPage(page, last, consumed);
  }

  /**
   * What DynamoDB charges for a Scan page: its items' size rounded up to 4 KB, one unit per 4 KB
   * read consistently, half a unit otherwise (names and values counted as UTF-8 text).
   */
  private static double readUnits(List<Map<String, AttributeValue>> page, boolean consistent) {
    long bytes = 0;
    for (Map<String, AttributeValue> item : page) {
      for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
        AttributeValue value = attribute.getValue();
        String text = value.s() != null ? value.s() : String.valueOf(value.n());
        bytes += attribute.getKey().length() + text.length();
      }
    }
    return Math.ceil(bytes / 4096.0) * (consistent ? 1 : 0.5);
  }

  @Override
  public List<Shard> shards(String streamArn) {
    List<Shard> listed = new ArrayList<>();
    for (FakeShard shard : shards.values()) {
      String first =
          shard.records.isEmpty() ? "0" : shard.records.get(0).dynamodb().sequenceNumber();
      SequenceNumberRange.Builder range =
          SequenceNumberRange.builder().startingSequenceNumber(first);
      if (shard.closed) {
        range.endingSequenceNumber("999999");
      }
      listed.add(
          Shard.builder()
              .shardId(shard.id)
              .parentShardId(shard.parent)
              .sequenceNumberRange(range.build())
              .build());
    }
    return listed;
  }

  @Override
  public String iterator(
      String streamArn, String shardId, ShardIteratorType type, String sequenceNumber) {
    FakeShard shard = shards.get(shardId);
    int index = 0;
    if (type == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
      index = indexOf(shard, sequenceNumber) + 1;
      if (index <= shard.trimmedBefore) {
        throw trimmed();
      }
    } else if (type == ShardIteratorType.AT_SEQUENCE_NUMBER) {
      index = indexOf(shard, sequenceNumber);
      if (index < shard.trimmedBefore) {
        throw trimmed();
      }
    } else if (type == ShardIteratorType.TRIM_HORIZON) {
      index = shard.trimmedBefore;
    } else if (type == ShardIteratorType.LATEST) {
      index = shard.records.size();
    }
    return iterator(shardId, index);
  }

  /** An iterator names its shard, its position and when it was handed out. */
  private String iterator(String shardId, int index) {
    return shardId + "|" + index + "|" + clock.millis();
  }

  @Override
  public RecordsPage records(String iterator, int limit) {
    recordsAsked.incrementAndGet();
    String[] parts = iterator.split("\\|");
    String shardId = parts[0];
    int index = Integer.parseInt(parts[1]);
    long handedOut = Long.parseLong(parts[2]);
    FakeShard shard = shards.get(shardId);
    boolean outlived = clock.millis() - handedOut > ITERATOR_LIFETIME.toMillis();
    if (expireNextIteratorOf.remove(shardId) || outlived) {
      throw ExpiredIteratorException.builder().message("Iterator expired").build();
    }
    if (index < shard.trimmedBefore) {
      throw trimmed();
    }
    List<Record> page =
        new ArrayList<>(
            shard.records.subList(index, Math.min(shard.records.size(), index + limit)));
    int next = index + page.size();
    boolean drained = shard.closed && next >= shard.records.size();
    RecordsPage answer =
        new RecordsPage(page, drained ? Optional.empty() : Optional.of(iterator(shardId, next)));
    recordsAnswered.incrementAndGet();
    return answer;
  }

  private static int indexOf(FakeShard shard, String sequenceNumber) {
    for (int i = 0; i < shard.records.size(); i++) {
      if (shard.records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
        return i;
      }
    }
    return -1;
  }

  private static TrimmedDataAccessException trimmed() {
    return TrimmedDataAccessException.builder().message("Data trimmed").build();
  }
}
