package io.customconnectors.connect.dynamodb.aws;

import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** The DynamoDB Streams calls a stream reader needs. Failures are the SDK's exceptions. */
public interface StreamApi {

  /** Every shard of the stream: {@code DescribeStream}, all pages. */
  List<Shard> shards(String streamArn);

  /** {@code GetShardIterator}; {@code sequenceNumber} only for the AT/AFTER types. */
  String iterator(String streamArn, String shardId, ShardIteratorType type, String sequenceNumber);

  /** {@code GetRecords}. */
  RecordsPage records(String iterator, int limit);

  /** Records of one call; no next iterator means the shard is closed and fully read. */
  record RecordsPage(List<Record> records, Optional<String> nextIterator) {}
}
