package io.customconnectors.operator.backend.kafkaconnect;

import java.util.Optional;

/**
 * How to reach one Kafka Connect REST endpoint: its URL, optional Basic auth, and TLS trust (extra
 * CA certificates in PEM, or no verification at all for a test cluster).
 */
public record KafkaConnectConnection(
    String url,
    Optional<String> username,
    Optional<String> password,
    Optional<String> caCertificatesPem,
    boolean insecureSkipVerify) {

  public static KafkaConnectConnection plain(String url) {
    return new KafkaConnectConnection(
        url, Optional.empty(), Optional.empty(), Optional.empty(), false);
  }

  @Override
  public String toString() {
    // Never print the password, e.g. when a connection is logged or used as a cache key's text.
    return "KafkaConnectConnection[" + url + (username.isPresent() ? ", basic auth" : "") + "]";
  }
}
