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
