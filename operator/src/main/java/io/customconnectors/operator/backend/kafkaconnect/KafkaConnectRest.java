package io.customconnectors.operator.backend.kafkaconnect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.customconnectors.operator.backend.BackendException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP mechanics of the Kafka Connect REST API for one endpoint: URL building with encoded path
 * segments (connector names may hold spaces), Basic auth, TLS trust, JSON, and Kafka Connect's
 * {@code {"error_code":409,"message":"..."}} errors turned into {@link BackendException}s.
 */
final class KafkaConnectRest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final HttpUrl base;
  private final OkHttpClient http;
  private final String authorization;

  KafkaConnectRest(KafkaConnectConnection connection, Duration timeout) {
    HttpUrl parsed = HttpUrl.parse(connection.url());
    if (parsed == null) {
      throw new BackendException(0, "Not an http(s) URL: " + connection.url());
    }
    this.base = parsed;
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.multipliedBy(2))
            .retryOnConnectionFailure(true);
    configureTls(builder, connection);
    this.http = builder.build();
    this.authorization =
        connection.username().isPresent()
            ? Credentials.basic(
                connection.username().get(),
                connection.password().orElse(""),
                StandardCharsets.UTF_8)
            : null;
  }

  String describe() {
    return base.host() + ":" + base.port();
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
        new Request.Builder().url(url.build()).header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    RequestBody content = null;
    if (body != null) {
      try {
        content = RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Cannot serialize a request body", e);
      }
    } else if (method.equals("POST") || method.equals("PUT")) {
      content = RequestBody.create(new byte[0], JSON_TYPE);
    }
    request.method(method, content);
    String call = method + " " + url.build().encodedPath();
    try (Response response = http.newCall(request.build()).execute()) {
      String text = response.body().string();
      if (response.code() == 404 && !isConnectError(text)) {
        // A starting worker serves 404 for every path until its REST resources are registered;
        // that must not be taken for "no such connector" (a delete would then drop a finalizer).
        throw new BackendException(
            503,
            "Kafka Connect at "
                + describe()
                + " is not ready yet ("
                + call
                + " answered 404 without"
                + " a Kafka Connect error body)",
            0,
            null);
      }
      if (Arrays.stream(ok).anyMatch(status -> status == response.code())) {
        // An expected 404 means "no such thing": callers get nothing, not the error body.
        return text.isBlank() || response.code() == 404 ? JSON.missingNode() : JSON.readTree(text);
      }
      throw new BackendException(
          response.code(),
          call + " answered " + response.code() + ": " + errorMessage(text),
          retryAfterMillis(response.header("Retry-After")),
          null);
    } catch (IOException e) {
      throw new BackendException(
          0,
          "Cannot reach Kafka Connect at " + describe() + " (" + call + "): " + e.getMessage(),
          0,
          e);
    }
  }

  /** Whether a body is Kafka Connect's own error JSON, {@code {"error_code":..,"message":..}}. */
  static boolean isConnectError(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json != null && json.has("error_code");
    } catch (IOException notJson) {
      return false;
    }
  }

  /** Kafka Connect's {@code message}, or the start of whatever else came back. */
  static String errorMessage(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.hasNonNull("message")) {
        return json.get("message").asText();
      }
    } catch (IOException notJson) {
      // a proxy's HTML page, for example
    }
    String text = body == null ? "" : body.strip();
    return text.isEmpty() ? "(no body)" : text.substring(0, Math.min(200, text.length()));
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

  private static void configureTls(
      OkHttpClient.Builder builder, KafkaConnectConnection connection) {
    if (!connection.insecureSkipVerify() && connection.caCertificatesPem().isEmpty()) {
      return;
    }
    try {
      X509TrustManager trust =
          connection.insecureSkipVerify()
              ? new TrustEverything()
              : withExtraCertificates(connection.caCertificatesPem().get());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trust}, new SecureRandom());
      builder.sslSocketFactory(tls.getSocketFactory(), trust);
      if (connection.insecureSkipVerify()) {
        builder.hostnameVerifier((host, session) -> true);
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new BackendException(0, "Cannot set up TLS for " + connection.url() + ": " + e, 0, e);
    }
  }

  /** The JVM's trusted CAs plus the given PEM certificates. */
  private static X509TrustManager withExtraCertificates(String pem)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    TrustManagerFactory defaults =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    int index = 0;
    for (TrustManager manager : defaults.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        for (X509Certificate issuer : x509.getAcceptedIssuers()) {
          store.setCertificateEntry("default-" + index++, issuer);
        }
      }
    }
    List<Certificate> extra =
        new ArrayList<>(
            CertificateFactory.getInstance("X.509")
                .generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    if (extra.isEmpty()) {
      throw new GeneralSecurityException("the CA secret holds no PEM certificate");
    }
    for (Certificate certificate : extra) {
      store.setCertificateEntry("extra-" + index++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509 trust manager");
  }

  /** For {@code tls.insecureSkipVerify: true} only: a test cluster with a self-signed cert. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // trusts everything, by the user's explicit choice
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // trusts everything, by the user's explicit choice
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
