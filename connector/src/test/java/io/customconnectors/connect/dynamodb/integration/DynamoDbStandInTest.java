package io.customconnectors.connect.dynamodb.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.aws.AwsApis;
import io.customconnectors.connect.dynamodb.aws.TableApi.ScanPage;
import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** The benchmark's stand-in answers the connector's own AWS client as DynamoDB would. */
class DynamoDbStandInTest {

  private static final String TABLE = "Supermart_25k";
  private static final long ITEMS = 25_000;

  private static DynamoDbStandIn standIn;
  private static AwsApis aws;

  @BeforeAll
  static void start() {
    standIn = DynamoDbStandIn.start(Map.of(TABLE, ITEMS));
    aws =
        AwsApis.connect(
            new DynamoDbSourceConfig(
                    Map.of(
                        "aws.region",
                        DynamoDbStandIn.REGION,
                        "aws.access.key.id",
                        "ABCD",
                        "aws.secret.key",
                        "123",
                        "dynamodb.service.endpoint",
                        standIn.endpoint().toString()))
                .aws());
  }

  @AfterAll
  static void stop() {
    aws.close();
    standIn.close();
  }

  @Test
  void parallelSegmentsTogetherReturnEveryItemOnce() {
    Set<String> keys = new HashSet<>();
    int pages = 0;
    for (int segment = 0; segment < 4; segment++) {
      Map<String, AttributeValue> from = Map.of();
      ScanPage page;
      do {
        page = aws.scan(TABLE, segment, 4, from, OptionalInt.of(1_000), false);
        pages++;
        for (Map<String, AttributeValue> item : page.items()) {
          assertThat(keys.add(item.get("Order ID").s())).isTrue();
          assertThat(item).containsKeys("Customer Name", "Sales", "Profit");
          assertThat(item.get("Sales").n()).isNotNull();
        }
        assertThat(page.consumedCapacity()).isPositive();
        from = page.lastEvaluatedKey();
      } while (!page.last());
    }
    assertThat(keys).hasSize((int) ITEMS).contains("OD1", "OD25000");
    assertThat(pages).isEqualTo(4 * 7); // 6,250 items per segment, 1,000 per page
  }

  @Test
  void unlimitedPagesStopAtOneMegabyte() {
    ScanPage first = aws.scan(TABLE, 0, 1, Map.of(), OptionalInt.empty(), false);
    assertThat(first.items().size()).isBetween(1_000, 10_000);
    assertThat(first.last()).isFalse();
  }

  @Test
  void describesAStreamedTableWhoseStreamStaysEmpty() {
    TableInfo table = aws.describe(TABLE);
    assertThat(table.keySchema().get(0).attributeName()).isEqualTo("Order ID");
    assertThat(table.streamHasNewImages()).isTrue();
    assertThat(table.readCapacityUnits()).isZero();

    List<Shard> shards = aws.shards(table.streamArn().orElseThrow());
    assertThat(shards).hasSize(1);
    String iterator =
        aws.iterator(
            table.streamArn().get(), shards.get(0).shardId(), ShardIteratorType.LATEST, null);
    assertThat(aws.records(iterator, 1).records()).isEmpty();
    assertThat(aws.records(iterator, 1).nextIterator()).contains(iterator);
  }

  @Test
  void anUnknownTableIsNotFound() {
    assertThatThrownBy(() -> aws.describe("missing")).isInstanceOf(ResourceNotFoundException.class);
  }
}
