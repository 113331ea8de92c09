package io.customconnectors.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Confluent Cloud emulator as a pod sees it. The emulator listens on 127.0.0.1 and writes that
 * address into the presigned upload URLs it hands out, where an operator in a pod would upload to
 * itself; this relay forwards every call and puts the address pods use into the answers instead.
 */
final class EmulatorRelay implements AutoCloseable {

  /** Headers that describe one connection, not the call: each side sets its own. */
  private static final Set<String> CONNECTION_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "transfer-encoding",
          "upgrade");

  private final URI emulator;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile URI seenByPodsAs;

  EmulatorRelay(URI emulator) {
    this.emulator = emulator;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::relay);
    server.setExecutor(threads);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The relay's address as pods reach it, written into answers in place of the emulator's. */
  void seenByPodsAs(URI url) {
    this.seenByPodsAs = url;
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(emulator.resolve(exchange.getRequestURI().toString()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> copy(name, values, request::header));
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] answer = rewritten(response);
      for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
        copy(header.getKey(), header.getValue(), exchange.getResponseHeaders()::add);
      }
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  private byte[] rewritten(HttpResponse<byte[]> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    URI replacement = seenByPodsAs;
    if (replacement == null || !(type.contains("json") || type.startsWith("text/"))) {
      return response.body();
    }
    return new String(response.body(), StandardCharsets.UTF_8)
        .replace(emulator.toString(), replacement.toString())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void copy(String name, List<String> values, BiConsumer<String, String> to) {
    if (name.startsWith(":") || CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return;
    }
    values.forEach(value -> to.accept(name, value));
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
