package io.customconnectors.operator.backend.kafkaconnect;

import java.util.Optional;

/**
 * How to reach one Kafka Connect REST endpoint: its URL, optional Basic auth, TLS trust (extra CA
 * certificates in PEM, or no verification at all for a test cluster), and where the workers serve
 * Prometheus metrics, if anywhere.
 */
public record KafkaConnectConnection(
    String url,
    Optional<String> username,
    Optional<String> password,
    Optional<String> caCertificatesPem,
    boolean insecureSkipVerify,
    Optional<String> metricsUrl) {

  public KafkaConnectConnection(
      String url,
      Optional<String> username,
      Optional<String> password,
      Optional<String> caCertificatesPem,
      boolean insecureSkipVerify) {
    this(url, username, password, caCertificatesPem, insecureSkipVerify, Optional.empty());
  }

  public static KafkaConnectConnection plain(String url) {
    return new KafkaConnectConnection(
        url, Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  @Override
  public String toString() {
    // Never print the password, e.g. when a connection is logged or used as a cache key's text.
    return "KafkaConnectConnection["
        + url
        + (username.isPresent() ? ", basic auth" : "")
        + metricsUrl.map(metrics -> ", metrics " + metrics).orElse("")
        + "]";
  }
}
