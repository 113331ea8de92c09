package io.customconnectors.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code /healthz} (liveness) and {@code /readyz} (readiness) for the kubelet's probes, and {@code
 * /metrics} in Prometheus' text format.
 */
final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  HealthServer(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on health port " + port, e);
    }
    server.createContext("/healthz", exchange -> answer(exchange, live.getAsBoolean()));
    server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, boolean ok) throws IOException {
    byte[] body = (ok ? "ok\n" : "not ok\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
