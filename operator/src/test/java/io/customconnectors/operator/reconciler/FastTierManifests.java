package io.customconnectors.operator.reconciler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.PluginRef;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.Target;

/** The walkthrough's resources, as the fast reconciler tests apply them. */
final class FastTierManifests {

  private FastTierManifests() {}

  /** The DynamoDB plugin on the Kafka Connect at {@code url}. */
  static ConnectorPlugin kafkaConnectPlugin(String url) {
    KafkaConnectTarget connect = new KafkaConnectTarget();
    connect.setUrl(url);
    Target target = new Target();
    target.setKafkaConnect(connect);
    return plugin("DynamoDB", target);
  }

  /** The DynamoDB plugin, bundled, uploaded to Confluent Cloud environment env-1. */
  static ConnectorPlugin confluentCloudPlugin(String endpoint) {
    ConnectorPlugin plugin = plugin("DynamoDB Custom connector", confluentCloud("lkc-1", endpoint));
    plugin.getSpec().setSensitiveConfigProperties(List.of("aws.secret.key"));
    PluginArchive archive = new PluginArchive();
    archive.setBundled(BundledArchive.DYNAMODB_SOURCE);
    plugin.getSpec().setArchive(archive);
    return plugin;
  }

  /** The plugin with its archive at {@code url} instead. */
  static ConnectorPlugin fromUrl(ConnectorPlugin plugin, String url, String sha256) {
    PluginArchive archive = new PluginArchive();
    archive.setUrl(url);
    archive.setSha256(sha256);
    plugin.getSpec().setArchive(archive);
    return plugin;
  }

  /**
   * A trace the DynamoDB connector produced on the test bed's worker (kept under
   * src/test/resources/errors/, taken from the worker's log, never written by hand).
   */
  static String trace(String name) {
    try (var in = FastTierManifests.class.getResourceAsStream("/errors/" + name + ".trace")) {
      if (in == null) {
        throw new IllegalStateException("no recorded trace errors/" + name + ".trace");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Confluent Hub style ZIP whose manifest declares {@code version}. */
  static byte[] archive(String version) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      out.putNextEntry(new ZipEntry("customconnectors-dynamodb/manifest.json"));
      out.write(("{\"version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static ConnectorPlugin plugin(String displayName, Target target) {
    ConnectorPlugin plugin = new ConnectorPlugin();
    plugin.getMetadata().setName("dynamodb-source");
    ConnectorPluginSpec spec = new ConnectorPluginSpec();
    spec.setDisplayName(displayName);
    spec.setConnectorClass(ReconcilerHarness.CONNECTOR_CLASS);
    spec.setConnectorType(ConnectorType.SOURCE);
    spec.setTarget(target);
    plugin.setSpec(spec);
    return plugin;
  }

  /** Environment env-1 with its Cloud API key in Secret ccloud-api. */
  static Target confluentCloud(String kafkaCluster, String endpoint) {
    ConfluentCloudTarget cloud = new ConfluentCloudTarget();
    cloud.setEnvironment("env-1");
    cloud.setKafkaCluster(kafkaCluster);
    cloud.setEndpoint(endpoint);
    cloud.setCredentialsSecretRef(apiKey("ccloud-api"));
    Target target = new Target();
    target.setConfluentCloud(cloud);
    return target;
  }

  /** The walkthrough's connector on the plugin, its AWS secret key from Secret aws. */
  static CustomConnector connector(String name) {
    CustomConnector connector = new CustomConnector();
    connector.getMetadata().setName(name);
    CustomConnectorSpec spec = new CustomConnectorSpec();
    PluginRef ref = new PluginRef();
    ref.setName("dynamodb-source");
    spec.setPluginRef(ref);
    spec.setConfig(Map.of("aws.region", "us-east-2"));
    spec.setConfigFrom(List.of(awsSecretKey()));
    connector.setSpec(spec);
    return connector;
  }

  /** The same on Confluent Cloud, with its Kafka API key from Secret kafka-api. */
  static CustomConnector cloudConnector(String name) {
    CustomConnector connector = connector(name);
    KafkaAuth auth = new KafkaAuth();
    auth.setApiKeySecretRef(apiKey("kafka-api"));
    connector.getSpec().setKafkaAuth(auth);
    return connector;
  }

  static ConfigFromSource awsSecretKey() {
    ConfigFromSource source = new ConfigFromSource();
    source.setConfigKey("aws.secret.key");
    SecretKeyRef key = new SecretKeyRef();
    key.setName("aws");
    key.setKey("secret-access-key");
    source.setSecretKeyRef(key);
    return source;
  }

  static ApiKeySecretRef apiKey(String secret) {
    ApiKeySecretRef ref = new ApiKeySecretRef();
    ref.setName(secret);
    return ref;
  }
}
