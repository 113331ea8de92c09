package io.customconnectors.testkit.ccloud;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presigned upload URLs and the fake object store behind them: an S3-style bucket that takes the
 * multipart form POST (every presigned field, then the {@code file} part), and GCS/Azure-style
 * PUTs. Uploads expire like the presigned policy does, after an hour.
 */
final class Uploads {

  static final Duration VALIDITY = Duration.ofHours(1);

  record Upload(
      String id, String cloud, String format, Instant expires, String environment, byte[] content) {

    Upload withContent(byte[] bytes) {
      return new Upload(id, cloud, format, expires, environment, bytes);
    }
  }

  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Clock clock;

  Uploads(Clock clock) {
    this.clock = clock;
  }

  /** A presigned URL response body; {@code environment} is set for ccpm. */
  Map<String, Object> presign(
      URI base, String apiVersion, String cloudText, String formatText, String environment) {
    String cloud = cloudText == null ? "AWS" : cloudText.toUpperCase(Locale.ROOT);
    if (!cloud.matches("AWS|GCP|AZURE")) {
      throw new ApiException(
          400, "bad_request", "cloud must be one of AWS, GCP, AZURE", "/cloud", null);
    }
    String format = formatText == null ? "" : formatText.toUpperCase(Locale.ROOT);
    if (!format.matches("ZIP|JAR")) {
      throw new ApiException(
          400, "bad_request", "content_format must be ZIP or JAR", "/content_format", null);
    }
    String id = UUID.randomUUID().toString();
    Instant expires = clock.instant().plus(VALIDITY);
    uploads.put(id, new Upload(id, cloud, format, expires, environment, null));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("api_version", apiVersion);
    body.put("kind", "PresignedUrl");
    body.put("cloud", cloud);
    body.put("content_format", format);
    body.put("upload_id", id);
    String key = id + "/plugin." + format.toLowerCase(Locale.ROOT);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("bucket", "confluent-custom-connectors-emulator");
    form.put("key", key);
    if (cloud.equals("AWS")) {
      body.put(
          "upload_url",
          base.resolve("/upload/s3/confluent-custom-connectors-emulator/").toString());
      form.put(
          "policy",
          Base64.getEncoder().encodeToString(("{\"expiration\":\"" + expires + "\"}").getBytes()));
      form.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
      form.put(
          "x-amz-credential",
          "EMULATOR/"
              + expires.toString().substring(0, 10).replace("-", "")
              + "/us-west-2/s3/aws4_request");
      form.put(
          "x-amz-date",
          expires.minus(VALIDITY).toString().replaceAll("[-:]", "").replaceAll("\\.\\d+", ""));
      form.put("x-amz-security-token", "emulator");
      form.put("x-amz-signature", UUID.randomUUID().toString().replace("-", ""));
    } else {
      body.put(
          "upload_url",
          base.resolve("/upload/" + cloud.toLowerCase(Locale.ROOT) + "/" + key).toString());
    }
    body.put("upload_form_data", form);
    if (environment != null) {
      body.put("environment", Map.of("id", environment));
    }
    return body;
  }

  /** Stores the archive of an upload id; false when the id is unknown or its policy expired. */
  boolean accept(String key, byte[] content) {
    String id = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
    Upload upload = uploads.get(id);
    if (upload == null || clock.instant().isAfter(upload.expires())) {
      return false;
    }
    uploads.put(id, upload.withContent(content));
    return true;
  }

  Optional<Upload> get(String id) {
    return Optional.ofNullable(uploads.get(id));
  }

  /** The archive of an upload a plugin or version is created from, or a clear 400/422. */
  Upload uploaded(String id, String pointer) {
    Upload upload = uploads.get(id == null ? "" : id);
    if (upload == null) {
      throw ApiException.invalid(
          pointer, "upload_id " + id + " is unknown: request a presigned upload URL first");
    }
    if (upload.content() == null) {
      throw ApiException.invalid(
          pointer,
          "nothing was uploaded for upload_id " + id + ": upload the archive to upload_url first");
    }
    return upload;
  }
}
