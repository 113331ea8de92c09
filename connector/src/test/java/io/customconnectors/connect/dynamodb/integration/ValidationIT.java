package io.customconnectors.connect.dynamodb.integration;

import static io.customconnectors.connect.dynamodb.integration.TestBed.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.testkit.data.SupermartTable;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * What a user sees for bad config and bad credentials: per-key errors from Connect's validate
 * endpoint (which the Confluent console shows), and a failed connector whose trace says what to
 * fix. Credentials and permissions are checked by moto as AWS checks them.
 */
class ValidationIT {

  private static final String CONNECTOR = "validation-runtime";

  @BeforeEach
  void freshAws() {
    TestBed.moto().reset();
  }

  @AfterEach
  void relax() {
    TestBed.moto().enforceIam(false);
    connect().deleteConnector(CONNECTOR);
  }

  @Test
  void seedRegionPlaceholderIsNotARegion() {
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.region", "us-region-X");

    assertThat(errors(config, "aws.region"))
        .anySatisfy(e -> assertThat(e).contains("must be an AWS region such as us-east-1"));
  }

  @Test
  void unknownRegionListsTheRealOnes() {
    Map<String, String> config = TestBed.seedConfig("v-");
    config.remove("dynamodb.service.endpoint");
    config.put("aws.region", "us-region-9");

    assertThat(errors(config, "aws.region"))
        .singleElement()
        .asString()
        .startsWith("Unknown AWS region 'us-region-9'. Use one of ")
        .contains("us-east-1");
  }

  @Test
  void noTaggedTableIsReportedOnTheTagKey() {
    assertThat(errors(TestBed.seedConfig("v-"), "dynamodb.table.ingestion.tag.key"))
        .singleElement()
        .asString()
        .startsWith(
            "No DynamoDB table in us-east-2 carries tag 'datalake-ingest' and environment=dev");
  }

  @Test
  void listedTableThatDoesNotExistIsReportedOnTheList() {
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("dynamodb.tables.include", "Missing_table");

    assertThat(errors(config, "dynamodb.tables.include"))
        .singleElement()
        .asString()
        .startsWith("Table Missing_table does not exist");
  }

  @Test
  void tableWithoutAStreamIsReportedWithHowToEnableIt() {
    try (DynamoDbClient dynamo = TestBed.dynamo()) {
      dynamo.createTable(
          table ->
              table
                  .tableName("No_stream")
                  .keySchema(k -> k.attributeName("id").keyType("HASH"))
                  .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                  .billingMode("PAY_PER_REQUEST")
                  .tags(
                      t -> t.key("datalake-ingest").value(""),
                      t -> t.key("environment").value("dev")));
    }

    assertThat(errors(TestBed.seedConfig("v-"), "dynamodb.table.ingestion.tag.key"))
        .singleElement()
        .asString()
        .contains("Table No_stream has no stream: enable DynamoDB Streams with NEW_AND_OLD_IMAGES");
  }

  @Test
  void unknownAccessKeyIsReportedOnTheKeyId() {
    createTaggedTable();
    TestBed.moto().enforceIam(true);

    assertThat(errors(TestBed.seedConfig("v-"), "aws.access.key.id"))
        .singleElement()
        .asString()
        .contains("UnrecognizedClientException")
        .contains("check aws.access.key.id");
  }

  @Test
  void wrongSecretIsReportedOnTheSecretKey() {
    createTaggedTable();
    AccessKey key = userAllowedTo(List.of("dynamodb:*", "tag:GetResources"));
    TestBed.moto().enforceIam(true);
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.access.key.id", key.accessKeyId());
    config.put("aws.secret.key", "not-the-secret");

    assertThat(errors(config, "aws.secret.key"))
        .singleElement()
        .asString()
        .contains("InvalidSignatureException")
        .contains("aws.secret.key does not belong to aws.access.key.id");
  }

  @Test
  void missingTaggingPermissionNamesTheAction() {
    createTaggedTable();
    AccessKey key = userAllowedTo(List.of("dynamodb:*"));
    TestBed.moto().enforceIam(true);
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.access.key.id", key.accessKeyId());
    config.put("aws.secret.key", key.secretAccessKey());

    assertThat(errors(config, "dynamodb.table.ingestion.tag.key"))
        .singleElement()
        .asString()
        .startsWith("Missing AWS permission while checking the tables (AccessDeniedException")
        .contains("is not authorized to perform: tag:GetResources");
  }

