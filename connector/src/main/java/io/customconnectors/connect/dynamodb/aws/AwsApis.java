package io.customconnectors.connect.dynamodb.aws;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.customconnectors.connect.dynamodb.config.AwsSettings;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** The three AWS APIs on the AWS SDK for Java v2, configured from {@link AwsSettings}. */
public final class AwsApis implements TableApi, StreamApi, TagApi, AutoCloseable {

  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final ResourceGroupsTaggingApiClient tagging;
  private final Optional<StsClient> sts;

  private AwsApis(
      DynamoDbClient dynamo,
      DynamoDbStreamsClient streams,
      ResourceGroupsTaggingApiClient tagging,
      Optional<StsClient> sts) {
    this.dynamo = dynamo;
    this.streams = streams;
    this.tagging = tagging;
    this.sts = sts;
  }

  public static AwsApis connect(AwsSettings settings) {
    Region region = Region.of(settings.region());
    AwsCredentialsProvider base = baseCredentials(settings);
    Optional<StsClient> sts =
        settings
            .assumeRoleArn()
            .map(
                role ->
                    configure(StsClient.builder(), settings, settings.stsEndpoint(), base).build());
    AwsCredentialsProvider credentials =
        sts.<AwsCredentialsProvider>map(
                client ->
                    StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(client)
                        .refreshRequest(
                            request -> {
                              request
                                  .roleArn(settings.assumeRoleArn().orElseThrow())
                                  .roleSessionName(settings.assumeRoleSessionName());
                              settings
                                  .assumeRoleExternalId()
                                  .ifPresent(id -> request.externalId(id.value()));
                            })
                        .build())
            .orElse(base);
    return new AwsApis(
        configure(DynamoDbClient.builder(), settings, settings.dynamoDbEndpoint(), credentials)
            .region(region)
            .build(),
        configure(
                DynamoDbStreamsClient.builder(), settings, settings.streamsEndpoint(), credentials)
            .region(region)
            .build(),
        configure(
                ResourceGroupsTaggingApiClient.builder(),
                settings,
                settings.taggingEndpoint(),
                credentials)
            .region(region)
            .build(),
        sts);
  }

  private static AwsCredentialsProvider baseCredentials(AwsSettings settings) {
    if (!settings.hasStaticCredentials()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String keyId = settings.accessKeyId().orElseThrow().value();
    String secret = settings.secretKey().map(p -> p.value()).orElse("");
    return StaticCredentialsProvider.create(
        settings.sessionToken().isPresent()
            ? AwsSessionCredentials.create(keyId, secret, settings.sessionToken().get().value())
            : AwsBasicCredentials.create(keyId, secret));
  }

  private static <
          B extends
              AwsClientBuilder<B, C>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>,
          C>
      B configure(
          B builder,
          AwsSettings settings,
          Optional<URI> endpoint,
          AwsCredentialsProvider credentials) {
    builder
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .apiCallTimeout(settings.apiCallTimeout())
                .retryStrategy(RetryMode.STANDARD)
                .build());
    builder.overrideConfiguration(
        override ->
            override.retryStrategy(
                strategy -> strategy.maxAttempts(Math.max(1, settings.maxRetries() + 1))));
    endpoint.ifPresent(builder::endpointOverride);
    return builder;
  }

  @Override
  public TableInfo describe(String table) {
    TableDescription description =
        dynamo.describeTable(request -> request.tableName(table)).table();
    boolean streaming =
        description.streamSpecification() != null
            && Boolean.TRUE.equals(description.streamSpecification().streamEnabled());
    return new TableInfo(
        description.tableName(),
        description.tableArn(),
        description.keySchema(),
        streaming ? Optional.ofNullable(description.latestStreamArn()) : Optional.empty(),
        streaming
            ? Optional.ofNullable(description.streamSpecification().streamViewType())
            : Optional.empty(),
        provisionedReadUnits(description));
  }

  /** 0 for on-demand tables, whose ProvisionedThroughput DynamoDB reports as 0 or leaves out. */
  private static long provisionedReadUnits(TableDescription description) {
    boolean onDemand =
        description.billingModeSummary() != null
            && description.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    if (onDemand || description.provisionedThroughput() == null) {
      return 0;
    }
    Long units = description.provisionedThroughput().readCapacityUnits();
    return units == null ? 0 : units;
  }

  @Override
  public ScanPage scan(
      String table,
      int segment,
      int totalSegments,
      Map<String, AttributeValue> startKey,
      OptionalInt limit,
      boolean consistentRead) {
    ScanResponse response =
        dynamo.scan(
            request -> {
              request
                  .tableName(table)
                  .consistentRead(consistentRead)
                  .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
              if (totalSegments > 1) {
                request.segment(segment).totalSegments(totalSegments);
              }
              if (!startKey.isEmpty()) {
                request.exclusiveStartKey(startKey);
              }
              limit.ifPresent(request::limit);
            });
    Double consumed =
        response.consumedCapacity() == null ? null : response.consumedCapacity().capacityUnits();
    return new ScanPage(
        response.items(),
        response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of(),
        consumed == null ? 0 : consumed);
  }

  @Override
  public List<Shard> shards(String streamArn) {
    List<Shard> shards = new ArrayList<>();
    String start = null;
    do {
      String exclusiveStart = start;
      DescribeStreamResponse response =
          streams.describeStream(
              request -> request.streamArn(streamArn).exclusiveStartShardId(exclusiveStart));
      shards.addAll(response.streamDescription().shards());
      start = response.streamDescription().lastEvaluatedShardId();
    } while (start != null);
    return shards;
  }

  @Override
  public String iterator(
      String streamArn, String shardId, ShardIteratorType type, String sequenceNumber) {
    return streams
        .getShardIterator(
            request ->
                request
                    .streamArn(streamArn)
                    .shardId(shardId)
                    .shardIteratorType(type)
                    .sequenceNumber(sequenceNumber))
        .shardIterator();
  }

  @Override
  public RecordsPage records(String iterator, int limit) {
    GetRecordsResponse response =
        streams.getRecords(request -> request.shardIterator(iterator).limit(limit));
    return new RecordsPage(response.records(), Optional.ofNullable(response.nextShardIterator()));
  }

  @Override
  public List<String> taggedTables(String ingestionKey, String envKey, String envValue) {
    List<String> arns = new ArrayList<>();
    String token = null;
    do {
      String page = token;
      GetResourcesResponse response =
          tagging.getResources(
              request -> {
                request
                    .resourceTypeFilters("dynamodb:table")
                    .tagFilters(
                        TagFilter.builder().key(ingestionKey).build(),
                        TagFilter.builder().key(envKey).values(envValue).build());
                if (page != null && !page.isEmpty()) {
                  request.paginationToken(page);
                }
              });
      response.resourceTagMappingList().stream()
          .map(ResourceTagMapping::resourceARN)
          .forEach(arns::add);
      token = response.paginationToken();
    } while (token != null && !token.isEmpty());
    return arns;
  }

  @Override
  public void close() {
    dynamo.close();
    streams.close();
    tagging.close();
    sts.ifPresent(StsClient::close);
  }
}
