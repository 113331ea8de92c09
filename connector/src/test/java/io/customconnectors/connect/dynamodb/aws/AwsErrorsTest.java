package io.customconnectors.connect.dynamodb.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.AwsSettings;
import io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

  private final AwsSettings settings =
      new DynamoDbSourceConfig(Map.of(AwsSettings.REGION, "us-east-2")).aws();

  private static AwsServiceException service(int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }

  @Test
  void unknownAccessKeyBlamesTheKeyId() {
    AwsServiceException error =
        service(
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.");

    assertThat(AwsErrors.kind(error)).isEqualTo(AwsErrors.Kind.PERMANENT);
    assertThat(AwsErrors.blamedKey(error)).contains(AwsSettings.ACCESS_KEY_ID);
    assertThat(
            AwsErrors.explain(
                error, "scanning table T", settings, "dynamodb.us-east-2.amazonaws.com"))
        .startsWith(
            "AWS rejected the credentials while scanning table T (UnrecognizedClientException")
        .contains("check aws.access.key.id");
  }

  @Test
  void wrongSecretBlamesTheSecretKey() {
    AwsServiceException error = service(400, "InvalidSignatureException", "signature mismatch");

    assertThat(AwsErrors.blamedKey(error)).contains(AwsSettings.SECRET_KEY);
    assertThat(
            AwsErrors.explain(error, "listing tags", settings, "tagging.us-east-2.amazonaws.com"))
        .contains("aws.secret.key does not belong to aws.access.key.id");
  }

  @Test
  void missingPermissionQuotesAwsAndSaysToGrantIt() {
    AwsServiceException error =
        service(
            400,
            "AccessDeniedException",
            "User: arn:aws:iam::1:user/c is not authorized to perform: tag:GetResources");

    assertThat(
            AwsErrors.explain(
                error, "discovering tables", settings, "tagging.us-east-2.amazonaws.com"))
        .contains("not authorized to perform: tag:GetResources")
        .endsWith("Grant that action to the connector's IAM user or role.");
  }

  @Test
  void throttlingAndServerErrorsAreWorthWaitingFor() {
    assertThat(AwsErrors.kind(service(400, "ProvisionedThroughputExceededException", "slow down")))
        .isEqualTo(AwsErrors.Kind.THROTTLED);
    assertThat(AwsErrors.kind(service(500, "InternalServerError", "oops")))
        .isEqualTo(AwsErrors.Kind.TRANSIENT);
  }

  @Test
  void blockedEgressNamesTheEndpointToAllow() {
    SdkClientException error =
        SdkClientException.builder()
            .message("Unable to execute HTTP request: dynamodb.us-east-2.amazonaws.com")
            .cause(new UnknownHostException("dynamodb.us-east-2.amazonaws.com"))
            .build();

    assertThat(AwsErrors.kind(error)).isEqualTo(AwsErrors.Kind.TRANSIENT);
    assertThat(
            AwsErrors.explain(
                error, "scanning table T", settings, "dynamodb.us-east-2.amazonaws.com"))
        .startsWith("Cannot reach dynamodb.us-east-2.amazonaws.com while scanning table T")
        .contains("add it to the connector's networking endpoints");
  }

  @Test
  void hostIsTheOverrideOrTheRegionalEndpoint() {
    assertThat(AwsErrors.host(Optional.empty(), "streams.dynamodb", "eu-west-1"))
        .isEqualTo("streams.dynamodb.eu-west-1.amazonaws.com");
    assertThat(
            AwsErrors.host(
                Optional.of(URI.create("http://127.0.0.1:5000")), "tagging", "eu-west-1"))
        .isEqualTo("127.0.0.1");
  }
}
