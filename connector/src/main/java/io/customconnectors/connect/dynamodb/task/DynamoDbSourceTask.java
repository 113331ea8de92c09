package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.customconnectors.connect.dynamodb.Version;
import io.customconnectors.connect.dynamodb.aws.AwsApis;
import io.customconnectors.connect.dynamodb.aws.AwsErrors;
import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig;
import io.customconnectors.connect.dynamodb.offset.TableOffset;
import io.customconnectors.connect.dynamodb.record.RecordFactory;

import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Reads the tables the connector assigned to this task, one {@link TableReader} thread each, and
 * hands their records to Connect. poll() never blocks longer than poll.timeout.ms.
 */
public class DynamoDbSourceTask extends SourceTask {

  /** Task config key: the tables assigned to this task, comma-separated. */
  public static final String TABLES = "task.tables";

  private static final Logger log = LoggerFactory.getLogger(DynamoDbSourceTask.class);

  private final AtomicBoolean stopping = new AtomicBoolean();
  private DynamoDbSourceConfig config;
  private AwsApis aws;
  private RecordQueue queue;
  private ExecutorService threads;
  private final List<TableReader> readers = new ArrayList<>();

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new DynamoDbSourceConfig(props);
    List<String> tables =
        Arrays.stream(props.getOrDefault(TABLES, "").split(",")).filter(t -> !t.isBlank()).toList();
    aws = AwsApis.connect(config.aws());
    queue = new RecordQueue(config.records().queueCapacity(), config.records().queueMaxBytes());
    threads =
        Executors.newCachedThreadPool(named("dynamodb-" + props.getOrDefault("name", "source")));
    String dynamoHost =
        AwsErrors.host(config.aws().dynamoDbEndpoint(), "dynamodb", config.aws().region());
    String streamsHost =
        AwsErrors.host(config.aws().streamsEndpoint(), "streams.dynamodb", config.aws().region());
    AwsCalls dynamoCalls = new AwsCalls(config.aws(), dynamoHost, stopping::get);
    AwsCalls streamCalls = new AwsCalls(config.aws(), streamsHost, stopping::get);
    Map<Map<String, Object>, Map<String, Object>> offsets =
        context.offsetStorageReader().offsets(tables.stream().map(TableOffset::partition).toList());
    for (String table : tables) {
      TableInfo info;
      try {
        info = dynamoCalls.call("describing table " + table, () -> aws.describe(table));
      } catch (ConnectException e) {
        if (e.getCause() instanceof ResourceNotFoundException) {
          log.warn(
              "Table {} no longer exists; skipping it until the connector rediscovers tables",
              table);
          continue;
        }
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException("Interrupted while starting", e);
      }
      Map<String, Object> stored = offsets.get(TableOffset.partition(table));
      TableOffset start =
          stored == null
              ? TableReader.initialOffset(config.snapshot(), Clock.systemUTC())
              : TableOffset.fromMap(stored);
      ReadBudget budget = ReadBudget.forTable(info, config.snapshot(), Clock.systemUTC());
      TableReader reader =
          new TableReader(
              table,
              start,
              config.snapshot(),
              config.streams(),
              aws,
              aws,
              new RecordFactory(table, info.keySchema(), config.records()),
              queue,
              dynamoCalls,
              streamCalls,
              budget,
              threads,
              SnapshotScanner.HEAD_REFRESH,
              Clock.systemUTC(),
              stopping::get);
      readers.add(reader);
      log.info(
          "Reading table {} into topic {} from {}; snapshot read budget {}",
          table,
          config.records().topicFor(table),
          start.phase(),
          budget.unitsPerSecond() == 0 ? "unlimited" : budget.unitsPerSecond() + " RCU/s");
      threads.submit(reader);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    return queue.poll(config.records().batchSize(), config.records().pollTimeout());
  }

  @Override
  public void stop() {
    stopping.set(true);
    if (threads != null) {
      threads.shutdownNow();
      try {
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
          log.warn("Table readers did not stop within 10 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (aws != null) {
      aws.close();
    }
  }

  /**
   * Reader threads carry the task thread's logging context (Connect's {@code connector.context},
   * e.g. {@code [orders|task-0]}), so their log lines are attributed to this connector and task.
   */
  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    Map<String, String> context = MDC.getCopyOfContextMap();
    return runnable -> {
      Thread thread =
          new Thread(
              () -> {
                if (context != null) {
                  MDC.setContextMap(context);
                }
                runnable.run();
              },
              prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
