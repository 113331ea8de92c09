package io.customconnectors.testkit.kafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.testkit.support.ChildJvm;
import io.customconnectors.testkit.support.Ports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Kafka Connect distributed worker in a child JVM, attached to {@link KafkaBroker#shared()}.
 * Connect scans {@code plugin.path} only at start-up, so plugins are installed before it starts
 * (system property {@code testbed.connect.plugins}: plugin directories or ZIPs, separated by the
 * path separator) or with {@link #installPlugin(Path)}, which restarts it. It serves Prometheus
 * metrics at {@link #metricsUrl()} through the Prometheus JMX exporter agent, with the rules the
 * project ships ({@code config/jmx-exporter/kafka-connect.yaml}).
 */
public final class ConnectWorker {

  private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);
  private static ConnectWorker shared;

  private final Path dir;
  private final Path pluginPath;
  private final Path config;
  private final URI restUrl;
  private final int jmxPort;
  private final int metricsPort;
  private final Path metricsAgent;
  private final Path metricsConfig;
  private final Path hostsFile;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private ChildJvm jvm;

  private ConnectWorker(
      Path dir,
      Path pluginPath,
      Path config,
      URI restUrl,
      int jmxPort,
      int metricsPort,
      Path metricsAgent,
      Path metricsConfig,
      Path hostsFile) {
    this.dir = dir;
    this.pluginPath = pluginPath;
    this.config = config;
    this.restUrl = restUrl;
    this.jmxPort = jmxPort;
    this.metricsPort = metricsPort;
    this.metricsAgent = metricsAgent;
    this.metricsConfig = metricsConfig;
    this.hostsFile = hostsFile;
  }

  public static synchronized ConnectWorker shared() {
    if (shared == null) {
      shared = create(KafkaBroker.shared(), "testbed-connect", "_connect");
      for (String plugin :
          System.getProperty("testbed.connect.plugins", "").split(File.pathSeparator)) {
        if (!plugin.isBlank()) {
          shared.copyPlugin(Path.of(plugin));
        }
      }
      shared.start();
    }
    return shared;
  }

  /**
   * A Connect cluster of its own (one worker, no plugins) on the shared broker, started: for a user
   * of a worker that restarts it, such as the Confluent Cloud emulator loading an uploaded plugin,
   * beside the shared worker that others use meanwhile. Stopped when the JVM exits.
   */
  public static ConnectWorker separate(String name) {
    ConnectWorker worker =
        create(KafkaBroker.shared(), "testbed-connect-" + name, "_connect-" + name);
    worker.start();
    return worker;
  }

  private static ConnectWorker create(KafkaBroker broker, String groupId, String topicPrefix) {
    try {
      Path dir = Files.createTempDirectory("connect-worker");
      Path pluginPath = Files.createDirectories(dir.resolve("plugins"));
      int port = Ports.freeLoopbackPort();
      Path config = dir.resolve("worker.properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "bootstrap.servers=" + broker.bootstrapServers(),
              "group.id=" + groupId,
              "listeners=http://127.0.0.1:" + port,
              "rest.advertised.host.name=127.0.0.1",
              "rest.advertised.port=" + port,
              "config.storage.topic=" + topicPrefix + "-configs",
              "offset.storage.topic=" + topicPrefix + "-offsets",
              "status.storage.topic=" + topicPrefix + "-status",
              "config.storage.replication.factor=1",
              "offset.storage.replication.factor=1",
              "status.storage.replication.factor=1",
              "offset.storage.partitions=1",
              "status.storage.partitions=1",
              // Commit source offsets often, so restart tests see little replay.
              "offset.flush.interval.ms=1000",
              // A restarted single worker must get its connectors back at once, not after 5 min.
              "scheduled.rebalance.max.delay.ms=0",
              "task.shutdown.graceful.timeout.ms=10000",
              "key.converter=org.apache.kafka.connect.json.JsonConverter",
              "value.converter=org.apache.kafka.connect.json.JsonConverter",
              "key.converter.schemas.enable=false",
              "value.converter.schemas.enable=false",
              "plugin.path=" + pluginPath,
              ""));
      return new ConnectWorker(
          dir,
          pluginPath,
          config,
          URI.create("http://127.0.0.1:" + port),
          Ports.freeLoopbackPort(),
          Ports.freeLoopbackPort(),
          KafkaRuntime.jmxExporterAgent(dir),
          KafkaRuntime.jmxExporterConfig(dir),
          AwsHostsFile.write(dir.resolve("hosts")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void start() {
    long started = System.nanoTime();
    List<String> options = new ArrayList<>(KafkaBroker.jvmOptions(dir));
    // AWS host names resolve to loopback, where an emulator can stand in for the internet.
    options.add("-Djdk.net.hosts.file=" + hostsFile);
    // JMX for an emulator's metrics: records written, bytes, CPU and memory of this worker.
    options.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
    options.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
    options.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
    options.add("-Djava.rmi.server.hostname=127.0.0.1");
    options.add("-Dcom.sun.management.jmxremote.authenticate=false");
    options.add("-Dcom.sun.management.jmxremote.ssl=false");
    // Prometheus metrics as users get them; the agent adds about 0.8 s of CPU to the start.
    options.add("-javaagent:" + metricsAgent + "=127.0.0.1:" + metricsPort + ":" + metricsConfig);
    jvm =
        ChildJvm.start(
            "connect-worker",
            KafkaRuntime.classpath(),
            options,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            List.of(config.toString()),
            dir.resolve("connect.log"),
            Map.of());
    jvm.awaitReady(Duration.ofSeconds(90), () -> get("/connector-plugins") == 200);
    log.info(
        "Connect worker ready on {} in {} ms (log: {})",
        restUrl,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        jvm.logFile());
  }

  /** Stops and starts the worker; connectors and their offsets survive in Kafka. */
  public synchronized void restart() {
    jvm.stop();
    start();
  }

  /** Kills the worker without a graceful stop (no final offset commit), then starts it again. */
  public synchronized void crashAndRestart() {
    jvm.kill();
    start();
  }

  /** Stops the worker, e.g. to test how a client copes with Connect being down. */
  public synchronized void stop() {
    jvm.stop();
  }

  /** Starts a stopped worker again. */
  public synchronized void startAgain() {
    if (jvm == null || !jvm.isAlive()) {
      start();
    }
  }

  /** Installs a plugin (directory or ZIP) into plugin.path and restarts the worker to load it. */
  public synchronized void installPlugin(Path plugin) {
    copyPlugin(plugin);
    restart();
  }

  private void copyPlugin(Path plugin) {
    try {
      if (plugin.toString().endsWith(".zip")) {
        unzip(plugin, pluginPath);
      } else {
        Path target = pluginPath.resolve(plugin.getFileName());
        try (Stream<Path> files = Files.walk(plugin)) {
          for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
            Path copy = target.resolve(plugin.relativize(source).toString());
            if (Files.isDirectory(source)) {
              Files.createDirectories(copy);
            } else {
              Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("ZIP entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** Base URL of the Connect REST API. */
  public URI restUrl() {
    return restUrl;
  }

  public Path pluginPath() {
    return pluginPath;
  }

  /** The worker's JMX port (no authentication, loopback only). */
  public int jmxPort() {
    return jmxPort;
  }

  /** The Prometheus JMX exporter's endpoint: {@code http://127.0.0.1:<port>/metrics}. */
  public URI metricsUrl() {
    return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
  }

  public ChildJvm jvm() {
    return jvm;
  }

  /** {@code PUT /connectors/{name}/config}: creates or updates a connector. */
  public JsonNode putConnector(String name, Map<String, String> config) {
    return send("PUT", "/connectors/" + encode(name) + "/config", config, 200, 201);
  }

  /** {@code DELETE /connectors/{name}}; a connector that does not exist is fine. */
  public void deleteConnector(String name) {
    send("DELETE", "/connectors/" + encode(name), null, 204, 404);
  }

  /** {@code GET /connectors/{name}/status}, or a missing node when Connect does not know it. */
  public JsonNode connectorStatus(String name) {
    return send("GET", "/connectors/" + encode(name) + "/status", null, 200, 404);
  }

  /** {@code PUT /connector-plugins/{class}/config/validate}. */
  public JsonNode validate(String connectorClass, Map<String, String> config) {
    return send(
        "PUT", "/connector-plugins/" + encode(connectorClass) + "/config/validate", config, 200);
  }

  /** {@code POST /connectors/{name}/restart?includeTasks=true&onlyFailed=false}. */
  public void restartConnector(String name) {
    send("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true", null, 200, 202, 204);
  }

  /**
   * Any REST call; answers outside {@code expected} fail with Connect's error message. A worker
   * that is rebalancing (409, or 500 "a rebalance is expected", as Connect answers under load) is
   * asked again for up to a minute, as any client of Connect must.
   */
  public JsonNode send(String method, String path, Object body, int... expected) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    long wait = 100;
    while (true) {
      HttpResponse<String> response = exchange(method, path, body);
      for (int status : expected) {
        if (response.statusCode() == status) {
          return response.body().isBlank() || status == 404
              ? JSON.missingNode()
              : readTree(response.body());
        }
      }
      if (!rebalancing(response) || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      pause(wait);
      wait = Math.min(wait * 2, 2_000);
    }
  }

  private static boolean rebalancing(HttpResponse<String> response) {
    return response.statusCode() == 409
        || (response.statusCode() == 500 && response.body().contains("rebalance"));
  }

  private HttpResponse<String> exchange(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(restUrl.resolve(path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json");
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits before asking a rebalancing worker again: the one wait Connect's protocol calls for. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private int get(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(restUrl.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
