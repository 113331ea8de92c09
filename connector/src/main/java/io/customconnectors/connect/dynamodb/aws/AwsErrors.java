package io.customconnectors.connect.dynamodb.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;
import java.util.Set;

import io.customconnectors.connect.dynamodb.config.AwsSettings;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS failures into what a user can act on: whether waiting helps, which config key is wrong,
 * and a message that says what to fix. These messages become task traces and validation errors,
 * which the operator shows in a CustomConnector's status.
 */
public final class AwsErrors {

  private static final Set<String> THROTTLING =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "ProvisionedThroughputExceededException",
          "LimitExceededException",
          "RequestLimitExceeded",
          "TooManyRequestsException");
  private static final Set<String> UNKNOWN_KEY =
      Set.of("UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId");
  private static final Set<String> BAD_SIGNATURE =
      Set.of("InvalidSignatureException", "SignatureDoesNotMatch");
  private static final Set<String> EXPIRED = Set.of("ExpiredTokenException", "ExpiredToken");
  private static final Set<String> DENIED =
      Set.of("AccessDeniedException", "AccessDenied", "UnauthorizedOperation");

  /** How a failure should be handled. */
  public enum Kind {
    /** Too many requests: back off and retry, for as long as it takes. */
    THROTTLED,
    /** Network trouble or a server error: retry for a while, then give up with the message. */
    TRANSIENT,
    /** Waiting will not help: a user has to change credentials, permissions or config. */
    PERMANENT
  }

  private AwsErrors() {}

  public static Kind kind(SdkException error) {
    if (error instanceof AwsServiceException service) {
      String code = code(service);
      if (THROTTLING.contains(code) || service.isThrottlingException()) {
        return Kind.THROTTLED;
      }
      if (service.statusCode() >= 500) {
        return Kind.TRANSIENT;
      }
      return Kind.PERMANENT;
    }
    return error.retryable() || isNetwork(error) || error instanceof ApiCallTimeoutException
        ? Kind.TRANSIENT
        : Kind.PERMANENT;
  }

  /** The config key whose value caused the failure, when one did. */
  public static Optional<String> blamedKey(SdkException error) {
    if (noCredentials(error)) {
      return Optional.of(AwsSettings.ACCESS_KEY_ID);
    }
    if (error instanceof AwsServiceException service) {
      String code = code(service);
      if (UNKNOWN_KEY.contains(code)) {
        return Optional.of(AwsSettings.ACCESS_KEY_ID);
      }
      if (BAD_SIGNATURE.contains(code)) {
        return Optional.of(AwsSettings.SECRET_KEY);
      }
      if (EXPIRED.contains(code)) {
        return Optional.of(AwsSettings.SESSION_TOKEN);
      }
    }
    return Optional.empty();
  }

  /**
   * What went wrong while doing {@code action} (e.g. "scanning table Orders"), and what to change.
   * Never contains credentials.
   */
  public static String explain(
      SdkException error, String action, AwsSettings settings, String host) {
    if (error instanceof AwsServiceException service) {
      String code = code(service);
      String aws =
          service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorMessage();
      if (UNKNOWN_KEY.contains(code)) {
        return "AWS rejected the credentials while "
            + action
            + " ("
            + code
            + ": "
            + aws
            + "). The access key id is unknown to AWS: check "
            + AwsSettings.ACCESS_KEY_ID
            + " (a deleted or mistyped key, or a key of another AWS partition).";
      }
      if (BAD_SIGNATURE.contains(code)) {
        return "AWS rejected the request signature while "
            + action
            + " ("
            + code
            + "). "
            + AwsSettings.SECRET_KEY
            + " does not belong to "
            + AwsSettings.ACCESS_KEY_ID
            + ": set the secret access key that was issued with that key id.";
      }
      if (EXPIRED.contains(code)) {
        return "The AWS session token expired while "
            + action
            + " ("
            + code
            + "): refresh "
            + AwsSettings.SESSION_TOKEN
            + " or use long-lived credentials or a role.";
      }
      if (DENIED.contains(code)) {
        return "Missing AWS permission while "
            + action
            + " ("
            + code
            + ": "
            + aws
            + "). Grant that action to the connector's IAM user or role.";
      }
      if ("ResourceNotFoundException".equals(code)) {
        return "Not found in "
            + settings.region()
            + " while "
            + action
            + " ("
            + code
            + ": "
            + aws
            + "). Check the table name and "
            + AwsSettings.REGION
            + ".";
      }
      if (THROTTLING.contains(code)) {
        return "DynamoDB throttled the connector while "
            + action
            + " ("
            + code
            + "): raise the table's capacity or lower "
            + "snapshot.scan.segments.";
      }
      return "AWS answered " + service.statusCode() + " " + code + " while " + action + ": " + aws;
    }
    if (noCredentials(error)) {
      return "No AWS credentials while "
          + action
          + ": set "
          + AwsSettings.ACCESS_KEY_ID
          + " and "
          + AwsSettings.SECRET_KEY
          + ", or give the worker credentials through the default AWS chain (environment"
          + " variables, web identity, container or instance profile).";
    }
    if (isNetwork(error) || error instanceof ApiCallTimeoutException) {
      return "Cannot reach "
          + host
          + " while "
          + action
          + " ("
          + rootCause(error)
          + "). Check that the connector may open connections to "
          + host
          + ":443 (on Confluent Cloud: add it to the connector's networking endpoints) and that "
          + AwsSettings.REGION
          + " is right.";
    }
    return "AWS SDK error while " + action + ": " + error.getMessage();
  }

  /** Host name of the DynamoDB, Streams or Tagging endpoint for messages. */
  public static String host(Optional<URI> override, String service, String region) {
    return override.map(URI::getHost).orElse(service + "." + region + ".amazonaws.com");
  }

  private static String code(AwsServiceException service) {
    return service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null
        ? ""
        : service.awsErrorDetails().errorCode();
  }

  private static boolean noCredentials(SdkException error) {
    return error instanceof SdkClientException
        && error.getMessage() != null
        && error.getMessage().startsWith("Unable to load credentials");
  }

  private static boolean isNetwork(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException
          || cause instanceof HttpConnectTimeoutException
          || (cause instanceof SdkClientException
              && cause.getMessage() != null
              && cause.getMessage().contains("Unable to execute HTTP request"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
