package io.customconnectors.operator.backend.kafkaconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.retry.Backoff;

class KafkaConnectTlsTest {

  private static final Retrying ONCE =
      new Retrying(
          1, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ZERO, d -> {});

  @Test
  void aWorkerWithAPrivateCaIsTrustedOnlyWithThatCa(@TempDir Path dir) throws Exception {
    SelfSignedCertificate certificate = new SelfSignedCertificate(dir);
    try (FakeKafkaConnect connect = new FakeKafkaConnect(certificate.serverContext)) {
      String url = connect.url().toString();
      assertThat(url).startsWith("https://");

      KafkaConnectBackend defaultTrust =
          new KafkaConnectBackend(KafkaConnectConnection.plain(url), ONCE);
      assertThatThrownBy(defaultTrust::plugins)
          .isInstanceOfSatisfying(
              BackendException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(BackendException.Kind.UNREACHABLE);
                assertThat(e.getMessage()).contains("Cannot reach Kafka Connect at 127.0.0.1");
              });

      KafkaConnectBackend withCa =
          new KafkaConnectBackend(
              new KafkaConnectConnection(
                  url, Optional.empty(), Optional.empty(), Optional.of(certificate.pem), false),
              ONCE);
      assertThat(withCa.plugins()).isNotEmpty();

      KafkaConnectBackend insecure =
          new KafkaConnectBackend(
              new KafkaConnectConnection(
                  url, Optional.empty(), Optional.empty(), Optional.empty(), true),
              ONCE);
      assertThat(insecure.plugins()).isNotEmpty();
    }
  }

  @Test
  void aCaSecretWithoutACertificateIsAClearError() {
    assertThatThrownBy(
            () ->
                new KafkaConnectBackend(
                    new KafkaConnectConnection(
                        "https://127.0.0.1:1",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("not a certificate"),
                        false),
                    ONCE))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("Cannot set up TLS for https://127.0.0.1:1");
  }
}
