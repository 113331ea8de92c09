package io.customconnectors.operator.backend.kafkaconnect;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An in-memory Kafka Connect REST API: connectors are RUNNING the moment they are configured, with
 * tasks.max RUNNING tasks. For HTTP-level tests of the client and for the operator's benchmark,
 * where the real worker would measure Kafka Connect instead of the operator.
 */
public final class FakeKafkaConnect implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Small answers otherwise wait for the peer's delayed ACK, some 40 ms a request on loopback.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final Map<String, Map<String, String>> configs = new ConcurrentHashMap<>();
  private final Map<String, String> states = new ConcurrentHashMap<>();
  private final Map<String, String> taskTraces = new ConcurrentHashMap<>();
  private final Map<String, List<Map<String, Object>>> offsets = new ConcurrentHashMap<>();
  private volatile String refuseOffsetsWith;
  private final Queue<String> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger tlsConnections = new AtomicInteger();
  private volatile int failureStatus;
  private volatile String failureBody;
  private volatile String failurePrefix = "";
  private volatile int failureRetryAfter;
  private final Set<String> acceptedAuthorizations = ConcurrentHashMap.newKeySet();
  private final Set<String> passwordKeys = ConcurrentHashMap.newKeySet();
  private final Queue<String> passwords = new ConcurrentLinkedQueue<>();
  private final String scheme;

  public FakeKafkaConnect() {
    this(null);
  }

  /** Over HTTPS when {@code tls} is given, as a Connect worker with a listener on https://. */
  public FakeKafkaConnect(javax.net.ssl.SSLContext tls) {
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (tls == null) {
        server = HttpServer.create(address, 256);
      } else {
        com.sun.net.httpserver.HttpsServer https =
            com.sun.net.httpserver.HttpsServer.create(address, 256);
        https.setHttpsConfigurator(
            new com.sun.net.httpserver.HttpsConfigurator(tls) {
              @Override
              public void configure(com.sun.net.httpserver.HttpsParameters parameters) {
                // Once per new TLS connection: a client built anew (a new CA) connects anew.
                tlsConnections.incrementAndGet();
                super.configure(parameters);
              }
            });
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.scheme = tls == null ? "http" : "https";
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  /** TLS connections clients opened so far (HTTPS only). */
  public int tlsConnections() {
    return tlsConnections.get();
  }

  public URI url() {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} requests answer {@code status} with {@code body}. */
  public void failNext(int times, int status, String body) {
    failNext("", times, status, body, 0);
  }

  /**
   * The next {@code times} requests starting with {@code prefix} (e.g. {@code "POST /connectors"})
   * answer {@code status} with {@code body}, and with {@code Retry-After} when it is positive.
   */
  public void failNext(String prefix, int times, int status, String body, int retryAfterSeconds) {
    failurePrefix = prefix;
    failureStatus = status;
    failureBody = body;
    failureRetryAfter = retryAfterSeconds;
    failures.set(times);
  }

  public void requireBasicAuth(String user, String password) {
    acceptedAuthorizations.clear();
    acceptBasicAuth(user, password);
  }

  /** Accepts these credentials too, as a worker does while a password is being rotated. */
  public void acceptBasicAuth(String user, String password) {
    acceptedAuthorizations.add(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** Every request so far, as "password METHOD raw-path?query" (the Basic-auth password sent). */
  public List<String> requestsWithPasswords() {
    return List.copyOf(passwords);
  }

  /** Keys the connector's ConfigDef types PASSWORD, as the validate call reports them. */
  public void declarePasswords(String... keys) {
    passwordKeys.addAll(List.of(keys));
  }

  /** Every request so far, as "METHOD raw-path?query". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The connector's committed offsets, as a connector that has run would have them. */
  public void offsets(String name, List<Map<String, Object>> committed) {
    offsets.put(name, new ArrayList<>(committed));
  }

  public List<Map<String, Object>> offsetsOf(String name) {
    return List.copyOf(offsets.getOrDefault(name, List.of()));
  }

  /** Offsets changes are refused as a connector's alterOffsets refuses them, with this message. */
  public void refuseOffsets(String message) {
    refuseOffsetsWith = message;
  }

  public long count(String prefix) {
    return requests.stream().filter(r -> r.startsWith(prefix)).count();
  }

  public Map<String, Map<String, String>> connectors() {
    return Map.copyOf(configs);
  }

  /**
   * Task 0 of the connector fails with {@code trace}, as Kafka Connect reports it, until restarted.
   */
  public void failTask(String name, String trace) {
    taskTraces.put(name, trace);
  }

  public void setState(String name, String state) {
    states.put(name, state);
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String method = exchange.getRequestMethod();
    String request =
        method
            + " "
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    requests.add(request);
    byte[] body = exchange.getRequestBody().readAllBytes();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    passwords.add(password(authorization) + " " + request);
    if (!acceptedAuthorizations.isEmpty()
        && (authorization == null || !acceptedAuthorizations.contains(authorization))) {
      reply(
          exchange, 401, Map.of("error_code", 401, "message", "User cannot access the resource."));
      return;
    }
    if (request.startsWith(failurePrefix) && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      byte[] text = failureBody.getBytes(StandardCharsets.UTF_8);
      if (failureRetryAfter > 0) {
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(failureRetryAfter));
      }
      exchange.sendResponseHeaders(failureStatus, text.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(text);
      }
      return;
    }
    List<String> path = new ArrayList<>();
    for (String segment : uri.getRawPath().split("/")) {
      if (!segment.isEmpty()) {
        path.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
      }
    }
    try {
      route(exchange, method, path, body);
    } catch (RuntimeException e) {
      reply(exchange, 500, Map.of("error_code", 500, "message", String.valueOf(e)));
    }
  }

  private static String password(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return "-";
    }
    String decoded =
        new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
    return decoded.substring(decoded.indexOf(':') + 1);
  }

  private void route(HttpExchange exchange, String method, List<String> path, byte[] body)
      throws IOException {
    if (path.equals(List.of("connectors")) && method.equals("GET")) {
      Map<String, Object> all = new LinkedHashMap<>();
      configs.forEach(
          (name, config) ->
              all.put(name, Map.of("info", info(name, config), "status", status(name, config))));
      reply(exchange, 200, all);
    } else if (path.equals(List.of("connectors")) && method.equals("POST")) {
      Map<?, ?> request = JSON.readValue(body, Map.class);
      String name = String.valueOf(request.get("name"));
      if (configs.containsKey(name)) {
        reply(
            exchange,
            409,
            Map.of("error_code", 409, "message", "Connector " + name + " already exists"));
        return;
      }
      @SuppressWarnings("unchecked")
      Map<String, String> config = new LinkedHashMap<>((Map<String, String>) request.get("config"));
      config.put("name", name);
      configs.put(name, config);
      Object initial = request.get("initial_state");
      states.put(name, initial == null ? "RUNNING" : String.valueOf(initial));
      reply(exchange, 201, info(name, config));
    } else if (path.size() == 4
        && path.get(0).equals("connector-plugins")
        && path.get(2).equals("config")
        && path.get(3).equals("validate")
        && method.equals("PUT")) {
      // As Kafka Connect answers: each key's definition, and its value hidden if a PASSWORD.
      @SuppressWarnings("unchecked")
      Map<String, String> config = JSON.readValue(body, Map.class);
      List<Object> answer = new ArrayList<>();
      config.forEach(
          (key, value) -> {
            boolean password = passwordKeys.contains(key);
            answer.add(
                Map.of(
                    "definition",
                    Map.of("name", key, "type", password ? "PASSWORD" : "STRING"),
                    "value",
                    Map.of("name", key, "value", password ? "[hidden]" : value)));
          });
      reply(exchange, 200, Map.of("name", path.get(1), "error_count", 0, "configs", answer));
    } else if (path.equals(List.of("connector-plugins"))) {
      reply(
          exchange,
          200,
          List.of(
              Map.of(
                  "class",
                  "io.customconnectors.connect.dynamodb.DynamoDbSourceConnector",
                  "type",
                  "source",
                  "version",
                  "0.1.0")));
    } else if (path.size() >= 2 && path.get(0).equals("connectors")) {
      String name = path.get(1);
      String action = path.size() > 2 ? path.get(2) : "";
      boolean exists = configs.containsKey(name);
      if (action.equals("config") && method.equals("PUT")) {
        @SuppressWarnings("unchecked")
        Map<String, String> config = new LinkedHashMap<>(JSON.readValue(body, Map.class));
        config.put("name", name);
        configs.put(name, config);
        states.putIfAbsent(name, "RUNNING");
        reply(exchange, exists ? 200 : 201, info(name, config));
      } else if (!exists) {
        reply(
            exchange,
            404,
            Map.of("error_code", 404, "message", "Connector " + name + " not found"));
      } else if (action.equals("config")) {
        reply(exchange, 200, configs.get(name));
      } else if (action.equals("pause") || action.equals("resume") || action.equals("stop")) {
        states.put(
            name,
            action.equals("pause") ? "PAUSED" : action.equals("stop") ? "STOPPED" : "RUNNING");
        reply(exchange, 202, null);
      } else if (action.equals("offsets") && method.equals("GET")) {
        reply(exchange, 200, Map.of("offsets", offsets.getOrDefault(name, List.of())));
      } else if (action.equals("offsets")) {
        if (!states.get(name).equals("STOPPED")) {
          reply(
              exchange,
              400,
              Map.of(
                  "error_code",
                  400,
                  "message",
                  "Connectors must be in the STOPPED state before their offsets can be modified."
                      + " This can be done for the specified connector by issuing a 'PUT' request"
                      + " to the '/connectors/"
                      + name
                      + "/stop' endpoint"));
          return;
        }
        if (refuseOffsetsWith != null) {
          reply(exchange, 400, Map.of("error_code", 400, "message", refuseOffsetsWith));
          return;
        }
        if (method.equals("DELETE")) {
          offsets.remove(name);
          reply(
              exchange,
              200,
              Map.of("message", "The offsets for this connector have been reset successfully"));
        } else {
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> changes =
              (List<Map<String, Object>>) JSON.readValue(body, Map.class).get("offsets");
          List<Map<String, Object>> now = new ArrayList<>(offsets.getOrDefault(name, List.of()));
          for (Map<String, Object> change : changes) {
            now.removeIf(entry -> entry.get("partition").equals(change.get("partition")));
            if (change.get("offset") != null) {
              now.add(change);
            }
          }
          offsets.put(name, now);
          reply(
              exchange,
              200,
              Map.of("message", "The offsets for this connector have been altered successfully"));
        }
      } else if (action.equals("restart")) {
        states.put(name, "RUNNING");
        taskTraces.remove(name);
        reply(exchange, 202, null);
      } else if (action.equals("tasks")
          && path.size() == 5
          && path.get(4).equals("restart")
          && method.equals("POST")) {
        reply(exchange, 204, null);
      } else if (action.isEmpty() && method.equals("DELETE")) {
        configs.remove(name);
        states.remove(name);
        reply(exchange, 204, null);
      } else {
        reply(exchange, 405, Map.of("error_code", 405, "message", "not emulated"));
      }
    } else {
      reply(exchange, 404, Map.of("error_code", 404, "message", "no route"));
    }
  }

  private static Map<String, Object> info(String name, Map<String, String> config) {
    return Map.of("name", name, "config", config, "tasks", List.of(), "type", "source");
  }

  private Map<String, Object> status(String name, Map<String, String> config) {
    String state = states.getOrDefault(name, "RUNNING");
    int tasks = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
    List<Object> taskList = new ArrayList<>();
    if (!state.equals("STOPPED")) {
      for (int i = 0; i < tasks; i++) {
        String trace = i == 0 ? taskTraces.get(name) : null;
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", i);
        task.put("state", trace != null ? "FAILED" : state);
        task.put("worker_id", "fake:8083");
        if (trace != null) {
          task.put("trace", trace);
        }
        taskList.add(task);
      }
    }
    return Map.of(
        "name",
        name,
        "connector",
        Map.of("state", state, "worker_id", "fake:8083"),
        "tasks",
        taskList,
        "type",
        "source");
  }

  private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] text = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
    if (text.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(text);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
