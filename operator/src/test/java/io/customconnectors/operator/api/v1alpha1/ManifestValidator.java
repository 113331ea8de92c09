package io.customconnectors.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates a manifest against one of the checked-in CRDs the way kube-apiserver does on {@code
 * kubectl apply}: schema defaults applied first, unknown fields rejected (kubectl's strict field
 * validation), the openAPIV3Schema checked with a JSON Schema validator, then the CEL rules. Errors
 * come out in the server's wording so tests can assert what users will read.
 */
final class ManifestValidator {

  private final JsonNode schema;
  private final JsonSchema jsonSchema;

  private ManifestValidator(JsonNode schema) {
    this.schema = schema;
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().typeLoose(false).formatAssertionsEnabled(false).build();
    this.jsonSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(strict(schema.deepCopy(), true), config);
  }

  static ManifestValidator forKind(String kind) {
    return new ManifestValidator(Crds.schema(kind));
  }

  List<String> validateCreate(JsonNode manifest) {
    return validate(null, manifest);
  }

  List<String> validateUpdate(JsonNode oldManifest, JsonNode manifest) {
    return validate(oldManifest, manifest);
  }

  private List<String> validate(JsonNode oldManifest, JsonNode manifest) {
    JsonNode current = withDefaults(manifest);
    JsonNode previous = oldManifest == null ? null : withDefaults(oldManifest);
    List<String> errors = new ArrayList<>();
    for (ValidationMessage message : jsonSchema.validate(current)) {
      errors.add(inServerWording(message));
    }
    errors.addAll(CelRules.evaluate(schema, current, previous));
    return errors;
  }

  private JsonNode withDefaults(JsonNode manifest) {
    JsonNode copy = manifest.deepCopy();
    applyDefaults(schema, copy);
    return copy;
  }

  private static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              property -> {
                JsonNode propertySchema = property.getValue();
                if (!object.has(property.getKey()) && propertySchema.has("default")) {
                  object.set(property.getKey(), propertySchema.get("default").deepCopy());
                }
                if (object.has(property.getKey())) {
                  applyDefaults(propertySchema, object.get(property.getKey()));
                }
              });
    } else if (value != null && value.isArray() && schema.has("items")) {
      value.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  /**
   * Closes every object without its own additionalProperties, as strict field validation does, and
   * lets the root carry apiVersion, kind and metadata (which the CRD schema leaves out).
   */
  private static JsonNode strict(JsonNode schema, boolean root) {
    if (schema instanceof ObjectNode object) {
      if (object.has("properties") && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      if (root) {
        ObjectNode properties = object.with("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
      }
      object.path("properties").forEach(property -> strict(property, false));
      if (object.has("items")) {
        strict(object.get("items"), false);
      }
      if (object.path("additionalProperties").isObject()) {
        strict(object.get("additionalProperties"), false);
      }
    }
    return schema;
  }

  private String inServerWording(ValidationMessage message) {
    String parent = fieldPath(message.getInstanceLocation());
    JsonNode value = message.getInstanceNode();
    String path = parent;
    JsonNode fieldSchema = schemaAt(path);
    switch (message.getType()) {
      case "required" -> {
        return join(parent, message.getProperty()) + ": Required value";
      }
      case "additionalProperties" -> {
        return "unknown field \"" + join(parent, message.getProperty()) + "\"";
      }
      case "enum" -> {
        String supported =
            StreamSupport.stream(fieldSchema.path("enum").spliterator(), false)
                .map(option -> "\"" + option.asText() + "\"")
                .collect(Collectors.joining(", "));
        return path + ": Unsupported value: " + value + ": supported values: " + supported;
      }
      case "minimum" -> {
        return invalid(path, value)
            + " in body should be greater than or equal to "
            + number(fieldSchema.path("minimum"));
      }
      case "maximum" -> {
        return invalid(path, value)
            + " in body should be less than or equal to "
            + number(fieldSchema.path("maximum"));
      }
      case "pattern" -> {
        return invalid(path, value)
            + " in body should match '"
            + fieldSchema.path("pattern").asText()
            + "'";
      }
      case "minLength" -> {
        return invalid(path, value)
            + " in body should be at least "
            + number(fieldSchema.path("minLength"))
            + " chars long";
      }
      case "maxLength" -> {
        return path
            + ": Too long: may not be more than "
            + number(fieldSchema.path("maxLength"))
            + " bytes";
      }
      case "maxItems" -> {
        return path
            + ": Too many: "
            + value.size()
            + ": must have at most "
            + number(fieldSchema.path("maxItems"))
            + " items";
      }
      case "maxProperties" -> {
        return path
            + ": Too many: "
            + value.size()
            + ": must have at most "
            + number(fieldSchema.path("maxProperties"))
            + " items";
      }
      case "type" -> {
        return invalid(path, value)
            + " in body must be of type "
            + fieldSchema.path("type").asText()
            + ": \""
            + value.getNodeType().name().toLowerCase()
            + "\"";
      }
      default -> {
        return path + ": " + message.getMessage();
      }
    }
  }

  /** Bounds as the server prints them: 1, not the 1.0 a YAML float reads back as. */
  private static String number(JsonNode bound) {
    return bound.canConvertToExactIntegral() ? Long.toString(bound.longValue()) : bound.asText();
  }

  private static String invalid(String path, JsonNode value) {
    return path + ": Invalid value: " + value + ": " + path;
  }

  private static String join(String parent, String property) {
    return parent.isEmpty() ? property : parent + "." + property;
  }

  /** The location as the API server writes it, e.g. {@code spec.configFrom[0].configKey}. */
  private static String fieldPath(JsonNodePath location) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.isEmpty() ? "" : ".").append(element);
      }
    }
    return path.toString();
  }

  private JsonNode schemaAt(String path) {
    JsonNode node = schema;
    if (path.isEmpty()) {
      return node;
    }
    for (Iterator<String> parts = List.of(path.split("\\.")).iterator(); parts.hasNext(); ) {
      String part = parts.next();
      String name = part.replaceAll("\\[.*", "");
      node = node.path("properties").path(name);
      for (int i = part.indexOf('['); i >= 0; i = part.indexOf('[', i + 1)) {
        node = node.has("items") ? node.path("items") : node.path("additionalProperties");
      }
    }
    return node;
  }
}
