package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites every {@code allOf} of an OpenAPI document into the single object schema it means:
 * properties merged name by name, {@code required} lists joined.
 *
 * <p>Why: the validator forbids properties a schema does not declare (which is what catches an
 * emulator answering with a misspelt field), and it does so schema by schema, so each member of an
 * {@code allOf} rejects the properties of the others. Confluent's documents refine shared schemas
 * this way everywhere ({@code metadata: allOf: [ObjectMeta, {properties: {self: {example}}}]}). The
 * validator's own combinator resolution loses the type of such refined properties; this merge keeps
 * the first definition of each keyword and adds what later members add, down into the properties
 * and items they both define.
 */
final class AllOfMerge {

  private static final int MAX_DEPTH = 32;

  private final ObjectNode document;

  private AllOfMerge(ObjectNode document) {
    this.document = document;
  }

  /** The document with every {@code allOf} merged, in place. */
  static ObjectNode apply(ObjectNode document) {
    new AllOfMerge(document).walk(document, 0);
    return document;
  }

  private void walk(JsonNode node, int depth) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if (object.has("allOf")) {
        ObjectNode merged = merge(object, depth);
        object.removeAll();
        object.setAll(merged);
      }
      List<JsonNode> children = new ArrayList<>();
      object.elements().forEachRemaining(children::add);
      children.forEach(child -> walk(child, depth));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> walk(child, depth));
    }
  }

  private ObjectNode merge(ObjectNode composed, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("allOf nested deeper than " + MAX_DEPTH + ": " + composed);
    }
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    for (JsonNode member : composed.path("allOf")) {
      ObjectNode resolved = resolve(member).deepCopy();
      if (resolved.has("allOf")) {
        resolved = merge(resolved, depth + 1);
      }
      add(merged, resolved, depth);
    }
    ObjectNode rest = composed.deepCopy();
    rest.remove("allOf");
    add(merged, rest, depth);
    if (merged.has("properties") && !merged.has("type")) {
      merged.put("type", "object");
    }
    return merged;
  }

  private void add(ObjectNode into, ObjectNode member, int depth) {
    for (Iterator<Map.Entry<String, JsonNode>> fields = member.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String keyword = field.getKey();
      JsonNode value = field.getValue();
      if (keyword.equals("required") && into.has("required")) {
        Set<String> names = new LinkedHashSet<>();
        into.get("required").forEach(name -> names.add(name.asText()));
        value.forEach(name -> names.add(name.asText()));
        ArrayNode joined = into.putArray("required");
        names.forEach(joined::add);
      } else if (keyword.equals("properties") && into.has("properties")) {
        ObjectNode properties = (ObjectNode) into.get("properties");
        value
            .fields()
            .forEachRemaining(
                property -> {
                  JsonNode existing = properties.get(property.getKey());
                  if (existing == null) {
                    properties.set(property.getKey(), property.getValue());
                  } else if (existing.isObject() && property.getValue().isObject()) {
                    properties.set(
                        property.getKey(), refined(existing, property.getValue(), depth));
                  }
                });
      } else if (keyword.equals("items") && into.path("items").isObject() && value.isObject()) {
        into.set("items", refined(into.get("items"), value, depth));
      } else if (!into.has(keyword)) {
        into.set(keyword, value.deepCopy());
      }
    }
  }

  /**
   * A sub-schema that a later member refines, as one schema. Both are flattened first because a
   * validator ignores every keyword next to a {@code $ref}: {@code spec: {$ref: Spec}} refined by
   * {@code spec: {required: [cloud]}} must become Spec's copy with that {@code required}, or the
   * requirement silently vanishes.
   */
  private ObjectNode refined(JsonNode existing, JsonNode refinement, int depth) {
    ObjectNode merged = flattened(existing, depth);
    add(merged, flattened(refinement, depth), depth + 1);
    return merged;
  }

  private ObjectNode flattened(JsonNode schema, int depth) {
    ObjectNode copy = resolve(schema).deepCopy();
    return copy.has("allOf") ? merge(copy, depth + 1) : copy;
  }

  /** A {@code $ref} to a component schema, followed; any other schema as it is. */
  private ObjectNode resolve(JsonNode member) {
    if (!member.has("$ref")) {
      return (ObjectNode) member;
    }
    String ref = member.get("$ref").asText();
    if (!ref.startsWith("#/")) {
      throw new IllegalStateException("Only local references are supported: " + ref);
    }
    JsonNode target = document.at(ref.substring(1));
    if (!target.isObject()) {
      throw new IllegalStateException("Unresolvable reference " + ref);
    }
    return (ObjectNode) target;
  }
}
