package io.customconnectors.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class HealthServerTest {

  @Test
  void probesAnswerWhatTheOperatorReports() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HealthServer server = new HealthServer(0, () -> true, ready::get, () -> "")) {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + server.port());
      assertThat(status(http, base.resolve("/healthz"))).isEqualTo(200);
      assertThat(status(http, base.resolve("/readyz"))).isEqualTo(503);
      ready.set(true);
      assertThat(status(http, base.resolve("/readyz"))).isEqualTo(200);
    }
  }

  private static int status(HttpClient http, URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
