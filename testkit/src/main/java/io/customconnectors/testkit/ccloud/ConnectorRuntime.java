package io.customconnectors.testkit.ccloud;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.testkit.kafka.ConnectWorker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs emulated connectors on the real Connect worker: provisions them after the provisioning delay
 * (Kafka credentials and plugin checked, archive installed, config translated and routed through
 * the egress firewall), mirrors the worker's status into Confluent's states, and reports failures
 * as log events.
 */
final class ConnectorRuntime implements AutoCloseable {

  /** A connector's status in Confluent Cloud's terms. */
  record Status(String state, String trace, List<TaskState> tasks) {}

  record TaskState(int id, String state, String msg) {}

  private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);

  private final ConnectorRegistry registry;
  private final PluginCatalog catalog;
  private final ConnectWorker worker;
  private final WorkerPlugins plugins;
  private final Egress egress;
  private final List<EgressRule> rules;
  private final Map<String, Set<String>> serviceAccounts;
  private final Clock clock;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ccloud-runtime"));
  private volatile Map<String, JsonNode> workerStatus = Map.of();
  private final Map<String, String> reported = new ConcurrentHashMap<>();
  private final OffsetsRequests offsetsRequests;
  private ConnectLogs logs;

  ConnectorRuntime(
      ConnectorRegistry registry,
      PluginCatalog catalog,
      ConnectWorker worker,
      Egress egress,
      List<EgressRule> rules,
      Map<String, Set<String>> serviceAccounts,
      Clock clock) {
    this.registry = registry;
    this.catalog = catalog;
    this.worker = worker;
    this.plugins = new WorkerPlugins(worker.pluginPath());
    this.egress = egress;
    this.rules = rules;
    this.serviceAccounts = serviceAccounts;
    this.clock = clock;
    this.offsetsRequests =
        new OffsetsRequests(clock, new WorkerOffsetsAlteration(worker, registry));
  }

  void start(ConnectLogs connectLogs) {
    this.logs = connectLogs;
    loop.scheduleWithFixedDelay(this::tick, 0, 300, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      catalog.checkDueVersions();
      refreshWorkerStatus();
      provisionDue();
      offsetsRequests.startDue();
      reportFailures();
    } catch (RuntimeException e) {
      log.warn("Emulator runtime tick failed: {}", e.getMessage());
    }
  }

  private void refreshWorkerStatus() {
    try {
      JsonNode all = worker.send("GET", "/connectors?expand=status", null, 200);
      Map<String, JsonNode> snapshot = new HashMap<>();
      all.fields()
          .forEachRemaining(entry -> snapshot.put(entry.getKey(), entry.getValue().path("status")));
      workerStatus = snapshot;
    } catch (RuntimeException workerDownOrRestarting) {
      // keep the last snapshot while the worker restarts
    }
  }

  private void provisionDue() {
    List<EmulatedConnector> due = new ArrayList<>();
    synchronized (registry) {
      for (EmulatedConnector connector : registry.all()) {
        if (connector.phase == EmulatedConnector.Phase.PROVISIONING
            && !clock.instant().isBefore(connector.provisionAt)) {
          due.add(connector);
        }
      }
    }
    boolean restart = false;
    List<EmulatedConnector> ready = new ArrayList<>();
    for (EmulatedConnector connector : due) {
      Optional<String> problem = provisioningProblem(connector);
      if (problem.isPresent()) {
        fail(connector, problem.get());
        continue;
      }
      restart |= plugins.install(connector.plugin);
      ready.add(connector);
    }
    if (restart) {
      log.info("Restarting the Connect worker to load newly uploaded plugins");
      worker.restart();
    }
    for (EmulatedConnector connector : ready) {
      push(connector);
    }
  }

  /** Why provisioning fails: the checks Confluent makes before a custom connector starts. */
  private Optional<String> provisioningProblem(EmulatedConnector connector) {
    Map<String, String> config;
    synchronized (registry) {
      config = new LinkedHashMap<>(connector.config);
    }
    String auth = config.getOrDefault("kafka.auth.mode", "KAFKA_API_KEY");
    if (auth.equals("KAFKA_API_KEY")) {
      String secret = connector.cluster.apiKeys().get(config.get("kafka.api.key"));
      if (secret == null || !secret.equals(config.get("kafka.api.secret"))) {
        return Optional.of(
            "There were some errors with your configuration:\nkafka.api.key: Provided Kafka ApiKey is invalid");
      }
    } else if (!serviceAccounts
        .getOrDefault(connector.cluster.id(), Set.of())
        .contains(config.get("kafka.service.account.id"))) {
      return Optional.of(
          "There were some errors with your configuration:\nkafka.service.account.id: Service account "
              + config.get("kafka.service.account.id")
              + " has no access to "
              + connector.cluster.id());
    }
    String type = config.get("connector.class");
    if (type != null && !connector.plugin.classes().contains(type)) {
      return Optional.of(
          "Failed to find any class that implements Connector and which name matches "
              + type
              + ", available connectors are: "
              + connector.plugin.classes());
    }
    if (connector.plugin.versionId() == null) {
      return ArchiveCheck.problem(
              connector.plugin.archive(),
              connector.plugin.contentFormat(),
              connector.plugin.classes())
          .map(
              problem ->
                  problem.replace(
                      ArchiveCheck.PREFIX, "The custom connector plugin's archive is invalid: "));
    }
    return Optional.empty();
  }

  /**
   * Sends the connector's current config to the worker; a refusal fails the connector with the
   * worker's reason.
   */
  void push(EmulatedConnector connector) {
    push(connector, false);
  }

  /**
   * Sends a provisioned connector's replaced config. Confluent restarts a connector whose config is
   * PUT, but Connect restarts one only when its config changed: an identical config would leave a
   * connector that failed for a cause fixed since (a blocked endpoint allowed again) FAILED, so
   * then it is restarted with its tasks.
   */
  void update(EmulatedConnector connector) {
    push(connector, true);
  }

  private void push(EmulatedConnector connector, boolean restartIfUnchanged) {
    Map<String, String> config;
    boolean paused;
    synchronized (registry) {
      config = ConnectorRules.forWorker(connector);
      paused = connector.paused;
    }
    for (EgressRule rule : rules) {
      rule.endpoint(connector.config)
          .ifPresent(
              endpoint ->
                  config.put(
                      rule.configKey(),
                      egress.url(connector.id, endpoint, () -> allowList(connector))));
    }
    try {
      boolean unchanged = restartIfUnchanged && config.equals(workerConfig(connector));
      worker.send("PUT", "/connectors/" + connector.id + "/config", config, 200, 201);
      if (unchanged) {
        worker.restartConnector(connector.id);
      }
      if (paused) {
        worker.send("PUT", "/connectors/" + connector.id + "/pause", null, 202);
      }
      synchronized (registry) {
        connector.phase = EmulatedConnector.Phase.PROVISIONED;
        connector.failure = null;
      }
    } catch (IllegalStateException refused) {
      fail(connector, WorkerRefusal.reason(refused));
    }
  }

  /** The config the worker runs the connector with; empty if it does not know the connector. */
  private Map<String, String> workerConfig(EmulatedConnector connector) {
    JsonNode current =
        worker.send("GET", "/connectors/" + connector.id + "/config", null, 200, 404);
    Map<String, String> config = new LinkedHashMap<>();
    current
        .fields()
        .forEachRemaining(entry -> config.put(entry.getKey(), entry.getValue().asText()));
    return config;
  }

  private Set<ConnectorRules.Endpoint> allowList(EmulatedConnector connector) {
    synchronized (registry) {
      return ConnectorRules.endpoints(
          connector.config.get("confluent.custom.connection.endpoints"));
    }
  }

  private void fail(EmulatedConnector connector, String trace) {
    synchronized (registry) {
      connector.phase = EmulatedConnector.Phase.FAILED;
      connector.failure = trace;
    }
    log.info("Connector {} ({}) failed to provision: {}", connector.name, connector.id, trace);
    if (logs != null) {
      logs.provisioningFailed(connector, trace);
    }
  }

  /** The connector's state as Confluent Cloud reports it. */
  Status status(EmulatedConnector connector) {
    synchronized (registry) {
      if (connector.injectedFailure != null) {
        return new Status("FAILED", connector.injectedFailure, List.of());
      }
      switch (connector.phase) {
        case PROVISIONING:
          return new Status("PROVISIONING", "", List.of());
        case FAILED:
          return new Status("FAILED", connector.failure, List.of());
        default:
          break;
      }
    }
    JsonNode status = workerStatus.get(connector.id);
    if (status == null) {
      return new Status("PROVISIONING", "", List.of());
    }
    List<TaskState> tasks = new ArrayList<>();
    int failed = 0;
    int running = 0;
    for (JsonNode task : status.path("tasks")) {
      String state = task.path("state").asText();
      failed += state.equals("FAILED") ? 1 : 0;
      running += state.equals("RUNNING") ? 1 : 0;
      tasks.add(new TaskState(task.path("id").asInt(), state, task.path("trace").asText("")));
    }
    String connectorState = status.path("connector").path("state").asText();
    String trace = status.path("connector").path("trace").asText("");
    String state =
        switch (connectorState) {
          case "FAILED" -> "FAILED";
          case "PAUSED", "STOPPED" -> "PAUSED";
          case "RUNNING" -> {
            if (failed > 0 && running == 0) {
              trace =
                  tasks.stream()
                      .filter(t -> t.state().equals("FAILED"))
                      .findFirst()
                      .map(TaskState::msg)
                      .orElse(trace);
              yield "FAILED";
            }
            yield failed > 0 ? "DEGRADED" : "RUNNING";
          }
          default -> "PROVISIONING";
        };
    return new Status(state, trace, tasks);
  }

  private void reportFailures() {
    if (logs == null) {
      return;
    }
    for (EmulatedConnector connector : registry.all()) {
      Status status = status(connector);
      if (status.state().equals("FAILED")
          && !"FAILED".equals(reported.put(connector.id, "FAILED"))) {
        logs.failed(connector, null, status.trace());
      } else if (!status.state().equals("FAILED")) {
        reported.put(connector.id, status.state());
      }
      for (TaskState task : status.tasks()) {
        String key = connector.id + "/" + task.id();
        if (task.state().equals("FAILED") && !"FAILED".equals(reported.put(key, "FAILED"))) {
          logs.failed(connector, task.id(), task.msg());
        } else if (!task.state().equals("FAILED")) {
          reported.put(key, task.state());
        }
      }
    }
  }

  void pause(EmulatedConnector connector, boolean pause) {
    boolean provisioned;
    synchronized (registry) {
      connector.paused = pause;
      provisioned = connector.phase == EmulatedConnector.Phase.PROVISIONED;
    }
    if (provisioned) {
      worker.send("PUT", "/connectors/" + connector.id + (pause ? "/pause" : "/resume"), null, 202);
    }
  }

  void remove(EmulatedConnector connector) {
    worker.deleteConnector(connector.id);
    egress.release(connector.id);
    reported.keySet().removeIf(key -> key.startsWith(connector.id));
    offsetsRequests.forget(connector);
  }

  ConnectWorker worker() {
    return worker;
  }

  OffsetsRequests offsetsRequests() {
    return offsetsRequests;
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() {
    loop.shutdownNow();
    offsetsRequests.close();
  }
}
