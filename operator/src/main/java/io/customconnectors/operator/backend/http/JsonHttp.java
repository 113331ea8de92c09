package io.customconnectors.operator.backend.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.customconnectors.operator.backend.BackendException;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * JSON over HTTP for one REST endpoint, the mechanics both remote APIs share: encoded path segments
 * (connector names may hold spaces), JSON bodies, fixed headers, and every failure turned into a
 * {@link BackendException} with the status, the server's own message from whichever error shape it
 * sent, and its {@code Retry-After}. Request bodies never enter a message: they may hold secrets.
 */
public final class JsonHttp {

  /**
   * A look at an answer before its status is judged, for APIs whose status alone can mislead (a
   * Kafka Connect worker that is still starting answers 404 for everything); null to go on.
   */
  public interface Screen {
    BackendException check(int status, String body, String call);
  }

  /**
   * Every call, timed, by {@code api} (the service in kebab case), method and status ({@code 0}: no
   * answer): what the operator's {@code customconnectors_backend_requests_seconds} serves.
   */
  public static final String REQUESTS_METER = "customconnectors.backend.requests";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final String service;
  private final String answers;
  private final HttpUrl base;
  private final OkHttpClient http;
  private final Map<String, String> headers;
  private final Screen screen;
  private final String api;

  /**
   * @param service what the endpoint is, for messages: "Kafka Connect", "Confluent Cloud"
   * @param answers what an error answer's message starts with, before the call
   * @param headers sent with every request (Authorization among them, when there is one)
   */
  public JsonHttp(
      String service,
      String answers,
      HttpUrl base,
      OkHttpClient http,
      Map<String, String> headers,
      Screen screen) {
    this.service = service;
    this.answers = answers;
    this.base = base;
    this.http = http;
    this.headers = Map.copyOf(headers);
    this.screen = screen;
    this.api = service.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  /** The URL of an endpoint, or a BackendException that says it is not one. */
  public static HttpUrl parse(String url) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw new BackendException(0, "Not an http(s) URL: " + url);
    }
    return parsed;
  }

  /** host:port, the port left out when it is the scheme's default. */
  public String host() {
    return base.host()
        + (base.port() == HttpUrl.defaultPort(base.scheme()) ? "" : ":" + base.port());
  }

  /**
   * One call; statuses in {@code ok} return the body (a missing node when it is empty, or when the
   * expected status is an error such as 404 "no such thing"), any other status throws.
   */
  public JsonNode send(
      String method,
      List<String> segments,
      Map<String, List<String>> query,
      Object body,
      int... ok) {
    HttpUrl.Builder url = base.newBuilder();
    segments.forEach(url::addPathSegment);
    query.forEach((name, values) -> values.forEach(value -> url.addQueryParameter(name, value)));
    Request.Builder request = new Request.Builder().url(url.build());
    request.header("Accept", "application/json");
    headers.forEach(request::header);
    request.method(method, content(method, body));
    String call = method + " " + url.build().encodedPath();
    long started = System.nanoTime();
    int status = 0;
    try (Response response = http.newCall(request.build()).execute()) {
      status = response.code();
      String text = response.body().string();
      BackendException screened = screen == null ? null : screen.check(response.code(), text, call);
      if (screened != null) {
        throw screened;
      }
      if (Arrays.stream(ok).anyMatch(expected -> expected == response.code())) {
        return text.isBlank() || response.code() >= 400 ? JSON.missingNode() : JSON.readTree(text);
      }
      throw new BackendException(
          response.code(),
          answers
              + call
              + " answered "
              + response.code()
              + ": "
              + errorMessage(response.code(), text),
          retryAfterMillis(response.header("Retry-After")),
          null);
    } catch (IOException e) {
      throw new BackendException(
          0,
          "Cannot reach " + service + " at " + host() + " (" + call + "): " + e.getMessage(),
          0,
          e);
    } finally {
      timed(method, status, started);
    }
  }

  /** {@code GET} of a text endpoint (a Prometheus scrape): the body, or a BackendException. */
  public String text(List<String> segments) {
    HttpUrl.Builder url = base.newBuilder();
    segments.forEach(url::addPathSegment);
    Request.Builder request = new Request.Builder().url(url.build()).get();
    headers.forEach(request::header);
    String call = "GET " + url.build().encodedPath();
    long started = System.nanoTime();
    int status = 0;
    try (Response response = http.newCall(request.build()).execute()) {
      status = response.code();
      String text = response.body().string();
      if (response.code() == 200) {
        return text;
      }
      throw new BackendException(
          response.code(),
          answers + call + " answered " + response.code() + ": " + errorMessage(status, text),
          retryAfterMillis(response.header("Retry-After")),
          null);
    } catch (IOException e) {
      throw new BackendException(
          0,
          "Cannot reach " + service + " at " + host() + " (" + call + "): " + e.getMessage(),
          0,
          e);
    } finally {
      timed("GET", status, started);
    }
  }

  private void timed(String method, int status, long started) {
    Timer.builder(REQUESTS_METER)
        .description("Calls to Kafka Connect, Confluent Cloud and metrics endpoints")
        .tag("api", api)
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .register(Metrics.globalRegistry)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private static RequestBody content(String method, Object body) {
    if (body != null) {
      try {
        return RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Cannot serialize a request body", e);
      }
    }
    boolean needsBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    return needsBody ? RequestBody.create(new byte[0], JSON_TYPE) : null;
  }

  /**
   * The server's message from any of the error shapes these APIs send, read the way Confluent's CLI
   * reads them: {@code errors[0].detail} (and its {@code resolution}), then a top-level {@code
   * message} (Kafka Connect's {@code {"error_code":..,"message":..}} too), then {@code
   * error.message}; else the start of whatever came back (a proxy's HTML page, say).
   */
  public static String errorMessage(int status, String body) {
    JsonNode json = tree(body);
    if (json != null) {
      JsonNode first = json.path("errors").path(0);
      if (first.hasNonNull("detail") || first.hasNonNull("title")) {
        String detail = first.path("detail").asText(first.path("title").asText());
        String resolution = first.path("resolution").asText("");
        return resolution.isBlank() ? detail : detail + " (" + resolution + ")";
      }
      if (json.hasNonNull("message")) {
        return json.get("message").asText();
      }
      if (json.path("error").hasNonNull("message")) {
        return json.path("error").get("message").asText();
      }
    }
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      return status == 429 ? "rate limited" : "(no body)";
    }
    return text.substring(0, Math.min(200, text.length()));
  }

  /**
   * A JSON object's fields as strings: a connector config as Kafka Connect and Confluent send it.
   */
  public static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  /** A config as strings when the answer is an object; empty for "no such thing" (404). */
  public static Optional<Map<String, String>> object(JsonNode answer) {
    return answer.isObject() ? Optional.of(strings(answer)) : Optional.empty();
  }

  /**
   * Source offsets as Kafka Connect and Confluent Cloud list them: {@code [{partition, offset}]}.
   */
  public static List<io.customconnectors.operator.backend.SourceOffset> offsets(JsonNode array) {
    List<io.customconnectors.operator.backend.SourceOffset> offsets = new java.util.ArrayList<>();
    for (JsonNode entry : array) {
      offsets.add(
          new io.customconnectors.operator.backend.SourceOffset(
              scalars(entry.path("partition")), scalars(entry.path("offset"))));
    }
    return offsets;
  }

  private static Map<String, Object> scalars(JsonNode object) {
    Map<String, Object> values = new LinkedHashMap<>();
    object
        .properties()
        .forEach(
            e -> {
              JsonNode value = e.getValue();
              values.put(
                  e.getKey(),
                  value.isNumber()
                      ? value.numberValue()
                      : value.isBoolean()
                          ? (Object) value.booleanValue()
                          : value.isValueNode() ? value.asText() : value.toString());
            });
    return values;
  }

  /** The body as JSON, or null when it is not JSON. */
  public static JsonNode tree(String body) {
    try {
      return body == null ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }

  /** {@code Retry-After} in seconds as milliseconds; 0 when absent or an HTTP date. */
  public static long retryAfterMillis(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()) * 1000);
    } catch (NumberFormatException httpDate) {
      return 0;
    }
  }
}
