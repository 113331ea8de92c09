package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every place where Confluent Cloud sends or accepts what its own OpenAPI documents forbid, each
 * with its evidence: the schema changes in {@link #SCHEMAS}, and the answers no operation declares
 * ({@link #isRecordedUndeclaredAnswer}, {@link #declaredStandIn}). The contract follows the service
 * there, and only there: a change adds exactly the recorded properties or relaxes exactly the
 * recorded rule, in one operation's request or answer, so everything else is still checked against
 * the documents. A change that has nothing left to change (the documents caught up) fails loudly
 * instead of hiding.
 */
final class KnownDeviations {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CONNECTOR_FIXTURES =
      "recorded in the Terraform provider's acceptance-test fixtures (testdata/connector/custom)";
  private static final String PLUGIN_FIXTURES =
      "recorded in the Terraform provider's acceptance-test fixtures"
          + " (testdata/custom_connector_plugin)";

  private static final String STATUS_EXTRAS =
      """
      {"errors_from_trace": {"type": "array", "items": {"type": "object", "required": ["error"],
                             "properties": {"error": {"type": "string"}}}},
       "validation_errors": {"type": "array", "items": {"type": "string"}},
       "override_message": {"type": "string"}}
      """;
  private static final String INFO_EXTRAS =
      """
      {"tasks": {"type": "array", "items": {"$ref": "#/components/schemas/connect_v1_Connector_tasks"}},
       "type": {"type": "string", "enum": ["sink", "source"]}}
      """;
  private static final String EMPTY_EXTENSIONS =
      "{\"extensions\": {\"type\": \"object\", \"maxProperties\": 0}}";
  private static final String OBJECT_METADATA =
      "{\"metadata\": {\"$ref\": \"#/components/schemas/ObjectMeta\"}}";

  /**
   * What the documents get wrong about the service, one fact each, with the places it changes:
   * "document operationId message [at]" (method:path for documents without operation ids), message
   * being "request" or a status, at the schema's place in the body (property names joined by dots,
   * {@code name[]} for an array's items, {@code *} for a map's values; the body itself when
   * absent).
   */
  static final List<Deviation> SCHEMAS =
      List.of(
          deviation(
              declares(STATUS_EXTRAS),
              CONNECTOR_FIXTURES,
              "connect-v1 readConnectv1ConnectorStatus 200",
              "connect-v1 listConnectv1ConnectorsWithExpansions 200 *.status"),
          deviation(
              declares(INFO_EXTRAS),
              CONNECTOR_FIXTURES,
              "connect-v1 listConnectv1ConnectorsWithExpansions 200 *.info"),
          deviation(
              declares(EMPTY_EXTENSIONS),
              CONNECTOR_FIXTURES + ", always empty",
              "connect-v1 listConnectv1ConnectorsWithExpansions 200 *"),
          deviation(
              mayOmit("upload_source"),
              PLUGIN_FIXTURES + "; the documents say it is ignored outside create requests",
              "connect-custom-plugin-v1 createConnectV1CustomConnectorPlugin 201",
              "connect-custom-plugin-v1 getConnectV1CustomConnectorPlugin 200",
              "connect-custom-plugin-v1 updateConnectV1CustomConnectorPlugin 200",
              "connect-custom-plugin-v1 listConnectV1CustomConnectorPlugins 200 data[]"),
          deviation(
              declares(OBJECT_METADATA),
              "seen on the service's runtime list (the emulator's contract issue, item 7);"
                  + " in no public fixture",
              "connect-custom-plugin-v1 listConnectV1CustomConnectorRuntimes 200 data[]"),
          deviation(
              mayBeEmpty("related", "resource_name"),
              "sent by confluentinc/ccloud-sdk-go-v2 (ccpm v0.0.1), whose EnvScopedObjectReference"
                  + " has no omitempty on them; the service accepts them",
              "ccpm-v1 createCcpmV1PresignedUrl request environment",
              "ccpm-v1 createCcpmV1CustomConnectPlugin request spec.environment",
              "ccpm-v1 updateCcpmV1CustomConnectPlugin request spec.environment",
              "ccpm-v1 createCcpmV1CustomConnectPluginVersion request spec.environment"),
          deviation(
              oneOfIsAnyOf(),
              "a query that matches no points is answered {\"data\":[]}, which is a flat and a"
                  + " grouped answer at once; the document's oneOf refuses the only possible"
                  + " answer (seen on the operator's first metrics round for a new connector)",
              "metrics-v2 post:/v2/metrics/{dataset}/query 200"));

  private KnownDeviations() {}

  /** One fact about the service that its documents contradict, and the schemas it changes. */
  record Deviation(Change change, String evidence, List<String> places) {}

  private static Deviation deviation(Change change, String evidence, String... places) {
    return new Deviation(change, evidence, List.of(places));
  }

  /** A change to one schema, as narrow as the evidence. */
  interface Change {
    void applyTo(ObjectNode schema);
  }

  /** The properties (name to schema) the service sends or accepts beside the declared ones. */
  static Change declares(String properties) {
    ObjectNode added = (ObjectNode) parse(properties);
    return schema -> {
      ObjectNode declared =
          schema.has("properties")
              ? (ObjectNode) schema.get("properties")
              : schema.putObject("properties");
      added
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (declared.has(name)) {
                  throw new IllegalStateException(name + " is declared already");
                }
                declared.set(name, added.get(name).deepCopy());
              });
    };
  }

  /** A required property the service leaves out. */
  static Change mayOmit(String property) {
    return schema -> {
      JsonNode required = schema.path("required");
      for (int i = 0; i < required.size(); i++) {
        if (required.get(i).asText().equals(property)) {
          ((ArrayNode) required).remove(i);
          return;
        }
      }
      throw new IllegalStateException(property + " is not required");
    };
  }

  /** Alternatives that can both match one answer: any of them, not exactly one. */
  static Change oneOfIsAnyOf() {
    return schema -> {
      if (!schema.has("oneOf")) {
        throw new IllegalStateException("no oneOf");
      }
      schema.set("anyOf", schema.remove("oneOf"));
    };
  }

  /** Strings the documents want non-empty which the service accepts empty. */
  static Change mayBeEmpty(String... properties) {
    return schema -> {
      for (String property : properties) {
        JsonNode declared = schema.path("properties").path(property);
        if (!declared.has("minLength")) {
          throw new IllegalStateException(property + " may be empty already");
        }
        ((ObjectNode) declared).remove("minLength");
      }
    };
  }

  /** {@code merged}, a document after its allOf merge, with its deviations applied in place. */
  static ObjectNode applyTo(String document, ObjectNode merged) {
    for (Deviation deviation : SCHEMAS) {
      for (String place : deviation.places()) {
        String[] where = place.split(" ");
        if (where[0].equals(document)) {
          try {
            deviation.change().applyTo(locate(merged, where));
          } catch (RuntimeException e) {
            throw new IllegalStateException(
                "Known deviation at " + place + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return merged;
  }

  /**
   * Answers no operation declares, accepted in their exact form: a 503 comes from Confluent's edge;
   * a missing connector is Kafka Connect's {@code {"error_code":404,"message":...}} (recorded in
   * the Terraform provider's fixtures, testdata/connector/custom) where connect/v1 declares {@code
   * {"error":{...}}}, on the connector's own paths and those below it (the offsets request and its
   * status included: the emulator assumes one lookup for all); the Metrics API's 429, declared
   * without a body, comes with its usual {@code {"errors":[{"status":"429","detail":...}]}} (the
   * metrics document shows that body in its own description of the export endpoint's rate limit).
   */
  static boolean isRecordedUndeclaredAnswer(
      String document, ConfluentCloudEmulator.Exchange exchange) {
    if (exchange.status() == 503) {
      return true;
    }
    if (document.equals("metrics-v2") && exchange.status() == 429) {
      return isMetricsRateLimitError(exchange.responseBody());
    }
    if (!document.equals("connect-v1")
        || exchange.status() != 404
        || !exchange.path().matches(".*/connectors/[^/]+(/[a-z]+|/offsets/request(/status)?)?")) {
      return false;
    }
    try {
      JsonNode body = JSON.readTree(exchange.responseBody());
      return body.size() == 2
          && body.path("error_code").isInt()
          && body.path("error_code").asInt() == 404
          && body.path("message").isTextual();
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isMetricsRateLimitError(byte[] body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      if (!errors.isArray() || errors.size() != 1 || JSON.readTree(body).size() != 1) {
        return false;
      }
      JsonNode error = errors.get(0);
      List<String> fields = new ArrayList<>();
      error.fieldNames().forEachRemaining(fields::add);
      return List.of("id", "status", "code", "detail").containsAll(fields)
          && error.path("status").asText().equals("429")
          && error.path("detail").isTextual();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The declared status an undeclared one must look like: Confluent answers 403 where it means "not
   * found or unauthorized" (reference 1.3), also on operations that declare only 404.
   */
  static OptionalInt declaredStandIn(int status) {
    return status == 403 ? OptionalInt.of(404) : OptionalInt.empty();
  }

  /** The schema at a place, copied out of any shared component it was a reference to. */
  private static ObjectNode locate(ObjectNode document, String[] place) {
    JsonNode operation = operation(document, place[1]);
    JsonNode message =
        place[2].equals("request")
            ? operation.path("requestBody")
            : operation.path("responses").path(place[2]);
    ObjectNode schema =
        inlined(document, message.path("content").path("application/json"), "schema");
    for (String step : place.length > 3 ? place[3].split("\\.") : new String[0]) {
      if (step.equals("*")) {
        schema = inlined(document, schema, "additionalProperties");
      } else {
        String name = step.endsWith("[]") ? step.substring(0, step.length() - 2) : step;
        schema = inlined(document, schema.path("properties"), name);
        if (step.endsWith("[]")) {
          schema = inlined(document, schema, "items");
        }
      }
    }
    return schema;
  }

  /** An operation by its id, or by {@code method:path} where the document gives it none. */
  private static JsonNode operation(ObjectNode document, String operationId) {
    int colon = operationId.indexOf(":/");
    if (colon > 0) {
      JsonNode operation =
          document
              .path("paths")
              .path(operationId.substring(colon + 1))
              .path(operationId.substring(0, colon));
      if (!operation.isObject()) {
        throw new IllegalStateException("no operation " + operationId);
      }
      return operation;
    }
    List<JsonNode> found = new ArrayList<>();
    document
        .path("paths")
        .elements()
        .forEachRemaining(
            path ->
                path.elements()
                    .forEachRemaining(
                        operation -> {
                          if (operation.path("operationId").asText().equals(operationId)) {
                            found.add(operation);
                          }
                        }));
    if (found.size() != 1) {
      throw new IllegalStateException("no single operation " + operationId);
    }
    return found.get(0);
  }

  /**
   * The schema under {@code field}; a reference is replaced by a copy of its target first, so the
   * change stays at this one place and does not reach the component's other users.
   */
  private static ObjectNode inlined(ObjectNode document, JsonNode parent, String field) {
    JsonNode schema = parent.path(field);
    while (schema.has("$ref")) {
      schema = document.at(schema.get("$ref").asText().substring(1)).deepCopy();
      ((ObjectNode) parent).set(field, schema);
    }
    if (!schema.isObject()) {
      throw new IllegalStateException("no schema at " + field);
    }
    return (ObjectNode) schema;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
