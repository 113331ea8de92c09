package io.customconnectors.operator.api.v1alpha1;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Manifests a user might write by mistake, each with the part of the message the API server must
 * answer. Built from the samples with one thing wrong, so every other field is valid. Used against
 * the schema in a unit test and against a real kube-apiserver in an integration test.
 */
final class MalformedManifests {

  static final String CCLOUD_PLUGIN = "confluent-cloud/10-connectorplugin.yaml";
  static final String CCLOUD_CONNECTOR = "confluent-cloud/20-customconnector.yaml";
  static final String CONNECT_PLUGIN = "kafka-connect/10-connectorplugin.yaml";
  static final String CONNECT_CONNECTOR = "kafka-connect/20-customconnector.yaml";

  private static final String SHA256 =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /**
   * One mistake. {@code update} cases first create the sample as is, then apply the edited manifest
   * over it (immutability and other transition rules).
   */
  record Case(
      String name, String sample, boolean update, Consumer<ObjectNode> edit, String expected) {

    ObjectNode original() {
      return (ObjectNode) Crds.readYaml(Crds.samplesDirectory().resolve(sample));
    }

    ObjectNode edited() {
      ObjectNode manifest = original();
      edit.accept(manifest);
      return manifest;
    }

    String kind() {
      return original().path("kind").asText();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> all() {
    return List.of(
        create(
            "plugin with two archive sources",
            CCLOUD_PLUGIN,
            m -> {
              set(m, "/spec/archive/url", "https://example.com/dynamodb.zip");
              set(m, "/spec/archive/sha256", SHA256);
            },
            "spec.archive must set exactly one of url, maven or bundled"),
        create(
            "plugin with an empty archive",
            CCLOUD_PLUGIN,
            m -> remove(m, "/spec/archive/bundled"),
            "spec.archive must set exactly one of url, maven or bundled"),
        create(
            "archive url without sha256",
            CCLOUD_PLUGIN,
            m -> {
              remove(m, "/spec/archive/bundled");
              set(m, "/spec/archive/url", "https://example.com/dynamodb.zip");
            },
            "spec.archive.sha256 is required with spec.archive.url"),
        create(
            "sha256 that is not a digest",
            CCLOUD_PLUGIN,
            m -> {
              remove(m, "/spec/archive/bundled");
              set(m, "/spec/archive/url", "https://example.com/dynamodb.zip");
              set(m, "/spec/archive/sha256", "md5:abc");
            },
            "spec.archive.sha256 must be 64 hex digits"),
        create(
            "plugin without a target",
            CONNECT_PLUGIN,
            m -> remove(m, "/spec/target"),
            "spec.target: Required value"),
        create(
            "plugin with two targets",
            CCLOUD_PLUGIN,
            m -> set(m, "/spec/target/kafkaConnect/url", "http://connect:8083"),
            "target must set exactly one of confluentCloud or kafkaConnect"),
        create(
            "connector class that is not a Java class name",
            CCLOUD_PLUGIN,
            m -> set(m, "/spec/connectorClass", "DynamoDB Source Connector"),
            "spec.connectorClass must be a fully qualified Java class name"),
        create(
            "connector type that does not exist",
            CCLOUD_PLUGIN,
            m -> set(m, "/spec/connectorType", "BOTH"),
            "Unsupported value: \"BOTH\""),
        create(
            "environment id in the wrong form",
            CCLOUD_PLUGIN,
            m -> set(m, "/spec/target/confluentCloud/environment", "production"),
            "should match '^env-[a-z0-9]+$'"),
        create(
            "tasksMax 0",
            CCLOUD_CONNECTOR,
            m -> set(m, "/spec/tasksMax", 0),
            "spec.tasksMax in body should be greater than or equal to 1"),
        create(
            "endpoint without a port (as the seed lists dynamodb.<region>.amazonaws.com)",
            CCLOUD_CONNECTOR,
            m ->
                ((ArrayNode) m.at("/spec/networking/endpoints"))
                    .set(0, "dynamodb.us-east-2.amazonaws.com"),
            "each spec.networking.endpoints entry must be host:port"),
        create(
            "endpoint with a port out of range",
            CCLOUD_CONNECTOR,
            m ->
                ((ArrayNode) m.at("/spec/networking/endpoints"))
                    .add("tagging.us-east-2.amazonaws.com:70000"),
            "each spec.networking.endpoints entry must be host:port"),
        create(
            "connector with both pluginRef and connectorClass",
            CONNECT_CONNECTOR,
            m -> {
              set(
                  m,
                  "/spec/connectorClass",
                  "io.customconnectors.connect.dynamodb.DynamoDbSourceConnector");
              set(m, "/spec/target/kafkaConnect/url", "http://connect:8083");
            },
            "set exactly one of spec.pluginRef"),
        create(
            "connectorClass without an in-cluster target",
            CONNECT_CONNECTOR,
            m -> {
              remove(m, "/spec/pluginRef");
              set(
                  m,
                  "/spec/connectorClass",
                  "io.customconnectors.connect.dynamodb.DynamoDbSourceConnector");
            },
            "spec.connectorClass needs spec.target.kafkaConnect"),
        create(
            "tasks.max in config",
            CCLOUD_CONNECTOR,
            m -> set(m, "/spec/config/tasks.max", "2"),
            "spec.config must not set tasks.max: use spec.tasksMax"),
        create(
            "Kafka secret in plain config",
            CCLOUD_CONNECTOR,
            m -> set(m, "/spec/config/kafka.api.secret", "s3cr3t"),
            "spec.config must not hold Kafka credentials"),
        create(
            "configFrom secretKeyRef without configKey",
            CCLOUD_CONNECTOR,
            m -> remove(m, "/spec/configFrom/0/configKey"),
            "spec.configFrom[].configKey is required with secretKeyRef"),
        create(
            "configFrom entry with two sources",
            CCLOUD_CONNECTOR,
            m -> set(m, "/spec/configFrom/1/secretRef/name", "dynamodb-aws-credentials"),
            "each spec.configFrom entry sets exactly one of secretKeyRef or secretRef"),
        create(
            "kafkaAuth with both an API key and a service account",
            CCLOUD_CONNECTOR,
            m -> set(m, "/spec/kafkaAuth/serviceAccountId", "sa-abc123"),
            "spec.kafkaAuth must set exactly one of apiKeySecretRef or serviceAccountId"),
        create(
            "state in the wrong case",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/state", "paused"),
            "Unsupported value: \"paused\""),
        create(
            "connector name with a slash",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/connectorName", "dynamodb/supermarket"),
            "spec.connectorName may hold letters, digits, spaces and"),
        create(
            "first restart delay above the default cap",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/restartPolicy/initialDelaySeconds", 4000),
            "spec.restartPolicy.initialDelaySeconds must not be greater than maxDelaySeconds"),
        create(
            "misspelt field",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/tasksmax", 2),
            "unknown field \"spec.tasksmax\""),
        update(
            "changing a plugin's connector class",
            CONNECT_PLUGIN,
            m -> set(m, "/spec/connectorClass", "io.example.OtherConnector"),
            "connectorClass is immutable"),
        update(
            "changing a plugin's type",
            CONNECT_PLUGIN,
            m -> set(m, "/spec/connectorType", "SINK"),
            "connectorType is immutable"),
        update(
            "moving a plugin to another target",
            CONNECT_PLUGIN,
            m -> set(m, "/spec/target/kafkaConnect/url", "http://other-connect:8083"),
            "target is immutable"),
        update(
            "renaming a connector",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/connectorName", "DynamoDB connector v2"),
            "spec.connectorName is immutable"),
        update(
            "pointing a connector at another plugin",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/pluginRef/name", "other-plugin"),
            "spec.pluginRef is immutable"),
        update(
            "dropping a connector's name",
            CONNECT_CONNECTOR,
            m -> remove(m, "/spec/connectorName"),
            "spec.connectorName cannot be added or removed after creation"),
        update(
            "giving a connector its own target after creation",
            CONNECT_CONNECTOR,
            m -> set(m, "/spec/target/kafkaConnect/url", "http://connect:8083"),
            "spec.target cannot be added or removed after creation"));
  }

  private static Case create(
      String name, String sample, Consumer<ObjectNode> edit, String expected) {
    return new Case(name, sample, false, edit, expected);
  }

  private static Case update(
      String name, String sample, Consumer<ObjectNode> edit, String expected) {
    return new Case(name, sample, true, edit, expected);
  }

  /** Sets the value at a JSON pointer, creating missing objects on the way. */
  static void set(ObjectNode root, String pointer, Object value) {
    String[] parts = pointer.substring(1).split("/");
    JsonNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = child(node, parts[i]);
      if (next == null || next.isMissingNode()) {
        next = ((ObjectNode) node).putObject(parts[i]);
      }
      node = next;
    }
    JsonNode leaf = JsonNodeFactory.instance.pojoNode(value);
    if (value instanceof String text) {
      leaf = JsonNodeFactory.instance.textNode(text);
    } else if (value instanceof Integer number) {
      leaf = JsonNodeFactory.instance.numberNode(number);
    }
    ((ObjectNode) node).set(parts[parts.length - 1], leaf);
  }

  static void remove(ObjectNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash == 0 ? root : root.at(pointer.substring(0, slash));
    ((ObjectNode) parent).remove(pointer.substring(slash + 1));
  }

  private static JsonNode child(JsonNode node, String part) {
    return node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
  }
}
