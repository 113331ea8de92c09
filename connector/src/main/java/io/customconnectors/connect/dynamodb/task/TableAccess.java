package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

import io.customconnectors.connect.dynamodb.aws.StreamApi;
import io.customconnectors.connect.dynamodb.aws.StreamApi.RecordsPage;
import io.customconnectors.connect.dynamodb.aws.TableApi;
import io.customconnectors.connect.dynamodb.aws.TableApi.ScanPage;
import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * One table's AWS calls as its reader makes them, each through the retrying {@link AwsCalls} of its
 * service and named for the error a user would read, Scans within the table's {@link ReadBudget},
 * plus the clock and the task's stop signal.
 */
record TableAccess(
    String table,
    TableApi tables,
    StreamApi streams,
    AwsCalls dynamoCalls,
    AwsCalls streamCalls,
    ReadBudget scanBudget,
    Clock clock,
    BooleanSupplier stopping) {

  private String reading() {
    return "reading the stream of table " + table;
  }

  TableInfo describe() throws InterruptedException {
    return dynamoCalls.call("describing table " + table, () -> tables.describe(table));
  }

  ScanPage scan(
      int segment,
      int total,
      Map<String, AttributeValue> from,
      OptionalInt pageSize,
      boolean consistentRead)
      throws InterruptedException {
    double reserved = scanBudget.reserve();
    ScanPage page = null;
    try {
      page =
          dynamoCalls.call(
              "scanning table " + table + " (segment " + segment + " of " + total + ")",
              () -> tables.scan(table, segment, total, from, pageSize, consistentRead));
      return page;
    } finally {
      scanBudget.settle(reserved, page == null ? 0 : page.consumedCapacity());
    }
  }

  List<Shard> shards(String arn) throws InterruptedException {
    return streamCalls.call(reading(), () -> streams.shards(arn));
  }

  String iterator(String arn, String shardId, ShardIteratorType type, String sequenceNumber)
      throws InterruptedException {
    return streamCalls.call(reading(), () -> streams.iterator(arn, shardId, type, sequenceNumber));
  }

  RecordsPage records(String iterator, int limit) throws InterruptedException {
    return streamCalls.call(reading(), () -> streams.records(iterator, limit));
  }

  boolean stopRequested() {
    return stopping.getAsBoolean();
  }
}
