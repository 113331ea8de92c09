package io.customconnectors.testkit.ccloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code connect/v1} connectors of a Kafka cluster (reference: ccloud-api.md 3). */
final class ConnectorApi {

  private static final String BASE =
      "/connect/v1/environments/{environment_id}/clusters/{kafka_cluster_id}";

  private final Map<String, KafkaCluster> clusters;
  private final ConnectorRegistry registry;
  private final PluginCatalog catalog;
  private final ConnectorRuntime runtime;
  private final Clock clock;
  private final Supplier<Duration> provisioningDelay;

  private final Faults faults;

  ConnectorApi(
      Map<String, KafkaCluster> clusters,
      ConnectorRegistry registry,
      PluginCatalog catalog,
      ConnectorRuntime runtime,
      Clock clock,
      Supplier<Duration> provisioningDelay,
      Faults faults) {
    this.clusters = clusters;
    this.faults = faults;
    this.registry = registry;
    this.catalog = catalog;
    this.runtime = runtime;
    this.clock = clock;
    this.provisioningDelay = provisioningDelay;
  }

  void register(Router router) {
    router.add("GET", BASE + "/connectors", ErrorShape.CONNECT, this::list);
    router.add("POST", BASE + "/connectors", ErrorShape.CONNECT_CREATE, this::create);
    router.add(
        "GET",
        BASE + "/connectors/{connector_name}",
        ErrorShape.CONNECT,
        call -> Reply.json(200, info(connector(call))));
    router.add("DELETE", BASE + "/connectors/{connector_name}", ErrorShape.CONNECT, this::delete);
    router.add(
        "GET", BASE + "/connectors/{connector_name}/config", ErrorShape.CONNECT, this::config);
    router.add(
        "PUT",
        BASE + "/connectors/{connector_name}/config",
        ErrorShape.CONNECT_UPDATE,
        this::putConfig);
    router.add(
        "GET",
        BASE + "/connectors/{connector_name}/status",
        ErrorShape.CONNECT,
        call -> Reply.json(200, status(connector(call))));
    router.add("GET", BASE + "/connectors/{connector_name}/tasks", ErrorShape.CONNECT, this::tasks);
    router.add(
        "PUT",
        BASE + "/connectors/{connector_name}/pause",
        ErrorShape.CONNECT,
        call -> pause(call, true));
    router.add(
        "PUT",
        BASE + "/connectors/{connector_name}/resume",
        ErrorShape.CONNECT,
        call -> pause(call, false));
    router.add(
        "GET", BASE + "/connectors/{connector_name}/offsets", ErrorShape.CONNECT, this::offsets);
    router.add(
        "POST",
        BASE + "/connectors/{connector_name}/offsets/request",
        ErrorShape.CONNECT,
        this::requestOffsets);
    router.add(
        "GET",
        BASE + "/connectors/{connector_name}/offsets/request/status",
        ErrorShape.CONNECT,
        this::offsetsRequestStatus);
    router.add(
        "GET",
        BASE + "/connector-plugins",
        ErrorShape.CONNECT,
        call -> {
          cluster(call);
          return Reply.json(200, List.of());
        });
    router.add(
        "PUT",
        BASE + "/connector-plugins/{plugin_name}/config/validate",
        ErrorShape.CONNECT,
        call -> {
          cluster(call);
          throw new ApiException(
              404,
              "not_found",
              "Managed connector plugin "
                  + call.param("plugin_name")
                  + " not found: the emulator runs custom connectors, which Confluent does not validate",
              null,
              ErrorShape.CONNECT);
        });
  }

  private Reply list(Call call) {
    KafkaCluster cluster = cluster(call);
    List<String> expand = call.queryValues("expand");
    List<EmulatedConnector> connectors = registry.in(cluster);
    if (expand.isEmpty()) {
      return Reply.json(200, connectors.stream().map(c -> c.name).toList());
    }
    Map<String, Object> expanded = new LinkedHashMap<>();
    for (EmulatedConnector connector : connectors) {
      Map<String, Object> entry = new LinkedHashMap<>();
      if (expand.contains("id")) {
        entry.put("id", Map.of("id", connector.id, "id_type", "ID"));
      }
      if (expand.contains("info")) {
        entry.put("info", info(connector));
      }
      if (expand.contains("status")) {
        entry.put("status", status(connector));
      }
      entry.put("extensions", Map.of());
      expanded.put(connector.name, entry);
    }
    return Reply.json(200, expanded);
  }

