package io.customconnectors.operator.backend.confluentcloud;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.ConnectorMetricsSource;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.backend.OffsetsRequest;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.SourceOffset;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The connectors of one Confluent Cloud Kafka cluster, through {@code connect/v1}. Where Confluent
 * Cloud differs from Kafka Connect: connectors are PROVISIONING before they run, secrets come back
 * masked and the server adds keys of its own (so configs are compared without them), there is no
 * stop (only pause) and no restart call (sending the config again restarts a connector), and a 403
 * may mean "not found".
 */
public final class ConfluentCloudBackend implements ConnectorBackend {

  /** Keys Confluent Cloud adds to a connector's config, as Confluent's Terraform provider lists. */
  static final Set<String> SERVER_ADDED =
      Set.of(
          "cloud.environment",
          "cloud.provider",
          "kafka.endpoint",
          "kafka.region",
          "connector.crn",
          "kafka.dedicated",
          "kafka.max.partition.validation.disable",
          "schema.registry.url",
          "valid.kafka.api.key",
          "confluent.custom.plugin.type",
          "confluent.resource.connector.tier");

  private static final Pattern MASKED = Pattern.compile("^\\*{2,}$");

  /** Whether Confluent shows this value masked, as it shows every secret it keeps. */
  public static boolean masked(String value) {
    return value != null && MASKED.matcher(value).matches();
  }

  /** Whether Confluent Cloud adds this key to a connector's config itself. */
  public static boolean addedByConfluent(String key) {
    return SERVER_ADDED.contains(key) || key.startsWith("config.internal.");
  }

  private final ConfluentCloudConnection connection;
  private final ConfluentCloudRest rest;
  private final Retrying retrying;
  private final CustomPluginsApi plugins;
  private final ConfluentMetrics metrics;

  public ConfluentCloudBackend(ConfluentCloudConnection connection, Retrying retrying) {
    this(connection, retrying, ConfluentMetrics.Settings.standard(Clock.systemUTC()));
  }

  public ConfluentCloudBackend(
      ConfluentCloudConnection connection, Retrying retrying, ConfluentMetrics.Settings metrics) {
    this.connection = connection;
    this.rest = new ConfluentCloudRest(connection, Duration.ofSeconds(30));
    this.retrying = retrying;
    this.plugins = new CustomPluginsApi(connection.forEnvironment(), retrying);
    this.metrics = new ConfluentMetrics(connection, metrics);
  }

