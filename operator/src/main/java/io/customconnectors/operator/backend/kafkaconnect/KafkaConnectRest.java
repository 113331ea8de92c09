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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * HTTP mechanics of the Kafka Connect REST API for one endpoint: {@link JsonHttp} with Basic auth,
 * TLS trust, and the one answer Kafka Connect's status code alone gets wrong.
 */
final class KafkaConnectRest {

  private final HttpUrl base;
  private final JsonHttp http;
  private final Optional<JsonHttp> metrics;

  KafkaConnectRest(KafkaConnectConnection connection, Duration timeout) {
    this.base = JsonHttp.parse(connection.url());
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout.multipliedBy(2))
            .retryOnConnectionFailure(true);
    configureTls(builder, connection);
    Map<String, String> headers = new HashMap<>();
    connection
        .username()
        .ifPresent(
            user ->
                headers.put(
                    "Authorization",
                    Credentials.basic(
                        user, connection.password().orElse(""), StandardCharsets.UTF_8)));
    OkHttpClient client = builder.build();
    this.http = new JsonHttp("Kafka Connect", "", base, client, headers, this::notReady);
    // The REST API's credentials stay with the REST API: the metrics endpoint is another server.
    this.metrics =
        connection
            .metricsUrl()
            .map(
                url ->
                    new JsonHttp(
                        "Kafka Connect metrics",
                        "Kafka Connect metrics: ",
                        JsonHttp.parse(url),
                        client,
                        Map.of(),
                        null));
  }

  /** The workers' Prometheus endpoint, where the target names one. */
  Optional<JsonHttp> metrics() {
    return metrics;
  }

  String describe() {
    return base.host() + ":" + base.port();
  }

  /** JSON calls to the endpoint. */
  JsonHttp http() {
    return http;
  }

  /**
   * A starting worker serves 404 for every path until its REST resources are registered; that must
   * not be taken for "no such connector" (a delete would then drop a finalizer).
   */
  private BackendException notReady(int status, String body, String call) {
    if (status != 404 || isConnectError(body)) {
      return null;
    }
    return new BackendException(
        503,
        "Kafka Connect at "
            + describe()
            + " is not ready yet ("
            + call
            + " answered 404 without a Kafka Connect error body)",
        0,
        null);
  }

  /** Whether a body is Kafka Connect's own error JSON, {@code {"error_code":..,"message":..}}. */
  static boolean isConnectError(String body) {
    JsonNode json = JsonHttp.tree(body);
    return json != null && json.has("error_code");
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
