package io.customconnectors.operator.export;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;

/** The command line and the environment's credentials, checked, as {@link ExportOptions}. */
final class ExportArguments {

  static final String USAGE =
      """
      Usage: ExportMain (--kafka-connect URL | --confluent-cloud --environment env-ID --cluster lkc-ID)
                        --out DIR [--namespace NS] [--connector NAME]...
        Writes a CustomConnector per connector (and on Confluent Cloud a ConnectorPlugin per custom
        plugin) that adopts it, with each secret as a Secret template to fill in; never a secret value.
      Kafka Connect:
        --kafka-connect URL         the Connect REST API to read (Basic auth from KAFKA_CONNECT_USERNAME
                                    and KAFKA_CONNECT_PASSWORD, if set)
        --target-url URL            the URL the manifests name, when the operator reaches the workers
                                    elsewhere (default: --kafka-connect)
        --basic-auth-secret NAME    the Secret in the namespace with the REST API's username/password
      Confluent Cloud (Cloud API key from CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET):
        --confluent-cloud --environment env-ID --cluster lkc-ID
        --cloud AWS|GCP|AZURE       default: what Confluent reports for the connectors
        --cloud-api-key-secret NAME the Secret in the namespace with a Cloud API key (key/secret);
                                    default: confluent-cloud-api-key
        --endpoint URL              instead of https://api.confluent.cloud (e.g. the emulator)
      Both:
        --out DIR                   where to write <name>.yaml files (created if missing)
        --namespace NS              the manifests' namespace (default: none, kubectl -n decides)
        --connector NAME            export only this connector (repeatable)
      Exit codes: 0 written, 1 reading or writing failed, 2 wrong arguments.
      """;

  /** Arguments that make no export; the message says which and why. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private ExportArguments() {}

  static ExportOptions parse(String[] args, Map<String, String> env) throws UsageException {
    Map<String, String> values = new java.util.HashMap<>();
    Set<String> only = new LinkedHashSet<>();
    boolean cloud = false;
    Deque<String> queue = new ArrayDeque<>(java.util.List.of(args));
    while (!queue.isEmpty()) {
      String option = queue.pop();
      switch (option) {
        case "--confluent-cloud" -> cloud = true;
        case "--connector" -> only.add(value(option, queue));
        case "--kafka-connect",
            "--target-url",
            "--basic-auth-secret",
            "--environment",
            "--cluster",
            "--cloud",
            "--cloud-api-key-secret",
            "--endpoint",
            "--out",
            "--namespace" -> {
          if (values.put(option, value(option, queue)) != null) {
            throw new UsageException(option + " is given twice");
          }
        }
        default -> throw new UsageException("Unknown argument '" + option + "'");
      }
    }
    String connect = values.get("--kafka-connect");
    if (cloud == (connect != null)) {
      throw new UsageException("Give exactly one of --kafka-connect URL or --confluent-cloud");
    }
    String out = values.get("--out");
    if (out == null) {
      throw new UsageException("--out DIR is required: where the manifests are written");
    }
    String namespace = values.get("--namespace");
    if (namespace != null && !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new UsageException("--namespace '" + namespace + "' is no Kubernetes namespace name");
    }
    if (cloud) {
      only(values, Set.of("--target-url", "--basic-auth-secret"), "--kafka-connect");
      return new ExportOptions(confluentCloud(values, env), namespace, Path.of(out), only);
    }
    only(
        values,
        Set.of("--environment", "--cluster", "--cloud", "--cloud-api-key-secret", "--endpoint"),
        "--confluent-cloud");
    return new ExportOptions(kafkaConnect(values, env), namespace, Path.of(out), only);
  }

  private static ExportOptions.Source kafkaConnect(
      Map<String, String> values, Map<String, String> env) throws UsageException {
    String url = url("--kafka-connect", values.get("--kafka-connect"));
    String target = url("--target-url", values.getOrDefault("--target-url", url));
    Optional<String> user = nonBlank(env.get("KAFKA_CONNECT_USERNAME"));
    Optional<String> password = nonBlank(env.get("KAFKA_CONNECT_PASSWORD"));
    if (user.isPresent() != password.isPresent()) {
      throw new UsageException(
          "Set both KAFKA_CONNECT_USERNAME and KAFKA_CONNECT_PASSWORD, or neither");
    }
    String secret = values.get("--basic-auth-secret");
    objectName("--basic-auth-secret", secret);
    return new ExportOptions.FromKafkaConnect(
        new KafkaConnectConnection(url, user, password, Optional.empty(), false), target, secret);
  }

  private static ExportOptions.Source confluentCloud(
      Map<String, String> values, Map<String, String> env) throws UsageException {
    String environment = values.get("--environment");
    if (environment == null || !environment.matches("env-[a-z0-9]+")) {
      throw new UsageException("--confluent-cloud needs --environment env-ID, e.g. env-a1b2c3");
    }
    String cluster = values.get("--cluster");
    if (cluster == null || !cluster.matches("lkc-[a-z0-9]+")) {
      throw new UsageException("--confluent-cloud needs --cluster lkc-ID, e.g. lkc-1x2y3z");
    }
    String cloudName = values.get("--cloud");
    if (cloudName != null
        && !Set.of("AWS", "GCP", "AZURE").contains(cloudName.toUpperCase(Locale.ROOT))) {
      throw new UsageException("--cloud must be AWS, GCP or AZURE, not '" + cloudName + "'");
    }
    String endpoint = values.get("--endpoint");
    if (endpoint != null) {
      url("--endpoint", endpoint);
    }
    Optional<String> key = nonBlank(env.get("CONFLUENT_CLOUD_API_KEY"));
    Optional<String> secret = nonBlank(env.get("CONFLUENT_CLOUD_API_SECRET"));
    if (key.isEmpty() || secret.isEmpty()) {
      throw new UsageException(
          "Set CONFLUENT_CLOUD_API_KEY and CONFLUENT_CLOUD_API_SECRET to a Cloud API key (not a"
              + " Kafka cluster key)");
    }
    String keySecret = values.getOrDefault("--cloud-api-key-secret", "confluent-cloud-api-key");
    objectName("--cloud-api-key-secret", keySecret);
    return new ExportOptions.FromConfluentCloud(
        new ConfluentCloudConnection(
            endpoint == null ? ConfluentCloudConnection.DEFAULT_ENDPOINT : endpoint,
            key.get(),
            secret.get(),
            environment,
            cluster,
            cloudName == null ? null : cloudName.toUpperCase(Locale.ROOT)),
        endpoint,
        keySecret);
  }

  private static String value(String option, Deque<String> queue) throws UsageException {
    if (queue.isEmpty() || queue.peek().startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return queue.pop();
  }

  private static void only(Map<String, String> values, Set<String> options, String with)
      throws UsageException {
    for (String option : options) {
      if (values.containsKey(option)) {
        throw new UsageException(option + " goes with " + with + " only");
      }
    }
  }

  private static String url(String option, String text) throws UsageException {
    try {
      URI url = URI.create(text);
      if (("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          && url.getHost() != null) {
        return text;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new UsageException(option + " must be an http(s) URL, e.g. http://connect:8083");
  }

  private static void objectName(String option, String name) throws UsageException {
    if (name != null && !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new UsageException(option + " '" + name + "' is no Kubernetes Secret name");
    }
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
