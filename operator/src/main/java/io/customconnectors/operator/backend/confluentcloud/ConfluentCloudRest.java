package io.customconnectors.operator.backend.confluentcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.customconnectors.operator.backend.BackendException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP mechanics of Confluent Cloud's management API for one Cloud API key: Basic auth, JSON,
 * {@code Retry-After}, and its three error shapes ({@code errors[0].detail}, {@code error.message},
 * Kafka Connect's {@code message}) turned into {@link BackendException}s, plus the upload of an
 * archive to a presigned URL.
 */
final class ConfluentCloudRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String USER_AGENT = "custom-connector-operator/0.1";

  private final HttpUrl base;
  private final OkHttpClient http;
  private final OkHttpClient uploads;
  private final String authorization;

  ConfluentCloudRest(ConfluentCloudConnection connection, Duration timeout) {
    String endpoint =
        connection.endpoint() == null || connection.endpoint().isBlank()
            ? ConfluentCloudConnection.DEFAULT_ENDPOINT
            : connection.endpoint();
    HttpUrl parsed = HttpUrl.parse(endpoint);
    if (parsed == null) {
      throw new BackendException(0, "Not an http(s) URL: " + endpoint);
    }
    this.base = parsed;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.multipliedBy(2))
            .build();
    // Archives can be large; Confluent's CLI allows an upload 20 minutes.
    this.uploads =
        http.newBuilder()
            .writeTimeout(Duration.ofMinutes(20))
            .callTimeout(Duration.ofMinutes(20))
            .build();
    this.authorization =
        Credentials.basic(connection.apiKey(), connection.apiSecret(), StandardCharsets.UTF_8);
  }

  String host() {
    return base.host()
        + (base.port() == HttpUrl.defaultPort(base.scheme()) ? "" : ":" + base.port());
  }

  /**
   * One call; statuses in {@code ok} return the body (a missing node when empty), any other status
   * throws.
   */
  JsonNode send(
      String method,
      List<String> segments,
      Map<String, List<String>> query,
      Object body,
      int... ok) {
    HttpUrl.Builder url = base.newBuilder();
    segments.forEach(url::addPathSegment);
    query.forEach((name, values) -> values.forEach(value -> url.addQueryParameter(name, value)));
    Request.Builder request =
        new Request.Builder()
            .url(url.build())
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .header("Authorization", authorization);
    RequestBody content = null;
    if (body != null) {
      try {
        content = RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Cannot serialize a request body", e);
      }
    } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      content = RequestBody.create(new byte[0], JSON_TYPE);
    }
    request.method(method, content);
    String call = method + " " + url.build().encodedPath();
    try (Response response = http.newCall(request.build()).execute()) {
      String text = response.body().string();
      if (Arrays.stream(ok).anyMatch(status -> status == response.code())) {
        return text.isBlank() || response.code() >= 400 ? JSON.missingNode() : JSON.readTree(text);
      }
      throw new BackendException(
          response.code(),
          "Confluent Cloud: "
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
          "Cannot reach Confluent Cloud at " + host() + " (" + call + "): " + e.getMessage(),
          0,
          e);
    }
  }

  /**
   * Uploads an archive where a presigned URL says: AWS takes a multipart POST of every form field
   * then the file part {@code file}; GCP and Azure take the bytes in a PUT.
   */
  void upload(JsonNode presigned, String fileName, java.nio.file.Path archive) {
    String url = presigned.path("upload_url").asText();
    HttpUrl target = HttpUrl.parse(url);
    if (target == null) {
      throw new BackendException(500, "Confluent Cloud handed out an unusable upload URL");
    }
    String cloud = presigned.path("cloud").asText("AWS").toUpperCase(Locale.ROOT);
    MediaType type =
        MediaType.get(fileName.endsWith(".jar") ? "application/java-archive" : "application/zip");
    Request.Builder request = new Request.Builder().url(target).header("User-Agent", USER_AGENT);
    if (cloud.equals("AWS")) {
      MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
      presigned
          .path("upload_form_data")
          .fields()
          .forEachRemaining(
              field -> form.addFormDataPart(field.getKey(), field.getValue().asText()));
      form.addFormDataPart("file", fileName, RequestBody.create(archive.toFile(), type));
      request.post(form.build());
    } else {
      request.put(RequestBody.create(archive.toFile(), type));
      if (cloud.equals("AZURE")) {
        request.header("x-ms-blob-type", "BlockBlob");
      }
    }
    try (Response response = uploads.newCall(request.build()).execute()) {
      if (response.code() >= 400) {
        String text = response.body().string();
        // The storage's answer, not Confluent's: a 403 there is an expired or violated upload
        // policy, not a bad Cloud API key. Reported as a failed upstream call, retried with a new
        // URL.
        throw new BackendException(
            response.code() == 429 ? 429 : 502,
            "Uploading "
                + fileName
                + " to the presigned URL on "
                + target.host()
                + " answered "
                + response.code()
                + ": "
                + text.substring(0, Math.min(300, text.length())).strip(),
            retryAfterMillis(response.header("Retry-After")),
            null);
      }
    } catch (IOException e) {
      throw new BackendException(
          0, "Cannot upload " + fileName + " to " + target.host() + ": " + e.getMessage(), 0, e);
    }
  }

  /**
   * The message of any of Confluent's error shapes, as Confluent's CLI reads them: {@code
   * errors[0].detail} (and {@code resolution}), then a top-level {@code message}, then {@code
   * error.message}.
   */
  static String errorMessage(int status, String body) {
    try {
      JsonNode json = JSON.readTree(body);
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
    } catch (IOException notJson) {
      // an edge proxy's HTML page, for example
    }
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      return status == 429 ? "rate limited" : "(no body)";
    }
    return text.substring(0, Math.min(200, text.length()));
  }

  private static long retryAfterMillis(String header) {
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
