package io.customconnectors.operator.backend.confluentcloud;

/**
 * One Confluent Cloud environment (and, for connectors, one Kafka cluster in it) as seen with one
 * Cloud API key.
 *
 * @param endpoint base URL of the management API, {@code https://api.confluent.cloud} unless a test
 *     points it at the emulator
 * @param kafkaCluster {@code lkc-...}, or null for plugin operations, which are per environment
 * @param metricsEndpoint base URL of the Metrics API; null for Confluent's own, or for {@code
 *     endpoint} where that is overridden
 */
public record ConfluentCloudConnection(
    String endpoint,
    String apiKey,
    String apiSecret,
    String environment,
    String kafkaCluster,
    String cloud,
    String metricsEndpoint) {

  public static final String DEFAULT_ENDPOINT = "https://api.confluent.cloud";
  public static final String DEFAULT_METRICS_ENDPOINT = "https://api.telemetry.confluent.cloud";

  public ConfluentCloudConnection(
      String endpoint,
      String apiKey,
      String apiSecret,
      String environment,
      String kafkaCluster,
      String cloud) {
    this(endpoint, apiKey, apiSecret, environment, kafkaCluster, cloud, null);
  }

  /** The same credentials and environment, without a cluster: what plugin operations need. */
  public ConfluentCloudConnection forEnvironment() {
    return new ConfluentCloudConnection(
        endpoint, apiKey, apiSecret, environment, null, cloud, metricsEndpoint);
  }

  /**
   * Where the Metrics API is read: the override, else the management API's override, else
   * Confluent's.
   */
  public String metricsBase() {
    if (metricsEndpoint != null && !metricsEndpoint.isBlank()) {
      return metricsEndpoint;
    }
    return endpoint == null || endpoint.isBlank() ? DEFAULT_METRICS_ENDPOINT : endpoint;
  }

  @Override
  public String toString() {
    // Never print the secret, e.g. when a connection is logged or used as a cache key's text.
    return "ConfluentCloudConnection["
        + endpoint
        + ", "
        + environment
        + (kafkaCluster == null ? "" : "/" + kafkaCluster)
        + ", key "
        + apiKey
        + "]";
  }
}
