package io.customconnectors.connect.dynamodb.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The DynamoDB calls a snapshot needs. Failures are the SDK's exceptions. */
public interface TableApi {

  /** {@code DescribeTable}. */
  TableInfo describe(String table);

  /** One {@code Scan} page of one segment, starting after {@code startKey} (empty: the start). */
  ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> startKey,
      OptionalInt limit,
      boolean consistentRead);

  /**
   * What the connector needs to know about a table. {@code readCapacityUnits} is the provisioned
   * read capacity, 0 for an on-demand table.
   */
  record TableInfo(
      String name,
      String arn,
      List<KeySchemaElement> keySchema,
      Optional<String> streamArn,
      Optional<StreamViewType> streamViewType,
      long readCapacityUnits) {

    /** Whether the stream carries new images, which change events are built from. */
    public boolean streamHasNewImages() {
      return streamViewType
          .map(
              type -> type == StreamViewType.NEW_IMAGE || type == StreamViewType.NEW_AND_OLD_IMAGES)
          .orElse(false);
    }
  }

  /**
   * Items of one page, where the next page starts (empty when the segment is done), and the read
   * capacity units the page cost (0 when the service did not say).
   */
  record ScanPage(
      List<Map<String, AttributeValue>> items,
      Map<String, AttributeValue> lastEvaluatedKey,
      double consumedCapacity) {

    public boolean last() {
      return lastEvaluatedKey.isEmpty();
    }
  }
}
