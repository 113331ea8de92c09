package io.customconnectors.operator.backend.confluentcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP mechanics of Confluent Cloud's management API for one Cloud API key: {@link JsonHttp} with
 * Basic auth, plus the upload of an archive to a presigned URL.
 */
final class ConfluentCloudRest {

  private static final String USER_AGENT = "custom-connector-operator/0.1";

  private final JsonHttp http;
  private final OkHttpClient uploads;

  ConfluentCloudRest(ConfluentCloudConnection connection, Duration timeout) {
    String endpoint =
        connection.endpoint() == null || connection.endpoint().isBlank()
            ? ConfluentCloudConnection.DEFAULT_ENDPOINT
            : connection.endpoint();
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.multipliedBy(2))
            .build();
    // Archives can be large; Confluent's CLI allows an upload 20 minutes.
    this.uploads =
        client
            .newBuilder()
            .writeTimeout(Duration.ofMinutes(20))
            .callTimeout(Duration.ofMinutes(20))
            .build();
    this.http =
        new JsonHttp(
            "Confluent Cloud",
            "Confluent Cloud: ",
            JsonHttp.parse(endpoint),
            client,
            Map.of(
                "User-Agent",
                USER_AGENT,
                "Authorization",
                Credentials.basic(
                    connection.apiKey(), connection.apiSecret(), StandardCharsets.UTF_8)),
            null);
  }

  String host() {
    return http.host();
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
    return http.send(method, segments, query, body, ok);
  }

  /**
   * Uploads an archive where a presigned URL says: AWS takes a multipart POST of every form field
   * then the file part {@code file}; GCP and Azure take the bytes in a PUT.
   */
  void upload(JsonNode presigned, String fileName, Path archive) {
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
            JsonHttp.retryAfterMillis(response.header("Retry-After")),
            null);
      }
    } catch (IOException e) {
      throw new BackendException(
          0, "Cannot upload " + fileName + " to " + target.host() + ": " + e.getMessage(), 0, e);
    }
  }
}