  /** {@code GET .../connectors/{name}/offsets}: what Confluent last observed. */
  @Override
  public List<SourceOffset> offsets(String name) {
    try {
      JsonNode answer =
          // Not retried: the next read is an interval away, and a throttled API needs no more.
          rest.send("GET", connectors(name, "offsets"), Map.of(), null, 200);
      return JsonHttp.offsets(answer.path("offsets"));
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public boolean offsetsChangeNeedsStop() {
    return false;
  }

  /**
   * {@code POST .../connectors/{name}/offsets/request}: Confluent stops the connector, changes the
   * offsets and starts it again on its own. Not retried: a request that went through and is sent
   * again would be carried out twice; the caller looks at {@link #offsetsProgress} first.
   */
  @Override
  public OffsetsRequest.Outcome changeOffsets(String name, OffsetsRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", request.isReset() ? "DELETE" : "PATCH");
    if (!request.isReset()) {
      body.put("offsets", request.entries());
    }
    JsonNode answer =
        rest.send("POST", connectors(name, "offsets", "request"), Map.of(), body, 202);
    return new OffsetsRequest.Outcome(false, "", instant(answer.path("requested_at")));
  }

  /** {@code GET .../connectors/{name}/offsets/request/status}; empty when there was no request. */
  @Override
  public Optional<OffsetsRequest.Progress> offsetsProgress(String name) {
    JsonNode answer;
    try {
      answer =
          retrying.call(
              "read the offsets request of " + name,
              () ->
                  rest.send(
                      "GET",
                      connectors(name, "offsets", "request", "status"),
                      Map.of(),
                      null,
                      200));
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.of(
        new OffsetsRequest.Progress(
            answer.path("status").path("phase").asText(""),
            answer.path("status").path("message").asText(""),
            instant(answer.path("request").path("requested_at")),
            instant(answer.path("applied_at"))));
  }

  /** An ISO 8601 time as Confluent writes it ({@code Z} or {@code +0000}); null when absent. */
  static java.time.Instant instant(JsonNode value) {
    if (!value.isTextual() || value.asText().isBlank()) {
      return null;
    }
    String text = value.asText().replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public Optional<ConnectorMetricsSource> metrics() {
    return Optional.of(metrics);
  }

  @Override
  public String describe() {
    return "ccloud/" + connection.kafkaCluster();
  }

  private List<String> connectors(String... more) {
    List<String> segments =
        new ArrayList<>(
            List.of(
                "connect",
                "v1",
                "environments",
                connection.environment(),
                "clusters",
                connection.kafkaCluster(),
                "connectors"));
    segments.addAll(List.of(more));
    return segments;
  }

  /** {@code GET .../connectors?expand=id,info,status}: every connector of the cluster. */
  @Override
  public Map<String, RemoteConnector> listConnectors() {
    JsonNode all =
        retrying.call(
            "list connectors of " + connection.kafkaCluster(),
            () ->
                rest.send(
                    "GET", connectors(), Map.of("expand", List.of("id,info,status")), null, 200));
    Map<String, RemoteConnector> connectors = new LinkedHashMap<>();
    all.fields()
        .forEachRemaining(
            entry -> connectors.put(entry.getKey(), parse(entry.getKey(), entry.getValue())));
    return connectors;
  }

  static RemoteConnector parse(String name, JsonNode expanded) {
    JsonNode info = expanded.path("info");
    JsonNode status = expanded.path("status");
    Map<String, String> config = JsonHttp.strings(info.path("config"));
    List<RemoteConnector.RemoteTask> tasks = new ArrayList<>();
    for (JsonNode task : status.path("tasks")) {
      String message = task.path("msg").asText(task.path("trace").asText(""));
      tasks.add(
          new RemoteConnector.RemoteTask(
              task.path("id").asInt(),
              task.path("state").asText(),
              task.path("worker_id").asText(null),
              message.isBlank() ? null : message));
    }
    JsonNode connector = status.path("connector");
    String trace = connector.path("trace").asText("");
    return new RemoteConnector(
        name,
        config,
        connector.path("state").asText("PROVISIONING"),
        connector.path("worker_id").asText(null),
        trace.isBlank() ? null : trace,
        tasks,
        status.path("type").asText(info.path("type").asText(null)),
        expanded.path("id").path("id").asText(null),
        errors(status));
  }

  /**
   * What Confluent Cloud names as the failure's causes beside the trace: the config's validation
   * errors first (they say which key to fix), then the errors it found in the trace.
   */
  static List<String> errors(JsonNode status) {
    List<String> errors = new ArrayList<>();
    for (JsonNode validation : status.path("validation_errors")) {
      if (!validation.asText("").isBlank()) {
        errors.add(validation.asText().strip());
      }
    }
    for (JsonNode fromTrace : status.path("errors_from_trace")) {
      String error =
          fromTrace.isTextual() ? fromTrace.asText() : fromTrace.path("error").asText("");
      if (!error.isBlank() && !errors.contains(error.strip())) {
        errors.add(error.strip());
      }
    }
    String override = status.path("override_message").asText("");
    if (!override.isBlank()) {
      errors.add(0, override.strip());
    }
    return errors;
  }

  /** {@code GET .../connectors/{name}/config}; 404 (or a 403 for a name not listed) is none. */
  @Override
  public Optional<Map<String, String>> config(String name) {
    JsonNode config;
    try {
      config =
          retrying.call(
              "read the config of " + name,
              () -> rest.send("GET", connectors(name, "config"), Map.of(), null, 200, 404));
    } catch (BackendException e) {
      if (e.status() == 403 && !listConnectors().containsKey(name)) {
        return Optional.empty();
      }
      throw e;
    }
    return JsonHttp.object(config);
  }

  /** {@code PUT .../connectors/{name}/config}: creates or replaces the whole config. */
  @Override
  public void putConfig(String name, Map<String, String> config) {
    retrying.run(
        "configure " + name,
        () -> rest.send("PUT", connectors(name, "config"), Map.of(), config, 200, 201));
  }

  @Override
  public void pause(String name) {
    retrying.run(
        "pause " + name,
        () -> rest.send("PUT", connectors(name, "pause"), Map.of(), null, 202, 200));
  }

  @Override
  public void resume(String name) {
    retrying.run(
        "resume " + name,
        () -> rest.send("PUT", connectors(name, "resume"), Map.of(), null, 202, 200));
  }

  @Override
  public boolean canStop() {
    return false;
  }

  @Override
  public void stop(String name) {
    throw new BackendException(
        400, "Confluent Cloud cannot stop a connector, only pause it: set spec.state to Paused");
  }

  /** Confluent Cloud has no restart call; a connector restarts when its config is sent again. */
  @Override
  public void restart(String name, Map<String, String> config) {
    putConfig(name, config);
  }

  /** {@code DELETE .../connectors/{name}}; 404 (or a 403 for a name not listed) is gone. */
  @Override
  public boolean delete(String name) {
    try {
      JsonNode answer =
          retrying.call(
              "delete " + name,
              () -> rest.send("DELETE", connectors(name), Map.of(), null, 200, 204));
      // connect/v1 answers 200 {"error": null}; an error in that body means nothing was deleted.
      JsonNode error = answer.path("error");
      if (!error.isMissingNode() && !error.isNull()) {
        throw new BackendException(
            500,
            "Confluent Cloud: deleting connector "
                + name
                + " answered 200 with an error: "
                + (error.isTextual()
                    ? error.asText()
                    : error.path("message").asText(error.toString())));
      }
      return true;
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.NOT_FOUND
          || (e.status() == 403 && !listConnectors().containsKey(name))) {
        return false;
      }
      throw e;
    }
  }

  /** The connector classes of the environment's custom plugins with a READY version. */
  @Override
  public List<InstalledPlugin> plugins() {
    return plugins.installed();
  }

  /**
   * Equal when every desired key has its value, or a masked one (Confluent never shows secrets
   * back), and the only extra keys are those Confluent adds itself.
   */
  @Override
  public boolean comparesSecrets() {
    return false;
  }

  @Override
  public boolean sameConfig(Map<String, String> desired, Map<String, String> remote) {
    return matches(desired, remote);
  }

  /** {@link #sameConfig} as a rule of its own, for anything that stands in for Confluent Cloud. */
  static boolean matches(Map<String, String> desired, Map<String, String> remote) {
    for (Map.Entry<String, String> entry : desired.entrySet()) {
      String stored = remote.get(entry.getKey());
      if (stored == null
          || !(stored.equals(entry.getValue()) || MASKED.matcher(stored).matches())) {
        return false;
      }
    }
    return remote.keySet().stream()
        .allMatch(
            key ->
                desired.containsKey(key)
                    || SERVER_ADDED.contains(key)
                    || key.startsWith("config.internal."));
  }
}
