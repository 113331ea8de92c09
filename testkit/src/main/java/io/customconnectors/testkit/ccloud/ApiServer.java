package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The emulator's HTTP front: Cloud API key authentication, injected faults, routing, error shapes,
 * {@code X-Request-Id}, and listeners that see every exchange (the OpenAPI contract test is one).
 */
final class ApiServer implements AutoCloseable {

  /** Sees every request and its response. */
  interface Listener {
    void exchanged(Call call, Optional<Router.Route> route, Reply reply);
  }

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final Router router;
  private final Map<String, String> apiKeys;
  private final Faults faults;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final URI base;

  ApiServer(Router router, Map<String, String> apiKeys, Faults faults, int port) {
    this.router = router;
    this.apiKeys = apiKeys;
    this.faults = faults;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    server.createContext("/", this::serve);
    server.setExecutor(threads);
    server.start();
  }

  URI base() {
    return base;
  }

  void listen(Listener listener) {
    listeners.add(listener);
  }

  private void serve(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Call call =
        new Call(
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            exchange.getRequestHeaders(),
            body,
            base,
            exchange.getRemoteAddress().getAddress().getHostAddress());
    Optional<Router.Route> route = router.match(call);
    Reply reply = dispatch(call, route);
    reply = reply.withHeader("X-Request-Id", UUID.randomUUID().toString());
    for (Listener listener : listeners) {
      try {
        listener.exchanged(call, route, reply);
      } catch (RuntimeException e) {
        log.warn("Exchange listener failed on {} {}", call.method, call.path, e);
      }
    }
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    boolean noBody =
        reply.body().length == 0 || reply.status() == 204 || call.method.equals("HEAD");
    exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
    exchange.close();
  }

  private Reply dispatch(Call call, Optional<Router.Route> route) {
    ErrorShape shape = route.map(Router.Route::shape).orElse(shapeFor(call.path));
    List<Faults.Rule> applying = faults.take(call.method, call.path);
    for (Faults.Rule rule : applying) {
      if (!rule.latency.isZero()) {
        sleep(rule.latency.toMillis());
      }
    }
    Optional<Faults.Rule> failure = faults.firstFailure(applying);
    if (failure.isPresent()) {
      return injected(failure.get(), shape);
    }
    if (route.isEmpty()) {
      return router.knowsPath(call.path)
          ? new ApiException(
                  405,
                  "method_not_allowed",
                  call.method + " is not allowed on " + call.path,
                  null,
                  null)
              .reply(shape)
          : ApiException.notFound("No such resource: " + call.path).reply(shape);
    }
    if (route.get().authenticated() && !authenticated(call)) {
      return unauthorized(shape);
    }
    Reply reply;
    try {
      reply = route.get().handler().handle(call);
    } catch (ApiException e) {
      reply = e.reply(shape);
    } catch (Exception e) {
      log.error("Emulator failed on {} {}", call.method, call.pathAndQuery(), e);
      reply =
          new ApiException(500, "internal_error", "Internal error: " + e.getMessage(), null, null)
              .reply(shape);
    }
    if (reply.status() == 404 && faults.forbiddenInsteadOfNotFound()) {
      return new ApiException(403, "user_unauthorized", "Forbidden Access", null, null)
          .reply(shape);
    }
    return reply;
  }

  private boolean authenticated(Call call) {
    Optional<String> header = call.header("Authorization");
    if (header.isEmpty() || !header.get().startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.get().substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    return colon > 0
        && decoded.substring(colon + 1).equals(apiKeys.get(decoded.substring(0, colon)));
  }

  private static Reply unauthorized(ErrorShape shape) {
    Reply reply =
        new ApiException(
                401,
                "user_unauthenticated",
                shape.connect() ? "Unauthorized" : "The API Key is invalid",
                null,
                null)
            .reply(shape);
    return reply.withHeader(
        "WWW-Authenticate",
        "Basic error=\"invalid_key\", error_description=\"The API Key is invalid\"");
  }

  private static Reply injected(Faults.Rule rule, ErrorShape shape) {
    if (rule.status == 429) {
      long seconds = Math.max(1, rule.retryAfter.toSeconds());
      return Reply.empty(429)
          .withHeader("Retry-After", Long.toString(seconds))
          .withHeader("X-RateLimit-Limit", "100")
          .withHeader("X-RateLimit-Remaining", "0")
          .withHeader("X-RateLimit-Reset", Long.toString(seconds));
    }
    return new ApiException(
            rule.status,
            "injected_fault",
            ErrorShape.title(rule.status) + " (injected fault)",
            null,
            null)
        .reply(shape);
  }

  static ErrorShape shapeFor(String path) {
    if (path.startsWith("/connect/v1/environments/")) {
      return ErrorShape.CONNECT;
    }
    return path.startsWith("/v2/metrics/") ? ErrorShape.METRICS_FAILURE : ErrorShape.FAILURE;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