  @Test
  void missingStreamPermissionFailsTheTaskNamingTheActionAndTheStream() {
    createTaggedTable();
    String stream;
    try (DynamoDbClient dynamo = TestBed.dynamo()) {
      stream =
          dynamo.describeTable(d -> d.tableName("Tagged_for_validation")).table().latestStreamArn();
    }
    AccessKey key =
        userAllowedTo(
            List.of(
                "dynamodb:DescribeTable",
                "dynamodb:Scan",
                "dynamodb:GetShardIterator",
                "dynamodb:GetRecords",
                "dynamodb:ListStreams",
                "tag:GetResources"));
    TestBed.moto().enforceIam(true);
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.access.key.id", key.accessKeyId());
    config.put("aws.secret.key", key.secretAccessKey());
    config.put("init.sync.delay.period", "0");
    connect().putConnector(CONNECTOR, config);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                connect()
                    .connectorStatus(CONNECTOR)
                    .path("tasks")
                    .path(0)
                    .path("state")
                    .asText()
                    .equals("FAILED"));
    String trace =
        connect().connectorStatus(CONNECTOR).path("tasks").path(0).path("trace").asText();
    assertThat(trace.lines().findFirst().orElseThrow())
        .contains("Missing AWS permission while reading the stream of table Tagged_for_validation")
        .contains("is not authorized to perform: dynamodb:DescribeStream on resource: " + stream)
        .doesNotContain(key.secretAccessKey());
  }

  @Test
  void assumedRoleGivesThePermissionsTheUserLacks() {
    createTaggedTable();
    AccessKey key = userAllowedTo(List.of("sts:AssumeRole"));
    String role = roleAllowedTo(List.of("dynamodb:*", "tag:GetResources"));
    TestBed.moto().enforceIam(true);
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.access.key.id", key.accessKeyId());
    config.put("aws.secret.key", key.secretAccessKey());

    assertThat(errors(config, "dynamodb.table.ingestion.tag.key"))
        .singleElement()
        .asString()
        .contains("is not authorized to perform: tag:GetResources");

    config.put("aws.assume.role.arn", role);
    config.put("aws.sts.endpoint", TestBed.moto().endpoint().toString());
    assertThat(allErrors(config)).isEmpty();
  }

  @Test
  void creatingAConnectorWithAWrongSecretIsRefusedWithTheReason() {
    createTaggedTable();
    AccessKey key = userAllowedTo(List.of("dynamodb:*", "tag:GetResources"));
    TestBed.moto().enforceIam(true);
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.access.key.id", key.accessKeyId());
    config.put("aws.secret.key", "not-the-secret");

    assertThatThrownBy(() -> connect().putConnector(CONNECTOR, config))
        .hasMessageContaining("answered 400")
        .hasMessageContaining("aws.secret.key does not belong to aws.access.key.id")
        .hasMessageNotContaining("not-the-secret");
  }

  @Test
  void revokedAccessKeyFailsTheTaskWithATraceThatSaysWhatToFix() {
    createTaggedTable();
    AccessKey key = userAllowedTo(List.of("dynamodb:*", "tag:GetResources"));
    TestBed.moto().enforceIam(true);
    Map<String, String> config = TestBed.seedConfig("v-");
    config.put("aws.access.key.id", key.accessKeyId());
    config.put("aws.secret.key", key.secretAccessKey());
    connect().putConnector(CONNECTOR, config);
    TestBed.awaitRunning(CONNECTOR, 1);

    TestBed.moto().enforceIam(false);
    try (IamClient iam = iam()) {
      iam.deleteAccessKey(delete -> delete.userName("connector").accessKeyId(key.accessKeyId()));
    }
    TestBed.moto().enforceIam(true);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                connect()
                    .connectorStatus(CONNECTOR)
                    .path("tasks")
                    .path(0)
                    .path("state")
                    .asText()
                    .equals("FAILED"));
    String trace =
        connect().connectorStatus(CONNECTOR).path("tasks").path(0).path("trace").asText();
    assertThat(trace)
        .contains("AWS rejected the credentials while")
        .contains(
            "(UnrecognizedClientException: The security token included in the request is invalid.)")
        .contains("check aws.access.key.id")
        .doesNotContain(key.secretAccessKey());
  }

  private static List<String> allErrors(Map<String, String> config) {
    Map<String, String> named = new java.util.HashMap<>(config);
    named.put("name", CONNECTOR);
    JsonNode result = connect().validate(TestBed.CONNECTOR_CLASS, named);
    List<String> errors = new ArrayList<>();
    for (JsonNode entry : result.path("configs")) {
      entry
          .path("value")
          .path("errors")
          .forEach(e -> errors.add(entry.path("value").path("name").asText() + ": " + e.asText()));
    }
    return errors;
  }

  private static List<String> errors(Map<String, String> config, String key) {
    JsonNode result = connect().validate(TestBed.CONNECTOR_CLASS, config);
    List<String> errors = new ArrayList<>();
    for (JsonNode entry : result.path("configs")) {
      if (entry.path("value").path("name").asText().equals(key)) {
        entry.path("value").path("errors").forEach(e -> errors.add(e.asText()));
      }
    }
    return errors;
  }

  private static String roleAllowedTo(List<String> actions) {
    try (IamClient iam = iam()) {
      String arn =
          iam.createRole(
                  role ->
                      role.roleName("dynamodb-reader")
                          .assumeRolePolicyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                  + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/connector\"},"
                                  + "\"Action\":\"sts:AssumeRole\"}]}"))
              .role()
              .arn();
      iam.putRolePolicy(
          policy ->
              policy
                  .roleName("dynamodb-reader")
                  .policyName("read")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                          + TestBed.JSON.valueToTree(actions)
                          + ",\"Resource\":\"*\"}]}"));
      return arn;
    }
  }

  private static void createTaggedTable() {
    try (DynamoDbClient dynamo = TestBed.dynamo()) {
      SupermartTable.create(dynamo, "Tagged_for_validation", SupermartTable.TAGS);
    }
  }

  private static IamClient iam() {
    return IamClient.builder()
        .endpointOverride(TestBed.moto().endpoint())
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("ABCD", "123")))
        .build();
  }

  private static AccessKey userAllowedTo(List<String> actions) {
    try (IamClient iam = iam()) {
      iam.createUser(user -> user.userName("connector"));
      iam.putUserPolicy(
          policy ->
              policy
                  .userName("connector")
                  .policyName("connector")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                          + TestBed.JSON.valueToTree(actions)
                          + ",\"Resource\":\"*\"}]}"));
      return iam.createAccessKey(create -> create.userName("connector")).accessKey();
    }
  }
}
