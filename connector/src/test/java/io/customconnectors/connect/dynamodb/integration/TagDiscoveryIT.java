package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.testkit.data.SupermartSales;
import io.customconnectors.testkit.data.SupermartTable;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Tables tagged after the connector started are found by rediscovery and read. */
class TagDiscoveryIT {

  private static final String CONNECTOR = "tag-discovery";
  private static final Map<String, String> TAGS =
      Map.of("datalake-ingest", "", "environment", "staging");

  private static DynamoDbClient dynamo;

  @BeforeAll
  static void startConnectorOnOneTaggedTable() {
    TestBed.moto().reset();
    dynamo = TestBed.dynamo();
    SupermartTable.create(dynamo, "First_tagged", TAGS);
    SupermartTable.load(dynamo, "First_tagged", SupermartSales.generate(5, 1));
    SupermartTable.create(
        dynamo, "Other_environment", Map.of("datalake-ingest", "", "environment", "prod"));
    SupermartTable.load(dynamo, "Other_environment", SupermartSales.generate(5, 2));
    Map<String, String> config = TestBed.seedConfig("disc-");
    config.put("dynamodb.table.env.tag.value", "staging");
    config.put("connect.dynamodb.rediscovery.period", "2000");
    connect().putConnector(CONNECTOR, config);
    TestBed.awaitRunning(CONNECTOR, 1);
  }

  @AfterAll
  static void deleteConnector() {
    connect().deleteConnector(CONNECTOR);
    dynamo.close();
  }

  @Test
  void newlyTaggedTableIsPickedUpAndOtherEnvironmentsAreNot() {
    assertThat(TestBed.readUntil("disc-First_tagged", r -> r.size() >= 5, Duration.ofMinutes(1)))
        .hasSize(5);

    SupermartTable.create(dynamo, "Tagged_later", TAGS);
    SupermartTable.load(dynamo, "Tagged_later", SupermartSales.generate(3, 3));

    assertThat(TestBed.readUntil("disc-Tagged_later", r -> r.size() >= 3, Duration.ofMinutes(1)))
        .hasSize(3);
    assertThat(TestBed.readUntil("disc-Other_environment", r -> false, Duration.ofSeconds(2)))
        .isEmpty();
  }
}
