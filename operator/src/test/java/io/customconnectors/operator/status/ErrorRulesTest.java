package io.customconnectors.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.status.ErrorRules.Target;

/** Each rule on errors connectors really reported (src/test/resources/errors/, see its README). */
class ErrorRulesTest {

  private static ErrorRules.Classified classify(String recorded, Target target) {
    return ErrorRules.classify(Traces.headline(ErrorReportTest.recorded(recorded)), target);
  }

  @Test
  void aBlockedStreamsEndpointNamesTheEntryToAllowOnConfluentCloudAndTheHostInCluster() {
    ErrorRules.Classified cloud = classify("network-streams-blocked", Target.CONFLUENT_CLOUD);
    assertThat(cloud.reason()).isEqualTo(Reason.NetworkUnreachable);
    assertThat(cloud.hint())
        .isEqualTo(
            "Add streams.dynamodb.us-east-2.amazonaws.com:443 to spec.networking.endpoints (or set"
                + " spec.networking.deriveAwsEndpoints)");
    assertThat(classify("network-streams-blocked", Target.KAFKA_CONNECT).hint())
        .isEqualTo(
            "Let the Connect workers open connections to"
                + " streams.dynamodb.us-east-2.amazonaws.com:443");
  }

  @Test
  void anAccessKeyAwsDoesNotKnowIsAnAuthenticationFailureOnTheKeyId() {
    ErrorRules.Classified classified = classify("aws-unknown-access-key", Target.KAFKA_CONNECT);
    assertThat(classified.reason()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(classified.hint()).contains("aws.access.key.id");
  }

  @Test
  void aSecretKeyOfAnotherKeyIdIsAnAuthenticationFailureOnTheSecret() {
    ErrorRules.Classified classified = classify("aws-wrong-secret", Target.KAFKA_CONNECT);
    assertThat(classified.reason()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(classified.hint()).startsWith("aws.secret.key does not belong to aws.access.key.id");
  }

  @Test
  void aMissingStreamPermissionNamesTheActionAndTheWholeStreamArn() {
    ErrorRules.Classified classified =
        classify("aws-permission-describe-stream", Target.KAFKA_CONNECT);
    assertThat(classified.reason()).isEqualTo(Reason.PermissionDenied);
    // The stream label holds a dot: the ARN must not end there.
    assertThat(classified.hint())
        .isEqualTo(
            "Grant dynamodb:DescribeStream on"
                + " arn:aws:dynamodb:us-east-2:123456789012:table/Tagged_for_samples/stream/"
                + "2026-12-01T13:25:39.584137 to the connector's IAM user or role (a policy on"
                + " arn:aws:dynamodb:us-east-2:123456789012:table/Tagged_for_samples/stream/*"
                + " goes on working when the stream is enabled again)");
  }

  @Test
  void aTableThatIsGoneIsNotFoundAndNamedWhereverTheConnectorNoticedIt() {
    String hint =
        "Create table Tagged_for_samples in aws.region, or fix dynamodb.tables.include or"
            + " aws.region in spec.config";
    for (String recorded :
        new String[] {"table-deleted-while-streaming", "listed-table-missing-at-start"}) {
      ErrorRules.Classified classified = classify(recorded, Target.KAFKA_CONNECT);
      assertThat(classified.reason()).as(recorded).isEqualTo(Reason.ResourceNotFound);
      assertThat(classified.hint()).as(recorded).isEqualTo(hint);
    }
    ErrorRules.Classified refused =
        classify("validation-listed-table-missing", Target.KAFKA_CONNECT);
    assertThat(refused.reason()).isEqualTo(Reason.ResourceNotFound);
    assertThat(refused.hint()).startsWith("Create table Missing_table in aws.region");
  }

  @Test
  void tagsThatMatchNoTableNameTheTagsInValidationAndInTheWorkerLog() {
    for (String recorded : new String[] {"validation-no-tagged-table", "no-tagged-table-warning"}) {
      ErrorRules.Classified classified = classify(recorded, Target.KAFKA_CONNECT);
      assertThat(classified.reason()).as(recorded).isEqualTo(Reason.ResourceNotFound);
      assertThat(classified.hint())
          .as(recorded)
          .startsWith(
              "Tag the tables to read in us-east-2 with datalake-ingest and environment=dev")
          .contains("dynamodb.table.ingestion.tag.key");
    }
  }

  @Test
  void confluentsInvalidKafkaKeyIsAnAuthenticationFailureOnKafkaAuth() {
    ErrorRules.Classified classified =
        classify("confluent-kafka-key-invalid", Target.CONFLUENT_CLOUD);
    assertThat(classified.reason()).isEqualTo(Reason.AuthenticationFailed);
    assertThat(classified.hint()).contains("spec.kafkaAuth");
  }

  @Test
  void anythingElseIsUnknownAndSaysWhereToLook() {
    ErrorRules.Classified classified =
        ErrorRules.classify("java.lang.NullPointerException", Target.KAFKA_CONNECT);
    assertThat(classified.reason()).isEqualTo(Reason.Unknown);
    assertThat(classified.hint()).contains("status.tasks");
  }
}
