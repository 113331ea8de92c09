package io.customconnectors.operator.backend.kafkaconnect;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.customconnectors.operator.api.v1alpha1.ConnectorState;
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

/** A Kafka Connect cluster, through its REST API (Kafka Connect 3.5 or later for stop). */
public final class KafkaConnectBackend implements ConnectorBackend {

  private final JsonHttp rest;
  private final String target;
  private final Retrying retrying;
  private final Optional<ConnectorMetricsSource> metrics;

  public KafkaConnectBackend(KafkaConnectConnection connection, Retrying retrying) {
    KafkaConnectRest endpoint = new KafkaConnectRest(connection, Duration.ofSeconds(15));
    this.rest = endpoint.http();
    this.target = "connect/" + endpoint.describe();
    this.retrying = retrying;
    this.metrics = endpoint.metrics().map(http -> new WorkerMetrics(http, Clock.systemUTC()));
  }

  /** {@code GET /connectors/{name}/offsets}; a worker before 3.6 has no such call: none. */
  @Override
  public List<SourceOffset> offsets(String name) {
    try {
      // Not retried: the next read is an interval away, and a throttled API needs no more.
      JsonNode answer =
          rest.send("GET", List.of("connectors", name, "offsets"), Map.of(), null, 200);
      return JsonHttp.offsets(answer.path("offsets"));
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * {@code PATCH} or {@code DELETE /connectors/{name}/offsets} (Kafka Connect 3.6 and later, the
   * connector STOPPED): done when the worker answers, with its message.
   */
  @Override
  public OffsetsRequest.Outcome changeOffsets(String name, OffsetsRequest request) {
    JsonNode answer =
        retrying.call(
            (request.isReset() ? "reset" : "alter") + " the offsets of " + name,
            () ->
                request.isReset()
                    ? rest.send(
                        "DELETE", List.of("connectors", name, "offsets"), Map.of(), null, 200)
                    : rest.send(
                        "PATCH",
                        List.of("connectors", name, "offsets"),
                        Map.of(),
                        Map.of("offsets", request.entries()),
                        200));
    return new OffsetsRequest.Outcome(true, answer.path("message").asText(""), null);
  }

  @Override
  public Optional<ConnectorMetricsSource> metrics() {
    return metrics;
  }

  @Override
  public String describe() {
    return target;
  }

  /** {@code GET /connectors?expand=status&expand=info}. */
  @Override
  public Map<String, RemoteConnector> listConnectors() {
    JsonNode all =
        retrying.call(
            "list connectors",
            () ->
                rest.send(
                    "GET",
                    List.of("connectors"),
                    Map.of("expand", List.of("status", "info")),
                    null,
                    200));
    Map<String, RemoteConnector> connectors = new LinkedHashMap<>();
    all.fields()
        .forEachRemaining(
            entry -> connectors.put(entry.getKey(), parse(entry.getKey(), entry.getValue())));
    return connectors;
  }

  private static RemoteConnector parse(String name, JsonNode expanded) {
    JsonNode info = expanded.path("info");
    JsonNode status = expanded.path("status");
    Map<String, String> config = JsonHttp.strings(info.path("config"));
    List<RemoteConnector.RemoteTask> tasks = new ArrayList<>();
    for (JsonNode task : status.path("tasks")) {
      tasks.add(
          new RemoteConnector.RemoteTask(
              task.path("id").asInt(),
              task.path("state").asText(),
              task.path("worker_id").asText(null),
              task.path("trace").asText(null)));
    }
    JsonNode connector = status.path("connector");
    return new RemoteConnector(
        name,
        config,
        connector.path("state").asText("UNASSIGNED"),
        connector.path("worker_id").asText(null),
        connector.path("trace").asText(null),
        tasks,
        status.path("type").asText(info.path("type").asText(null)),
        null);
  }

  /** {@code GET /connectors/{name}/config}; 404 means there is no such connector. */
  @Override
  public Optional<Map<String, String>> config(String name) {
    JsonNode config =
        retrying.call(
            "read the config of " + name,
            () ->
                rest.send("GET", List.of("connectors", name, "config"), Map.of(), null, 200, 404));
    return JsonHttp.object(config);
  }

  /** {@code PUT /connectors/{name}/config}: creates or replaces (200 or 201). */
  @Override
  public void putConfig(String name, Map<String, String> config) {
    retrying.run(
        "configure " + name,
        () -> rest.send("PUT", List.of("connectors", name, "config"), Map.of(), config, 200, 201));
  }

  /**
   * {@code POST /connectors} with {@code initial_state} (Kafka Connect 3.7 and later), so a paused
   * or stopped connector never starts; a connector that appeared meanwhile gets a PUT instead.
   */
  @Override
  public boolean create(String name, Map<String, String> config, ConnectorState initial) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("config", config);
    body.put("initial_state", initial.name());
    try {
      retrying.run(
          "create " + name,
          () -> rest.send("POST", List.of("connectors"), Map.of(), body, 201, 200));
      return true;
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.CONFLICT) {
        putConfig(name, config);
        return initial == ConnectorState.RUNNING;
      }
      throw e;
    }
  }

