package io.customconnectors.testkit.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * The part of a kubelet that serves container logs, so that {@code GET
 * /api/v1/namespaces/{ns}/pods/{pod}/log} goes through the real API server's log handler and proxy,
 * as in a cluster. {@link #registerNode} creates a Node whose only address is {@code InternalIP
 * 127.0.0.1} and whose {@code daemonEndpoints.kubeletEndpoint.Port} is this server's HTTPS port;
 * {@link #servePod} creates a Pod bound to that node (no scheduler runs), reports it Running, and
 * serves the given file as its container's log. The API server itself only checks that the Pod has
 * {@code spec.nodeName} and the container in its spec; the Running status is for the clients
 * (fabric8's {@code getLog()} waits for a ready pod) and for code that picks running workers.
 *
 * <p>The API server needs no extra flag: without {@code --kubelet-certificate-authority} it does
 * not verify the kubelet's certificate (as in a kubeadm cluster), and its default {@code
 * --kubelet-preferred-address-types} include InternalIP. Query parameters are read as the kubelet
 * reads them ({@link ContainerLog}); {@code follow=true} is refused with 400, {@code previous=true}
 * answers as a kubelet whose container never restarted. Requests are not authenticated.
 */
public final class KubeletStandIn implements AutoCloseable {

  private static final String FIELD_MANAGER = "kubelet-stand-in";
  private static final String IMAGE = "kubelet-stand-in/log-file";

  private final HttpsServer server;
  private final ExecutorService executor;
  private final ZoneId logZone;
  private final Map<String, ServedContainer> containers = new ConcurrentHashMap<>();

  private record ServedContainer(String name, Path logFile) {}

  private KubeletStandIn(HttpsServer server, ExecutorService executor, ZoneId logZone) {
    this.server = server;
    this.executor = executor;
    this.logZone = logZone;
  }

  /** Starts on a free loopback port; log4j times are read in this JVM's zone, as the worker's. */
  public static KubeletStandIn start() {
    return start(ZoneId.systemDefault());
  }

  /** Starts on a free loopback port, reading log4j times in {@code logZone}. */
  public static KubeletStandIn start(ZoneId logZone) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.forLoopback()));
      ExecutorService executor =
          Executors.newCachedThreadPool(
              task -> {
                Thread thread = new Thread(task, "kubelet-stand-in");
                thread.setDaemon(true);
                return thread;
              });
      server.setExecutor(executor);
      KubeletStandIn kubelet = new KubeletStandIn(server, executor, logZone);
      server.createContext("/containerLogs/", kubelet::serveContainerLogs);
      server.start();
      return kubelet;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Node this kubelet registers: one per stand-in, named after its port. */
  public String nodeName() {
    return "kubelet-stand-in-" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Creates or updates this kubelet's Node, Ready, reachable at 127.0.0.1 on {@link #port()}. */
  public Node registerNode(KubernetesClient client) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName())
            .addToLabels("kubernetes.io/hostname", nodeName())
            .endMetadata()
            .withNewStatus()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress("127.0.0.1")
            .endAddress()
            .withNewDaemonEndpoints()
            .withNewKubeletEndpoint()
            .withPort(port())
            .endKubeletEndpoint()
            .endDaemonEndpoints()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .withReason("KubeletReady")
            .withMessage("kubelet stand-in is serving container logs")
            .endCondition()
            .endStatus()
            .build();
    client.resource(node).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return client.resource(node).patchStatus();
  }

  /**
   * Registers the node if needed, creates a Running Pod on it with one container and serves {@code
   * logFile} as that container's log, read anew on every request. The namespace must exist; a Pod
   * of that name bound to another node cannot be moved (its {@code spec.nodeName} is immutable).
   */
  public Pod servePod(
      KubernetesClient client,
      String namespace,
      String podName,
      Map<String, String> labels,
      String container,
      Path logFile) {
    registerNode(client);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withNodeName(nodeName())
            .addNewContainer()
            .withName(container)
            .withImage(IMAGE)
            .endContainer()
            .endSpec()
            .build();
    client.resource(pod).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    containers.put(namespace + "/" + podName, new ServedContainer(container, logFile));
    String now = Instant.now().toString();
    Pod running =
        new PodBuilder(pod)
            .withNewStatus()
            .withPhase("Running")
            .withHostIP("127.0.0.1")
            .withPodIP("127.0.0.1")
            .withStartTime(now)
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .withLastTransitionTime(now)
            .endCondition()
            .addNewContainerStatus()
            .withName(container)
            .withImage(IMAGE)
            .withImageID("")
            .withReady(true)
            .withStarted(true)
            .withRestartCount(0)
            .withNewState()
            .withNewRunning(now)
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    return client.resource(running).patchStatus();
  }

  /** Stops serving; the Node and Pods stay in the API server. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** {@code GET /containerLogs/{namespace}/{pod}/{container}}, with the kubelet's answers. */
  private void serveContainerLogs(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().split("/");
      if (!"GET".equals(exchange.getRequestMethod()) || path.length != 5) {
        respondError(exchange, 404, "404 page not found");
        return;
      }
      ServedContainer served = containers.get(path[2] + "/" + path[3]);
      if (served == null) {
        respondError(exchange, 404, "pod \"%s\" does not exist".formatted(path[3]));
        return;
      }
      if (!served.name().equals(path[4])) {
        respondError(
            exchange, 404, "container \"%s\" not found in pod \"%s\"".formatted(path[4], path[3]));
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (Boolean.parseBoolean(query.get("follow"))) {
        respondError(exchange, 400, "follow is not supported by the kubelet stand-in");
        return;
      }
      if (Boolean.parseBoolean(query.get("previous"))) {
        respondError(
            exchange,
            400,
            "previous terminated container \"%s\" in pod \"%s\" not found"
                .formatted(path[4], path[3]));
        return;
      }
      ContainerLog.Options options;
      try {
        options = ContainerLog.Options.fromQuery(query, Instant.now());
      } catch (RuntimeException e) {
        respondError(exchange, 400, "{\"message\": \"Unable to decode query.\"}");
        return;
      }
      byte[] body = ContainerLog.render(ContainerLog.read(served.logFile(), logZone), options);
      respond(exchange, 200, body);
    }
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        query.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static void respondError(HttpExchange exchange, int status, String message)
      throws IOException {
    respond(exchange, status, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }
}
