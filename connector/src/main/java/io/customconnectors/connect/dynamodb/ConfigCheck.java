package io.customconnectors.connect.dynamodb;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import io.customconnectors.connect.dynamodb.aws.AwsApis;
import io.customconnectors.connect.dynamodb.aws.AwsErrors;
import io.customconnectors.connect.dynamodb.config.AwsSettings;
import io.customconnectors.connect.dynamodb.config.DiscoverySettings;
import io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig;
import io.customconnectors.connect.dynamodb.discovery.TableDiscovery;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * The checks behind {@code Connector.validate()} that need AWS: is the region real, do the
 * credentials work, are there tables, do they have streams, are the permissions there. Each problem
 * is reported on the config key a user has to change, which is what Connect's validate endpoint
 * (and the Confluent console) show next to that field.
 */
final class ConfigCheck {

  /**
   * Validation must answer within Connect's REST timeout, so AWS gets less time than at runtime.
   */
  private static final Duration VALIDATION_CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, String> props;
  private final Config result;
  private final Map<String, ConfigValue> values;
  private final AwsFactory factory;

  /** Opens the AWS APIs; tests pass one that talks to moto. */
  interface AwsFactory {
    AwsApis connect(AwsSettings settings);
  }

  ConfigCheck(Map<String, String> props, Config result) {
    this(props, result, AwsApis::connect);
  }

  ConfigCheck(Map<String, String> props, Config result, AwsFactory factory) {
    this.props = props;
    this.result = result;
    this.values = new HashMap<>();
    result.configValues().forEach(value -> values.put(value.name(), value));
    this.factory = factory;
  }

  Config withAwsChecks() {
    if (result.configValues().stream().anyMatch(value -> !value.errorMessages().isEmpty())) {
      return result; // fix the basic errors first; AWS checks would only repeat them
    }
    DynamoDbSourceConfig config;
    try {
      config = new DynamoDbSourceConfig(props);
    } catch (ConfigException e) {
      return result; // cannot happen once ConfigDef validation passed; nothing more to check
    }
    AwsSettings aws = config.aws();
    if (aws.dynamoDbEndpoint().isEmpty() && !Region.regions().contains(Region.of(aws.region()))) {
      error(
          AwsSettings.REGION,
          "Unknown AWS region '"
              + aws.region()
              + "'. Use one of "
              + Region.regions().stream()
                  .map(Region::id)
                  .filter(id -> id.matches("[a-z]{2}-[a-z]+-\\d"))
                  .sorted()
                  .collect(Collectors.joining(", ")));
      return result;
    }
    if (aws.accessKeyId().isPresent() != aws.secretKey().isPresent()) {
      error(
          aws.accessKeyId().isPresent() ? AwsSettings.SECRET_KEY : AwsSettings.ACCESS_KEY_ID,
          "Set both aws.access.key.id and aws.secret.key, or neither to use the default AWS"
              + " credential chain");
      return result;
    }
    AwsSettings quick = aws.withCallLimits(VALIDATION_CALL_TIMEOUT, 1);
    DiscoverySettings discovery = config.discovery();
    try (AwsApis apis = factory.connect(quick)) {
      TableDiscovery.Result found =
          new TableDiscovery(discovery, config.snapshot().mode(), apis, apis).discover();
      String tablesKey =
          discovery.listed() ? keyListing(discovery) : DiscoverySettings.INGESTION_TAG_KEY;
      found.problems().forEach(problem -> error(tablesKey, problem));
      if (found.tables().isEmpty() && found.problems().isEmpty()) {
        error(
            tablesKey,
            "No DynamoDB table in "
                + aws.region()
                + " carries tag '"
                + discovery.ingestionTagKey()
                + "' and "
                + discovery.envTagKey()
                + "="
                + discovery.envTagValue()
                + ": tag a table (as the walkthrough's table is) or list tables in "
                + DiscoverySettings.INCLUDE);
      }
    } catch (SdkException e) {
      String host =
          AwsErrors.host(
              discovery.listed() ? aws.dynamoDbEndpoint() : aws.taggingEndpoint(),
              discovery.listed() ? "dynamodb" : "tagging",
              aws.region());
      String message = AwsErrors.explain(e, "checking the tables", aws, host);
      error(AwsErrors.blamedKey(e).orElse(keyFor(e, discovery, aws)), message);
    }
    return result;
  }

  /** Where an AWS failure without a credential key to blame belongs. */
  private static String keyFor(SdkException e, DiscoverySettings discovery, AwsSettings aws) {
    if (e instanceof AwsServiceException) {
      return discovery.listed() ? DiscoverySettings.INCLUDE : DiscoverySettings.INGESTION_TAG_KEY;
    }
    return aws.dynamoDbEndpoint().isPresent() ? AwsSettings.DYNAMODB_ENDPOINT : AwsSettings.REGION;
  }

  private String keyListing(DiscoverySettings discovery) {
    String include = props.getOrDefault(DiscoverySettings.INCLUDE, "");
    return include.isBlank() ? DiscoverySettings.WHITELIST : DiscoverySettings.INCLUDE;
  }

  private void error(String key, String message) {
    ConfigValue value = values.get(key);
    if (value != null) {
      value.addErrorMessage(message);
    }
  }
}
