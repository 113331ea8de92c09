package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Closes the value schemas of maps ({@code additionalProperties: {schema}}) the way the validator
 * closes every other object schema, with {@code additionalProperties: false} where a schema
 * declares properties and says nothing about others.
 *
 * <p>Why: the validator injects that itself, but it never descends into a map's value schema, so a
 * misspelt field anywhere inside an expanded connector list entry ({@code info}, {@code status},
 * {@code status.connector}, a task) passed unnoticed while the same field in a single connector's
 * status was rejected.
 */
final class StrictMapValues {

  private final ObjectNode document;
  private final Set<String> closedReferences = new HashSet<>();

  private StrictMapValues(ObjectNode document) {
    this.document = document;
  }

  /** The document with every map's value schema closed, in place. */
  static ObjectNode apply(ObjectNode document) {
    StrictMapValues strict = new StrictMapValues(document);
    List<JsonNode> valueSchemas = new ArrayList<>();
    collectValueSchemas(document, valueSchemas);
    valueSchemas.forEach(strict::close);
    return document;
  }

  private static void collectValueSchemas(JsonNode node, List<JsonNode> into) {
    if (node.path("additionalProperties").isObject()) {
      into.add(node.get("additionalProperties"));
    }
    node.elements().forEachRemaining(child -> collectValueSchemas(child, into));
  }

  private void close(JsonNode schema) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (ref.startsWith("#/") && closedReferences.add(ref)) {
        close(document.at(ref.substring(1)));
      }
      return;
    }
    ObjectNode object = (ObjectNode) schema;
    // The validator leaves polymorphic schemas open too: their members declare the properties.
    if (object.has("properties")
        && !object.has("additionalProperties")
        && !object.has("discriminator")) {
      object.put("additionalProperties", false);
    }
    object.path("properties").elements().forEachRemaining(this::close);
    close(object.path("items"));
    close(object.path("additionalProperties"));
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      object.path(combinator).elements().forEachRemaining(this::close);
    }
  }
}
