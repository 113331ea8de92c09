package io.customconnectors.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * moto as the connector will meet it: a tagged table found through the Resource Groups Tagging API
 * with the seed's filters, and AWS's own answers to bad credentials and missing permissions, as the
 * AWS SDK for Java v2 parses them.
 */
class MotoServerIT {

  private static final Region REGION = Region.US_EAST_1;
  private static final String TABLE = "Supermarket_dynamodb";
  private static final String TABLE_ARN =
      "arn:aws:dynamodb:us-east-1:" + MotoServer.ACCOUNT_ID + ":table/" + TABLE;

  private final MotoServer moto = MotoServer.shared();
  private AccessKey reader;

  @BeforeEach
  void createTaggedTableAndAReaderAllowedOnlyThatTable() {
    moto.reset();
    try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), "setup", "setup")) {
      dynamo.createTable(
          table ->
              table
                  .tableName(TABLE)
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("Order ID")
                          .keyType(KeyType.HASH)
                          .build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("Order ID")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .streamSpecification(
                      stream ->
                          stream
                              .streamEnabled(true)
                              .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                  .tags(
                      Tag.builder().key("environment").value("dev").build(),
                      Tag.builder().key("datalake-ingest").value("").build()));
      dynamo.createTable(
          table ->
              table
                  .tableName("Untagged_table")
                  .keySchema(
                      KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("id")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST));
    }
    try (IamClient iam = client(IamClient.builder(), "setup", "setup")) {
      iam.createUser(user -> user.userName("connector"));
      iam.putUserPolicy(
          policy ->
              policy
                  .userName("connector")
                  .policyName("read-supermarket")
                  .policyDocument(
                      """
                      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                        "Action": ["dynamodb:DescribeTable", "dynamodb:Scan"],
                        "Resource": "%s"}]}
                      """
                          .formatted(TABLE_ARN)));
      reader = iam.createAccessKey(key -> key.userName("connector")).accessKey();
    }
  }

  @AfterEach
  void relaxIam() {
    moto.enforceIam(false);
  }

  @Test
  void taggingApiFindsTheTableBySeedTags() {
    try (ResourceGroupsTaggingApiClient tagging =
        client(ResourceGroupsTaggingApiClient.builder(), "any", "any")) {
      List<ResourceTagMapping> found =
          tagging
              .getResources(
                  request ->
                      request
                          .resourceTypeFilters("dynamodb:table")
                          .tagFilters(
                              TagFilter.builder().key("datalake-ingest").build(),
                              TagFilter.builder().key("environment").values("dev").build()))
              .resourceTagMappingList();

      assertThat(found).extracting(ResourceTagMapping::resourceARN).containsExactly(TABLE_ARN);
    }
  }

  @Test
  void allowedCallSucceedsOnceIamIsEnforced() {
    moto.enforceIam(true);
    try (DynamoDbClient dynamo =
        client(DynamoDbClient.builder(), reader.accessKeyId(), reader.secretAccessKey())) {
      assertThat(dynamo.scan(scan -> scan.tableName(TABLE)).count()).isZero();
    }
  }

  @Test
  void unknownAccessKeyIsUnrecognizedClientException() {
    moto.enforceIam(true);
    AwsServiceException error = failure("AKIAUNKNOWN000000000", "whatever", c -> c.listTables());

    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    assertThat(error.awsErrorDetails().errorMessage())
        .isEqualTo("The security token included in the request is invalid.");
  }

  @Test
  void wrongSecretIsInvalidSignatureException() {
    moto.enforceIam(true);
    AwsServiceException error =
        failure(reader.accessKeyId(), "not-the-secret", c -> c.listTables());

    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
    assertThat(error.awsErrorDetails().errorMessage())
        .startsWith(
            "The request signature we calculated does not match the signature you provided.");
  }

  @Test
  void tableOutsideThePolicyIsAccessDeniedNamingActionAndResource() {
    moto.enforceIam(true);
    AwsServiceException error =
        failure(
            reader.accessKeyId(),
            reader.secretAccessKey(),
            c -> c.scan(scan -> scan.tableName("Untagged_table")));

    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    assertThat(error.awsErrorDetails().errorMessage())
        .isEqualTo(
            "User: arn:aws:iam::%s:user/connector is not authorized to perform: dynamodb:Scan on"
                + " resource: arn:aws:dynamodb:us-east-1:%s:table/Untagged_table because no"
                + " identity-based policy allows the dynamodb:Scan action",
            MotoServer.ACCOUNT_ID, MotoServer.ACCOUNT_ID);
  }

  @Test
  void taggingWithoutPermissionIsAccessDeniedNamingTheTagAction() {
    moto.enforceIam(true);
    try (ResourceGroupsTaggingApiClient tagging =
        client(
            ResourceGroupsTaggingApiClient.builder(),
            reader.accessKeyId(),
            reader.secretAccessKey())) {
      AwsServiceException error =
          catchThrowableOfType(AwsServiceException.class, () -> tagging.getResources(r -> {}));

      assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      assertThat(error.awsErrorDetails().errorMessage())
          .contains("is not authorized to perform: tag:GetResources");
    }
  }

  private AwsServiceException failure(String keyId, String secret, Consumer<DynamoDbClient> call) {
    try (DynamoDbClient dynamo = client(DynamoDbClient.builder(), keyId, secret)) {
      return catchThrowableOfType(AwsServiceException.class, () -> call.accept(dynamo));
    }
  }

  private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(
      B builder, String keyId, String secret) {
    return builder
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(moto.endpoint())
        .region(REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .build();
  }
}
