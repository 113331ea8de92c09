package io.customconnectors.operator.reconciler;

import static io.customconnectors.operator.reconciler.OperatorTestBed.awaitConnector;
import static io.customconnectors.operator.reconciler.OperatorTestBed.ready;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customconnectors.operator.api.v1alpha1.ApiServerWithCrds;
import io.customconnectors.operator.api.v1alpha1.BasicAuthSecretRef;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.api.v1alpha1.Tls;
import io.customconnectors.operator.backend.kafkaconnect.FakeKafkaConnect;
import io.customconnectors.operator.backend.kafkaconnect.SelfSignedCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A Secret rotated while its connector is RUNNING and healthy, on the real API server with the
 * operator's own informers: the new value must reach the worker within about a poll interval (the
 * operator here polls every second), although nothing about the connector changed. Without the
 * Secret watch nothing would reconcile a healthy connector and the old password would stay in use.
 * The worker is the in-memory Kafka Connect, which accepts both passwords during the rotation.
 */
class SecretRotationIT {

  private static final Duration WITHIN = Duration.ofSeconds(15);

  private static KubernetesClient client;
  private FakeKafkaConnect connect;
  private FakeKafkaConnect tlsConnect;
  private String namespace;

  @BeforeAll
  static void startTheOperator() {
    client = OperatorTestBed.start();
  }

  @BeforeEach
  void namespaceAndWorker() {
    namespace = ApiServerWithCrds.newNamespace("rotation");
    client.resource(OperatorTestBed.awsSecret(namespace)).create();
    connect = new FakeKafkaConnect();
    connect.requireBasicAuth("operator", "first-password");
  }

  @AfterEach
  void cleanUp() {
    client.resources(CustomConnector.class).inNamespace(namespace).delete();
    client.resources(ConnectorPlugin.class).inNamespace(namespace).delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                        .resources(CustomConnector.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client
                        .resources(ConnectorPlugin.class)
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty());
    connect.close();
    if (tlsConnect != null) {
      tlsConnect.close();
    }
  }

  @Test
  void theBasicAuthSecretOfTheConnectorsOwnTargetIsUsedAtOnce() {
    client.resource(basicAuth("plugin-auth", "first-password")).create();
    client.resource(basicAuth("connector-auth", "first-password")).create();
    client.resource(plugin("plugin-auth")).create();
    CustomConnector connector = connector();
    connector.getSpec().setTarget(target("connector-auth"));
    client.resource(connector).create();
    awaitConnector(namespace, "rotating", "running", ready());

    rotate("connector-auth", "second-password");

    awaitPolledWith("second-password");
  }

  @Test
  void theBasicAuthSecretOfATargetInheritedFromThePluginIsUsedAtOnce() {
    client.resource(basicAuth("plugin-auth", "first-password")).create();
    client.resource(plugin("plugin-auth")).create();
    client.resource(connector()).create();
    awaitConnector(namespace, "rotating", "running", ready());

    rotate("plugin-auth", "second-password");

    awaitPolledWith("second-password");
  }

  @Test
  void aRotatedCaSecretIsUsedAtOnce(@TempDir Path dir) throws Exception {
    SelfSignedCertificate certificate = new SelfSignedCertificate(dir);
    FakeKafkaConnect tls = new FakeKafkaConnect(certificate.serverContext);
    tlsConnect = tls;
    // The plugin trusts the worker through a CA Secret of its own, which stays as it is: only the
    // connector's own target's CA is rotated, so only the Secret watch can make it reconcile.
    client.resource(caSecret("plugin-ca", certificate.pem)).create();
    client.resource(caSecret("connect-ca", certificate.pem)).create();
    ConnectorPlugin plugin =
        OperatorTestBed.plugin(
            namespace, "dynamodb-source", OperatorTestBed.CONNECTOR_CLASS, tls.url().toString());
    plugin.getSpec().getTarget().getKafkaConnect().setTls(trusting("plugin-ca"));
    client.resource(plugin).create();
    CustomConnector connector = connector();
    KafkaConnectTarget own = new KafkaConnectTarget();
    own.setUrl(tls.url().toString());
    own.setTls(trusting("connect-ca"));
    Target target = new Target();
    target.setKafkaConnect(own);
    connector.getSpec().setTarget(target);
    client.resource(connector).create();
    awaitConnector(namespace, "rotating", "running", ready());
    int connections = tls.tlsConnections();

    // A bundle with the next CA added, as a rotation starts: the polls' kept-alive connection
    // would serve on for minutes; a client built with the new bundle connects anew.
    client.resource(caSecret("connect-ca", certificate.pem + "\n" + certificate.pem)).update();

    long started = System.nanoTime();
    await("a client with the rotated CA bundle connects")
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> tls.tlsConnections() > connections);
    System.out.printf(
        "SecretRotationIT: rotated CA bundle in use after %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    awaitConnector(namespace, "rotating", "still running", ready());
  }

  private static Tls trusting(String secret) {
    SecretKeyRef ca = new SecretKeyRef();
    ca.setName(secret);
    ca.setKey("ca.crt");
    Tls tls = new Tls();
    tls.setCaSecretKeyRef(ca);
    return tls;
  }

  private Secret caSecret(String name, String pem) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("ca.crt", pem))
        .build();
  }

  /** The worker takes both passwords from now on; the Secret then holds the second. */
  private void rotate(String secret, String password) {
    connect.acceptBasicAuth("operator", password);
    client.resource(basicAuth(secret, password)).update();
  }

  /** A poll of the worker's connectors carries the new password soon after the rotation. */
  private void awaitPolledWith(String password) {
    long started = System.nanoTime();
    await("the worker is polled with the rotated password")
        .atMost(WITHIN)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                connect.requestsWithPasswords().stream()
                    .anyMatch(r -> r.startsWith(password + " GET /connectors?")));
    System.out.printf(
        "SecretRotationIT: rotated password in use after %d ms (poll interval 1 s)%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  private Secret basicAuth(String name, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("username", "operator", "password", password))
        .build();
  }

  private Target target(String secret) {
    KafkaConnectTarget kafkaConnect = new KafkaConnectTarget();
    kafkaConnect.setUrl(connect.url().toString());
    BasicAuthSecretRef auth = new BasicAuthSecretRef();
    auth.setName(secret);
    kafkaConnect.setBasicAuthSecretRef(auth);
    Target target = new Target();
    target.setKafkaConnect(kafkaConnect);
    return target;
  }

  private ConnectorPlugin plugin(String secret) {
    ConnectorPlugin plugin =
        OperatorTestBed.plugin(
            namespace,
            "dynamodb-source",
            OperatorTestBed.CONNECTOR_CLASS,
            connect.url().toString());
    plugin.getSpec().setTarget(target(secret));
    return plugin;
  }

  private CustomConnector connector() {
    return OperatorTestBed.seedConnector(namespace, "rotating", "rotating-" + namespace);
  }
}
