package io.customconnectors.connect.dynamodb.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How the connector reaches AWS: region, credentials (static keys, the default provider chain, or
 * an assumed role) and endpoint overrides.
 */
public record AwsSettings(
    String region,
    Optional<Password> accessKeyId,
    Optional<Password> secretKey,
    Optional<Password> sessionToken,
    Optional<String> assumeRoleArn,
    String assumeRoleSessionName,
    Optional<Password> assumeRoleExternalId,
    Optional<URI> dynamoDbEndpoint,
    Optional<URI> streamsEndpoint,
    Optional<URI> taggingEndpoint,
    Optional<URI> stsEndpoint,
    Duration apiCallTimeout,
    int maxRetries,
    Duration transientErrorTimeout) {

  public static final String GROUP = "AWS";

  public static final String REGION = "aws.region";
  public static final String ACCESS_KEY_ID = "aws.access.key.id";
  public static final String SECRET_KEY = "aws.secret.key";
  public static final String SESSION_TOKEN = "aws.session.token";
  public static final String ASSUME_ROLE_ARN = "aws.assume.role.arn";
  public static final String ASSUME_ROLE_SESSION_NAME = "aws.assume.role.session.name";
  public static final String ASSUME_ROLE_EXTERNAL_ID = "aws.assume.role.external.id";
  public static final String DYNAMODB_ENDPOINT = "dynamodb.service.endpoint";
  public static final String STREAMS_ENDPOINT = "dynamodb.streams.service.endpoint";
  public static final String TAGGING_ENDPOINT = "resource.tagging.service.endpoint";
  public static final String STS_ENDPOINT = "aws.sts.endpoint";
  public static final String API_CALL_TIMEOUT_MS = "aws.api.call.timeout.ms";
  public static final String MAX_RETRIES = "aws.max.retries";
  public static final String TRANSIENT_ERROR_TIMEOUT_MS = "aws.transient.error.timeout.ms";

  static void define(ConfigDef def) {
    int order = 0;
    def.define(
            REGION,
            Type.STRING,
            "eu-west-1",
            new RegionFormat(),
            Importance.HIGH,
            "AWS region of the tables, e.g. us-east-2.",
            GROUP,
            ++order,
            Width.SHORT,
            "Region")
        .define(
            ACCESS_KEY_ID,
            Type.PASSWORD,
            "",
            Importance.HIGH,
            "Access key id of static credentials. Empty: the default AWS credential provider chain"
                + " (environment, web identity, container or instance profile).",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Access key id")
        .define(
            SECRET_KEY,
            Type.PASSWORD,
            "",
            Importance.HIGH,
            "Secret access key belonging to aws.access.key.id.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Secret access key")
        .define(
            SESSION_TOKEN,
            Type.PASSWORD,
            "",
            Importance.LOW,
            "Session token, for temporary static credentials.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Session token")
        .define(
            ASSUME_ROLE_ARN,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "IAM role to assume (with the credentials above or the default chain), e.g."
                + " arn:aws:iam::123456789012:role/dynamodb-reader. Needs the STS endpoint to be"
                + " reachable.",
            GROUP,
            ++order,
            Width.LONG,
            "Role to assume")
        .define(
            ASSUME_ROLE_SESSION_NAME,
            Type.STRING,
            "kafka-connect-dynamodb",
            Importance.LOW,
            "Session name when assuming aws.assume.role.arn.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Role session name")
        .define(
            ASSUME_ROLE_EXTERNAL_ID,
            Type.PASSWORD,
            "",
            Importance.LOW,
            "External id the role's trust policy requires, if any.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Role external id")
        .define(
            DYNAMODB_ENDPOINT,
            Type.STRING,
            "",
            new UrlOrEmpty(),
            Importance.LOW,
            "Override of the DynamoDB endpoint, e.g. http://localhost:8000 for an emulator. When set,"
                + " the Streams and Tagging endpoints default to it too.",
            GROUP,
            ++order,
            Width.LONG,
            "DynamoDB endpoint")
        .define(
            STREAMS_ENDPOINT,
            Type.STRING,
            "",
            new UrlOrEmpty(),
            Importance.LOW,
            "Override of the DynamoDB Streams endpoint.",
            GROUP,
            ++order,
            Width.LONG,
            "DynamoDB Streams endpoint")
        .define(
            TAGGING_ENDPOINT,
            Type.STRING,
            "",
            new UrlOrEmpty(),
            Importance.LOW,
            "Override of the Resource Groups Tagging API endpoint.",
            GROUP,
            ++order,
            Width.LONG,
            "Tagging endpoint")
        .define(
            STS_ENDPOINT,
            Type.STRING,
            "",
            new UrlOrEmpty(),
            Importance.LOW,
            "Override of the STS endpoint used to assume a role.",
            GROUP,
            ++order,
            Width.LONG,
            "STS endpoint")
        .define(
            API_CALL_TIMEOUT_MS,
            Type.LONG,
            30_000L,
            ConfigDef.Range.atLeast(1_000),
            Importance.LOW,
            "Time limit of one AWS API call including the SDK's retries, in milliseconds.",
            GROUP,
            ++order,
            Width.SHORT,
            "API call timeout")
        .define(
            MAX_RETRIES,
            Type.INT,
            5,
            ConfigDef.Range.between(0, 100),
            Importance.LOW,
            "Retries the AWS SDK makes for throttling and transient errors before the connector's"
                + " own backoff takes over.",
            GROUP,
            ++order,
            Width.SHORT,
            "SDK retries")
        .define(
            TRANSIENT_ERROR_TIMEOUT_MS,
            Type.LONG,
            120_000L,
            ConfigDef.Range.atLeast(1_000),
            Importance.LOW,
            "How long a task keeps retrying AWS calls that fail for a passing reason (network"
                + " unreachable, connection reset, 5xx) before the task fails with the cause."
                + " Throttling is retried without limit.",
            GROUP,
            ++order,
            Width.SHORT,
            "Transient error timeout");
  }

  static AwsSettings from(AbstractConfig config) {
    Optional<URI> dynamo = url(config, DYNAMODB_ENDPOINT);
    return new AwsSettings(
        config.getString(REGION).trim(),
        password(config, ACCESS_KEY_ID),
        password(config, SECRET_KEY),
        password(config, SESSION_TOKEN),
        text(config, ASSUME_ROLE_ARN),
        config.getString(ASSUME_ROLE_SESSION_NAME),
        password(config, ASSUME_ROLE_EXTERNAL_ID),
        dynamo,
        url(config, STREAMS_ENDPOINT).or(() -> dynamo),
        url(config, TAGGING_ENDPOINT).or(() -> dynamo),
        url(config, STS_ENDPOINT),
        Duration.ofMillis(config.getLong(API_CALL_TIMEOUT_MS)),
        config.getInt(MAX_RETRIES),
        Duration.ofMillis(config.getLong(TRANSIENT_ERROR_TIMEOUT_MS)));
  }

  /** The same settings with another call timeout and retry count (validation answers quickly). */
  public AwsSettings withCallLimits(Duration timeout, int retries) {
    return new AwsSettings(
        region,
        accessKeyId,
        secretKey,
        sessionToken,
        assumeRoleArn,
        assumeRoleSessionName,
        assumeRoleExternalId,
        dynamoDbEndpoint,
        streamsEndpoint,
        taggingEndpoint,
        stsEndpoint,
        timeout,
        retries,
        transientErrorTimeout);
  }

  /** Whether static credentials are configured (else the default provider chain is used). */
  public boolean hasStaticCredentials() {
    return accessKeyId.isPresent();
  }

  private static Optional<Password> password(AbstractConfig config, String key) {
    Password value = config.getPassword(key);
    return value == null || value.value().isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> text(AbstractConfig config, String key) {
    String value = config.getString(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static Optional<URI> url(AbstractConfig config, String key) {
    return text(config, key).map(URI::create);
  }

  /** Region names as AWS writes them; whether AWS knows the region is checked by validate(). */
  static final class RegionFormat implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String region = value == null ? "" : value.toString().trim();
      if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
        throw new ConfigException(
            name, value, "must be an AWS region such as us-east-1 or eu-west-1");
      }
    }

    @Override
    public String toString() {
      return "an AWS region, e.g. us-east-1";
    }
  }

  static final class UrlOrEmpty implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String text = value == null ? "" : value.toString().trim();
      if (text.isEmpty()) {
        return;
      }
      try {
        URI uri = URI.create(text);
        if (uri.getScheme() == null
            || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
            || uri.getHost() == null) {
          throw new ConfigException(name, value, "must be an http(s) URL such as https://host:443");
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, "must be an http(s) URL such as https://host:443");
      }
    }

    @Override
    public String toString() {
      return "an http(s) URL, or empty";
    }
  }
}