  private Reply create(Call call) {
    KafkaCluster cluster = cluster(call);
    JsonNode body = call.json();
    String name = body.path("name").asText(null);
    Map<String, String> config = strings(body.path("config"));
    EmulatedConnector connector;
    synchronized (registry) {
      if (name != null && registry.find(cluster, name).isPresent()) {
        throw ConnectorRules.bad(
            "Connector " + name + " already exists in " + cluster.id() + ": choose another name");
      }
      PluginCatalog.Runnable plugin = ConnectorRules.check(name, config, cluster, catalog);
      connector = provision(cluster, name, config, plugin);
    }
    Map<String, Object> created = info(connector);
    created.put("offsets", body.has("offsets") ? body.get("offsets") : List.of());
    return Reply.json(201, created);
  }

  /** A new connector, PROVISIONING for the configured delay; the caller holds the registry. */
  private EmulatedConnector provision(
      KafkaCluster cluster,
      String name,
      Map<String, String> config,
      PluginCatalog.Runnable plugin) {
    EmulatedConnector connector =
        new EmulatedConnector(
            Ids.next("clcc"),
            cluster,
            name,
            config,
            plugin,
            clock.instant(),
            clock.instant().plus(provisioningDelay.get()));
    registry.add(connector);
    return connector;
  }

  private Reply config(Call call) {
    EmulatedConnector connector = connector(call);
    synchronized (registry) {
      return Reply.json(200, faults.asRead(ConnectorRules.forRead(connector)));
    }
  }

  /** Replaces the whole config (creating the connector if it does not exist), as Confluent does. */
  private Reply putConfig(Call call) {
    KafkaCluster cluster = cluster(call);
    String name = call.param("connector_name");
    Map<String, String> config = strings(call.json());
    config.keySet().removeIf(ConnectorRules::serverAdded);
    EmulatedConnector connector;
    boolean provisioned;
    synchronized (registry) {
      PluginCatalog.Runnable plugin = ConnectorRules.check(name, config, cluster, catalog);
      connector = registry.find(cluster, name).orElse(null);
      if (connector == null) {
        connector = provision(cluster, name, config, plugin);
        provisioned = false;
      } else {
        connector.config = new LinkedHashMap<>(config);
        connector.plugin = plugin;
        connector.injectedFailure = null;
        provisioned = connector.phase == EmulatedConnector.Phase.PROVISIONED;
        if (connector.phase == EmulatedConnector.Phase.FAILED) {
          connector.phase = EmulatedConnector.Phase.PROVISIONING;
          connector.provisionAt = clock.instant().plus(provisioningDelay.get());
        }
      }
    }
    if (provisioned) {
      runtime.update(connector);
    }
    return Reply.json(200, info(connector));
  }

  private Reply delete(Call call) {
    EmulatedConnector connector = connector(call);
    registry.remove(connector);
    runtime.remove(connector);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", null);
    return Reply.json(200, body);
  }

  private Reply tasks(Call call) {
    EmulatedConnector connector = connector(call);
    List<Object> tasks = new ArrayList<>();
    for (ConnectorRuntime.TaskState task : reported(connector).tasks()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", Map.of("connector", connector.name, "task", task.id()));
      synchronized (registry) {
        entry.put("config", faults.asRead(ConnectorRules.forRead(connector)));
      }
      tasks.add(entry);
    }
    return Reply.json(200, tasks);
  }

  private Reply pause(Call call, boolean pause) {
    runtime.pause(connector(call), pause);
    return Reply.empty(202);
  }

  private Reply offsets(Call call) {
    EmulatedConnector connector = connector(call);
    JsonNode offsets =
        runtime.worker().send("GET", "/connectors/" + connector.id + "/offsets", null, 200, 404);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", connector.id);
    body.put("name", connector.name);
    body.put("offsets", offsets.path("offsets").isArray() ? offsets.path("offsets") : List.of());
    body.put("metadata", Map.of("observed_at", clock.instant().toString()));
    return Reply.json(200, body);
  }

