package io.customconnectors.operator.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.customconnectors.operator.api.v1alpha1.Target;

import okhttp3.HttpUrl;

/**
 * Where the operator may send a target's credentials and a connector's Secrets. Whoever may create
 * a CustomConnector or a ConnectorPlugin chooses its target's URL; without this list they could
 * have the operator send the Cloud API key, a Connect password or {@code configFrom} values to a
 * host of their choosing. Confluent Cloud endpoints default to Confluent's own; Kafka Connect URLs
 * default to any, since in-cluster workers have no fixed names.
 *
 * <p>Each entry is {@code scheme://host[:port]}, where the host may hold {@code *} (any run of
 * characters) and a missing port allows any; {@code *} alone allows everything.
 */
public record AllowedTargets(List<String> confluentCloud, List<String> kafkaConnect) {

  /** Confluent's management API, its Metrics (telemetry) API and its connector log search API. */
  public static final String CONFLUENT_CLOUD_DEFAULT =
      "https://api.confluent.cloud,https://api.telemetry.confluent.cloud,"
          + "https://api.logging.confluent.cloud";

  public static final String ANY = "*";

  public static final String CONFLUENT_CLOUD_SETTING = "ALLOWED_CONFLUENT_CLOUD_ENDPOINTS";
  public static final String KAFKA_CONNECT_SETTING = "ALLOWED_KAFKA_CONNECT_URLS";

  public AllowedTargets {
    confluentCloud = List.copyOf(confluentCloud);
    kafkaConnect = List.copyOf(kafkaConnect);
    for (String entry : concat(confluentCloud, kafkaConnect)) {
      if (!entry.equals(ANY) && HttpUrl.parse(entry.replace("*", "x")) == null) {
        throw new IllegalArgumentException(
            "'"
                + entry
                + "' in "
                + (confluentCloud.contains(entry) ? CONFLUENT_CLOUD_SETTING : KAFKA_CONNECT_SETTING)
                + " is not scheme://host[:port] (the host may hold *), nor *");
      }
    }
  }

  /** Everything allowed: for tests whose targets are local stand-ins. */
  public static AllowedTargets anything() {
    return new AllowedTargets(List.of(ANY), List.of(ANY));
  }

  /** From the two settings' comma-separated values; blank means the default. */
  public static AllowedTargets parse(String confluentCloud, String kafkaConnect) {
    return new AllowedTargets(
        split(
            confluentCloud == null || confluentCloud.isBlank()
                ? CONFLUENT_CLOUD_DEFAULT
                : confluentCloud),
        split(kafkaConnect == null || kafkaConnect.isBlank() ? ANY : kafkaConnect));
  }

  /** Why the target may not be used, naming the setting to change; empty when it may. */
  public Optional<String> refusal(Target target) {
    if (target == null) {
      return Optional.empty();
    }
    if (target.getConfluentCloud() != null) {
      String endpoint = target.getConfluentCloud().getEndpoint();
      String url =
          endpoint == null || endpoint.isBlank() ? "https://api.confluent.cloud" : endpoint;
      return refusal(
              url, confluentCloud, "spec.target.confluentCloud.endpoint", CONFLUENT_CLOUD_SETTING)
          .or(
              () ->
                  refusal(
                      target.getConfluentCloud().getMetricsEndpoint(),
                      confluentCloud,
                      "spec.target.confluentCloud.metricsEndpoint",
                      CONFLUENT_CLOUD_SETTING));
    }
    if (target.getKafkaConnect() != null) {
      return refusal(
              target.getKafkaConnect().getUrl(),
              kafkaConnect,
              "spec.target.kafkaConnect.url",
              KAFKA_CONNECT_SETTING)
          .or(
              () ->
                  refusal(
                      target.getKafkaConnect().getMetricsUrl(),
                      kafkaConnect,
                      "spec.target.kafkaConnect.metricsUrl",
                      KAFKA_CONNECT_SETTING));
    }
    return Optional.empty();
  }

  /**
   * Why a Confluent Cloud URL named by {@code field} may not be sent credentials, if it may not.
   */
  public Optional<String> confluentCloudRefusal(String url, String field) {
    return refusal(url, confluentCloud, field, CONFLUENT_CLOUD_SETTING);
  }

  private static Optional<String> refusal(
      String url, List<String> allowed, String field, String setting) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null || allowed.stream().anyMatch(entry -> matches(entry, parsed))) {
      // An unusable URL is the client's to refuse, with its own message.
      return Optional.empty();
    }
    return Optional.of(
        field
            + " "
            + parsed.scheme()
            + "://"
            + parsed.host()
            + ":"
            + parsed.port()
            + " is not a target this operator may send credentials to ("
            + setting
            + " allows "
            + String.join(", ", allowed)
            + "): use one of those, or ask the operator's administrators to allow it");
  }

  static boolean matches(String entry, HttpUrl url) {
    if (entry.equals(ANY)) {
      return true;
    }
    int schemeEnd = entry.indexOf("://");
    String scheme = entry.substring(0, schemeEnd);
    String rest = entry.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    String port = colon < 0 ? null : authority.substring(colon + 1);
    Pattern hostPattern =
        Pattern.compile(
            Arrays.stream(host.split("\\*", -1))
                .map(Pattern::quote)
                .reduce((a, b) -> a + ".*" + b)
                .orElse(""),
            Pattern.CASE_INSENSITIVE);
    return scheme.equalsIgnoreCase(url.scheme())
        && hostPattern.matcher(url.host()).matches()
        && (port == null || port.equals(Integer.toString(url.port())));
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