  /** {@code PUT /connectors/{name}/pause}. */
  @Override
  public void pause(String name) {
    retrying.run(
        "pause " + name,
        () -> rest.send("PUT", List.of("connectors", name, "pause"), Map.of(), null, 202));
  }

  /** {@code PUT /connectors/{name}/resume}. */
  @Override
  public void resume(String name) {
    retrying.run(
        "resume " + name,
        () -> rest.send("PUT", List.of("connectors", name, "resume"), Map.of(), null, 202));
  }

  /** {@code PUT /connectors/{name}/stop}. */
  @Override
  public void stop(String name) {
    retrying.run(
        "stop " + name,
        () -> rest.send("PUT", List.of("connectors", name, "stop"), Map.of(), null, 202, 204));
  }

  /** {@code POST /connectors/{name}/restart?includeTasks=true&onlyFailed=true}. */
  @Override
  public void restart(String name, Map<String, String> config) {
    restart(name, true);
  }

  @Override
  public String restartAll(String name, Map<String, String> config) {
    restart(name, false);
    return "";
  }

  /** {@code POST /connectors/{name}/tasks/{task}/restart}. */
  @Override
  public boolean restartTask(String name, int task) {
    retrying.run(
        "restart task " + task + " of " + name,
        () ->
            rest.send(
                "POST",
                List.of("connectors", name, "tasks", Integer.toString(task), "restart"),
                Map.of(),
                null,
                200,
                202,
                204));
    return true;
  }

  /** {@code POST /connectors/{name}/restart?includeTasks=true&onlyFailed=...}. */
  public void restart(String name, boolean onlyFailed) {
    retrying.run(
        "restart " + name,
        () ->
            rest.send(
                "POST",
                List.of("connectors", name, "restart"),
                restartQuery(onlyFailed),
                null,
                200,
                202,
                204));
  }

  private static Map<String, List<String>> restartQuery(boolean onlyFailed) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("includeTasks", List.of("true"));
    query.put("onlyFailed", List.of(Boolean.toString(onlyFailed)));
    return query;
  }

  /** {@code DELETE /connectors/{name}}; 404 means it was already gone. */
  @Override
  public boolean delete(String name) {
    try {
      retrying.run(
          "delete " + name,
          () -> rest.send("DELETE", List.of("connectors", name), Map.of(), null, 200, 204));
      return true;
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * {@code PUT /connector-plugins/{class}/config/validate}: the keys of {@code config} that the
   * connector's ConfigDef types PASSWORD. Only the definitions are read; the answer echoes the
   * values, so it is never logged or kept.
   */
  public Set<String> passwordKeys(String connectorClass, Map<String, String> config) {
    JsonNode answer =
        retrying.call(
            "validate the config of " + connectorClass,
            () ->
                rest.send(
                    "PUT",
                    List.of("connector-plugins", connectorClass, "config", "validate"),
                    Map.of(),
                    config,
                    200));
    Set<String> passwords = new TreeSet<>();
    for (JsonNode key : answer.path("configs")) {
      JsonNode definition = key.path("definition");
      if ("PASSWORD".equals(definition.path("type").asText())
          && config.containsKey(definition.path("name").asText())) {
        passwords.add(definition.path("name").asText());
      }
    }
    return passwords;
  }

  /** {@code GET /connector-plugins?connectorsOnly=true}. */
  @Override
  public List<InstalledPlugin> plugins() {
    JsonNode plugins =
        retrying.call(
            "list plugins",
            () ->
                rest.send(
                    "GET",
                    List.of("connector-plugins"),
                    Map.of("connectorsOnly", List.of("true")),
                    null,
                    200));
    List<InstalledPlugin> installed = new ArrayList<>();
    for (JsonNode plugin : plugins) {
      installed.add(
          new InstalledPlugin(
              plugin.path("class").asText(),
              plugin.path("type").asText(),
              plugin.path("version").asText(null)));
    }
    return installed;
  }
}
