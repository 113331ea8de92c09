package io.customconnectors.testkit.data;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The seed's "Populate DynamoDB" steps as one call: table {@code Supermarket_dynamodb} with
 * partition key {@code Order ID}, streams with new and old images, tags {@code environment=dev} and
 * {@code datalake-ingest=}, loaded with the Supermart rows. Works against moto or real AWS.
 */
public final class SupermartTable {

  public static final String TABLE = "Supermarket_dynamodb";
  public static final String PARTITION_KEY = "Order ID";
  public static final Map<String, String> TAGS =
      Map.of("environment", "dev", "datalake-ingest", "");

  private static final Set<String> NUMBERS = Set.of("Sales", "Discount", "Profit");
  private static final int BATCH = 25;

  private SupermartTable() {}

  /** Creates, tags and loads the table; returns its description (with the stream ARN). */
  public static TableDescription populate(
      DynamoDbClient dynamo, String table, List<SupermartSales.Row> rows) {
    create(dynamo, table, TAGS);
    load(dynamo, table, rows);
    return dynamo.describeTable(describe -> describe.tableName(table)).table();
  }

  /** Creates a table shaped like the seed's, with streams enabled and the given tags. */
  public static void create(DynamoDbClient dynamo, String table, Map<String, String> tags) {
    dynamo.createTable(
        create ->
            create
                .tableName(table)
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName(PARTITION_KEY)
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(PARTITION_KEY)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(
                    stream ->
                        stream
                            .streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tags(
                    tags.entrySet().stream()
                        .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                        .toList()));
    dynamo.waiter().waitUntilTableExists(describe -> describe.tableName(table));
  }

  /**
   * Writes the rows with BatchWriteItem, 25 at a time on four threads, retrying unprocessed items.
   */
  public static void load(DynamoDbClient dynamo, String table, List<SupermartSales.Row> rows) {
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> batches = new ArrayList<>();
      for (int from = 0; from < rows.size(); from += BATCH) {
        List<SupermartSales.Row> batch = rows.subList(from, Math.min(rows.size(), from + BATCH));
        batches.add(writers.submit(() -> writeBatch(dynamo, table, batch)));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "loading " + table + " failed: " + e.getCause(), e.getCause());
    } finally {
      writers.shutdownNow();
    }
  }

  private static void writeBatch(
      DynamoDbClient dynamo, String table, List<SupermartSales.Row> rows) {
    Map<String, List<WriteRequest>> pending =
        Map.of(
            table,
            rows.stream()
                .map(
                    row ->
                        WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item(row)).build())
                            .build())
                .toList());
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      if (attempt > 0) {
        sleep(Duration.ofMillis(Math.min(2_000, 50L << Math.min(attempt, 6))));
      }
      Map<String, List<WriteRequest>> request = pending;
      BatchWriteItemResponse response = dynamo.batchWriteItem(write -> write.requestItems(request));
      pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
    }
  }

  /** The DynamoDB item of a row: numbers as N (exact decimal strings), everything else as S. */
  public static Map<String, AttributeValue> item(SupermartSales.Row row) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    row.values()
        .forEach(
            (column, value) ->
                item.put(
                    column,
                    NUMBERS.contains(column)
                        ? AttributeValue.fromN(value)
                        : AttributeValue.fromS(value)));
    return item;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code java ... SupermartTable --region us-east-2 [--endpoint URL] [--rows N] [--seed S] [--csv
   * file] [--table name]}: the seed's data in one command, against real AWS (default credential
   * chain) or an emulator.
   */
  public static void main(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    List<SupermartSales.Row> rows =
        SupermartSales.generate(
            Integer.parseInt(
                options.getOrDefault("rows", Integer.toString(SupermartSales.DEFAULT_ROWS))),
            Long.parseLong(
                options.getOrDefault("seed", Long.toString(SupermartSales.DEFAULT_SEED))));
    if (options.containsKey("csv")) {
      SupermartSales.writeCsv(rows, Path.of(options.get("csv")));
    }
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder().region(Region.of(options.getOrDefault("region", "us-east-1")));
    if (options.containsKey("endpoint")) {
      builder.endpointOverride(URI.create(options.get("endpoint")));
    }
    String table = options.getOrDefault("table", TABLE);
    try (DynamoDbClient dynamo = builder.build()) {
      TableDescription description = populate(dynamo, table, rows);
      System.out.printf(
          "%s: %d items, stream %s, tags %s%n",
          table, rows.size(), description.latestStreamArn(), TAGS);
    }
  }
}
