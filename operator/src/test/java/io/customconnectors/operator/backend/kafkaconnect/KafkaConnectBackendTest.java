package io.customconnectors.operator.backend.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.retry.Backoff;

class KafkaConnectBackendTest {

  private final FakeKafkaConnect connect = new FakeKafkaConnect();
  private final List<Duration> waits = new ArrayList<>();
  private final Retrying retrying =
      new Retrying(
          4,
          new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
          Duration.ofSeconds(10),
          waits::add);
  private final KafkaConnectBackend backend =
      new KafkaConnectBackend(KafkaConnectConnection.plain(connect.url().toString()), retrying);

  @AfterEach
  void stop() {
    connect.close();
  }

  @Test
  void namesWithSpacesAreEncodedAndTheListIsOneExpandedCall() {
    backend.putConfig(
        "DynamoDB Custom connector", Map.of("connector.class", "X", "tasks.max", "2"));
    Map<String, RemoteConnector> all = backend.listConnectors();
    RemoteConnector connector = all.get("DynamoDB Custom connector");
    assertThat(connector.state()).isEqualTo("RUNNING");
    assertThat(connector.tasks()).hasSize(2);
    assertThat(connector.config())
        .containsEntry("tasks.max", "2")
        .containsEntry("name", "DynamoDB Custom connector");
    assertThat(connect.requests())
        .contains(
            "PUT /connectors/DynamoDB%20Custom%20connector/config",
            "GET /connectors?expand=status&expand=info");
    assertThat(backend.config("DynamoDB Custom connector")).isPresent();
    assertThat(backend.config("nobody")).isEqualTo(Optional.empty());
  }

  @Test
  void aRebalanceConflictIsRetriedWithBackoff() {
    connect.failNext(
        2,
        409,
        "{\"error_code\":409,\"message\":\"Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)\"}");
    backend.putConfig("orders", Map.of("connector.class", "X"));
    assertThat(connect.connectors()).containsKey("orders");
    assertThat(waits).hasSize(2);
    assertThat(waits.get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aRejectedConfigIsNotRetriedAndKeepsKafkaConnectsMessage() {
    connect.failNext(
        1,
        400,
        "{\"error_code\":400,\"message\":\"Connector configuration is invalid and contains the following 1 error(s):\\naws.region: Unknown AWS region\"}");
    assertThatThrownBy(() -> backend.putConfig("orders", Map.of("aws.secret.key", "s3cr3t-value")))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BackendException.Kind.REJECTED);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "PUT /connectors/orders/config answered 400: Connector configuration is invalid and contains the following 1 error(s):\naws.region: Unknown AWS region")
                  .doesNotContain("s3cr3t-value");
            });
    assertThat(waits).isEmpty();
  }

  @Test
  void aStartingWorkersBare404IsNotAMissingConnector() {
    backend.putConfig("orders", Map.of("connector.class", "X"));
    connect.failNext(10, 404, "<html>Not Found</html>");
    assertThatThrownBy(() -> backend.delete("orders"))
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.retriable()).isTrue();
              assertThat(e.getMessage()).contains("is not ready yet");
            });
    assertThat(connect.connectors()).containsKey("orders");
  }

  @Test
  void deletingAMissingConnectorIsNoError() {
    assertThat(backend.delete("never-was")).isFalse();
    backend.putConfig("orders", Map.of("connector.class", "X"));
    assertThat(backend.delete("orders")).isTrue();
  }

  @Test
  void anUnreachableWorkerIsRetriedThenReported() {
    KafkaConnectBackend nowhere =
        new KafkaConnectBackend(KafkaConnectConnection.plain("http://127.0.0.1:1"), retrying);
    assertThatThrownBy(nowhere::listConnectors)
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(BackendException.Kind.UNREACHABLE);
              assertThat(e.getMessage())
                  .startsWith("Cannot reach Kafka Connect at 127.0.0.1:1 (GET /connectors)");
            });
    assertThat(waits).hasSize(3);
  }

  @Test
  void basicAuthIsSentAndARefusalIsUnauthorized() {
    connect.requireBasicAuth("operator", "connect-password");
    KafkaConnectBackend authenticated =
        new KafkaConnectBackend(
            new KafkaConnectConnection(
                connect.url().toString(),
                Optional.of("operator"),
                Optional.of("connect-password"),
                Optional.empty(),
                false),
            retrying);
    assertThat(authenticated.plugins()).extracting(p -> p.version()).containsExactly("0.1.0");
    assertThatThrownBy(backend::plugins)
        .isInstanceOfSatisfying(
            BackendException.class,
            e -> assertThat(e.kind()).isEqualTo(BackendException.Kind.UNAUTHORIZED));
    assertThat(
            new KafkaConnectConnection(
                    connect.url().toString(),
                    Optional.of("operator"),
                    Optional.of("connect-password"),
                    Optional.empty(),
                    false)
                .toString())
        .doesNotContain("connect-password");
  }

  @Test
  void stateChangesAndRestartsUseTheirEndpoints() {
    backend.putConfig("orders", Map.of("connector.class", "X"));
    backend.pause("orders");
    backend.stop("orders");
    backend.resume("orders");
    backend.restart("orders", true);
    assertThat(connect.requests())
        .contains(
            "PUT /connectors/orders/pause",
            "PUT /connectors/orders/stop",
            "PUT /connectors/orders/resume",
            "POST /connectors/orders/restart?includeTasks=true&onlyFailed=true");
  }

  @Test
  void aConnectorMeantToBePausedIsCreatedPaused() {
    assertThat(backend.create("orders", Map.of("connector.class", "X"), ConnectorState.PAUSED))
        .isTrue();
    assertThat(backend.listConnectors().get("orders").state()).isEqualTo("PAUSED");
    assertThat(connect.requests())
        .contains("POST /connectors")
        .doesNotContain("PUT /connectors/orders/pause");

    // Created meanwhile by someone else: the config is PUT and the caller sets the state itself.
    assertThat(backend.create("orders", Map.of("connector.class", "Y"), ConnectorState.STOPPED))
        .isFalse();
    assertThat(connect.connectors().get("orders")).containsEntry("connector.class", "Y");
  }
}
