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
 * the first definition of each keyword and adds what later members add.
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
      add(merged, resolved);
    }
    ObjectNode rest = composed.deepCopy();
    rest.remove("allOf");
    add(merged, rest);
    if (merged.has("properties") && !merged.has("type")) {
      merged.put("type", "object");
    }
    return merged;
  }

  private static void add(ObjectNode into, ObjectNode member) {
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
                  if (existing instanceof ObjectNode known && property.getValue().isObject()) {
                    property
                        .getValue()
                        .fields()
                        .forEachRemaining(
                            refinement -> {
                              if (!known.has(refinement.getKey())) {
                                known.set(refinement.getKey(), refinement.getValue());
                              }
                            });
                  } else if (existing == null) {
                    properties.set(property.getKey(), property.getValue());
                  }
                });
      } else if (!into.has(keyword)) {
        into.set(keyword, value.deepCopy());
      }
    }
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
