package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plain HTTP calls a test makes to the emulator, as a client of Confluent Cloud would make them
 * (Basic auth with a Cloud API key, JSON bodies), plus the two upload styles of the presigned URL.
 * Deliberately thin: tests see statuses, headers and bodies exactly as sent.
 */
public final class ConfluentCloudTestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String authorization;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public ConfluentCloudTestClient(URI base, String key, String secret) {
    this(
        base,
        "Basic "
            + Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  private ConfluentCloudTestClient(URI base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** A client that sends {@code Authorization: Bearer <token>}, as the log search API wants. */
  public static ConfluentCloudTestClient withBearerToken(URI base, String token) {
    return new ConfluentCloudTestClient(base, "Bearer " + token);
  }

  /** An answer: status, headers and the body parsed as JSON (a missing node when empty). */
  public record Response(int status, Map<String, List<String>> headers, String text) {
    public JsonNode json() {
      try {
        return text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Not JSON (" + status + "): " + text, e);
      }
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .flatMap(entry -> entry.getValue().stream())
          .findFirst();
    }

    /** The body, failing with the whole answer when the status is not {@code expected}. */
    public JsonNode expect(int expected) {
      if (status != expected) {
        throw new AssertionError("Expected " + expected + " but got " + status + ": " + text);
      }
      return json();
    }
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, body);
  }

  public Response put(String path, Object body) {
    return send("PUT", path, body);
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** Any call; {@code body} is serialized as JSON unless it is already a String. */
  public Response send(String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("User-Agent", "custom-connector-operator-tests/0.1");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(text(body)));
    }
    return exchange(request.build());
  }

  /**
   * Uploads an archive the way the Confluent CLI does for the answer of a presigned-upload-url
   * call: a multipart POST of every form field and then {@code file} for AWS, a raw PUT for GCP and
   * Azure. No Authorization header: the URL carries the permission, as with real cloud storage.
   */
  public Response upload(JsonNode presigned, String fileName, byte[] archive) {
    URI url = URI.create(presigned.path("upload_url").asText());
    String cloud = presigned.path("cloud").asText("AWS");
    String contentType = fileName.endsWith(".jar") ? "application/java-archive" : "application/zip";
    if (!cloud.equals("AWS")) {
      HttpRequest.Builder put =
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", contentType)
              .PUT(HttpRequest.BodyPublishers.ofByteArray(archive));
      if (cloud.equals("AZURE")) {
        put.header("x-ms-blob-type", "BlockBlob");
      }
      return exchange(put.build());
    }
    String boundary = "----emulator" + UUID.randomUUID().toString().replace("-", "");
    List<byte[]> parts = new ArrayList<>();
    presigned
        .path("upload_form_data")
        .fields()
        .forEachRemaining(
            field ->
                parts.add(
                    ("--"
                            + boundary
                            + "\r\nContent-Disposition: form-data; name=\""
                            + field.getKey()
                            + "\"\r\n\r\n"
                            + field.getValue().asText()
                            + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
    parts.add(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: "
                + contentType
                + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    parts.add(archive);
    parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return exchange(
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
            .build());
  }

  private Response exchange(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String text(Object body) {
    if (body instanceof String string) {
      return string;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