  /** Accepts an alter offsets request, which the runtime carries out on the worker later. */
  private Reply requestOffsets(Call call) {
    runtime.offsetsRequests().counted(call.param("connector_name"));
    EmulatedConnector connector = connector(call);
    EmulatedConnector.Phase phase;
    synchronized (registry) {
      phase = connector.phase;
    }
    if (phase != EmulatedConnector.Phase.PROVISIONED) {
      throw ApiException.badRequest(
          "Connector "
              + connector.name
              + (phase == EmulatedConnector.Phase.FAILED
                  ? " failed to provision"
                  : " is still being provisioned")
              + ": its offsets can be altered once it is running");
    }
    return Reply.json(202, runtime.offsetsRequests().submit(connector, call.json()));
  }

  private Reply offsetsRequestStatus(Call call) {
    EmulatedConnector connector = connector(call);
    return Reply.json(
        200,
        runtime
            .offsetsRequests()
            .status(connector)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "Connector " + connector.name + " has had no alter offsets request yet")));
  }

  private ConnectorRuntime.Status reported(EmulatedConnector connector) {
    ConnectorRuntime.Status status = runtime.status(connector);
    Instant now = clock.instant();
    Instant since;
    synchronized (registry) {
      // Since when it has been RUNNING without a break: the window a fault misreports tasks in.
      if (!status.state().equals("RUNNING")) {
        connector.runningSince = null;
      } else if (connector.runningSince == null) {
        connector.runningSince = now;
      }
      since = connector.runningSince;
    }
    return faults.asReported(status, since, now);
  }

  Map<String, Object> info(EmulatedConnector connector) {
    Map<String, Object> info = new LinkedHashMap<>();
    synchronized (registry) {
      info.put("name", connector.name);
      info.put("config", faults.asRead(ConnectorRules.forRead(connector)));
    }
    List<Object> tasks = new ArrayList<>();
    for (ConnectorRuntime.TaskState task : reported(connector).tasks()) {
      tasks.add(Map.of("connector", connector.name, "task", task.id()));
    }
    info.put("tasks", tasks);
    info.put("type", connector.type());
    return info;
  }

  Map<String, Object> status(EmulatedConnector connector) {
    ConnectorRuntime.Status status = reported(connector);
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("state", status.state());
    state.put("worker_id", connector.name);
    state.put("trace", status.trace() == null ? "" : status.trace());
    List<Object> tasks = new ArrayList<>();
    for (ConnectorRuntime.TaskState task : status.tasks()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", task.id());
      entry.put("state", task.state());
      entry.put("worker_id", connector.name);
      entry.put("msg", task.msg());
      tasks.add(entry);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", connector.name);
    body.put("connector", state);
    body.put("tasks", tasks);
    body.put("type", connector.type());
    TraceErrors errors = TraceErrors.of(status);
    body.put(
        "errors_from_trace", errors.fromTrace().stream().map(e -> Map.of("error", e)).toList());
    body.put("validation_errors", errors.validation());
    body.put("override_message", "");
    return body;
  }

  private KafkaCluster cluster(Call call) {
    KafkaCluster cluster = clusters.get(call.param("kafka_cluster_id"));
    if (cluster == null || !cluster.environment().equals(call.param("environment_id"))) {
      throw new ApiException(404, "not_found", "account not found", null, ErrorShape.CONNECT);
    }
    return cluster;
  }

  private EmulatedConnector connector(Call call) {
    KafkaCluster cluster = cluster(call);
    return registry
        .find(cluster, call.param("connector_name"))
        .orElseThrow(
            () ->
                new ApiException(
                    404, "not_found", "resource not found", null, ErrorShape.KAFKA_CONNECT));
  }

  private static Map<String, String> strings(JsonNode node) {
    if (!node.isObject()) {
      throw ConnectorRules.bad("config must be a JSON object of string values");
    }
    Map<String, String> config = new LinkedHashMap<>();
    node.fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getValue().isTextual()) {
                throw ConnectorRules.bad("config value of " + entry.getKey() + " must be a string");
              }
              config.put(entry.getKey(), entry.getValue().asText());
            });
    return config;
  }
}
