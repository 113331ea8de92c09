package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading and checking request fields, with 422 answers that point at the field. */
final class Fields {

  static final String CLASS_NAME =
      "^(([a-zA-Z][a-zA-Z_$0-9]*(\\.[a-zA-Z][a-zA-Z_$0-9]*)*)\\.)?([a-zA-Z][a-zA-Z_$0-9]*)$";

  private Fields() {}

  static String required(JsonNode body, String field, String pointer, int maxLength) {
    String value = optional(body, field, pointer, maxLength);
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(pointer, field + " is required");
    }
    return value;
  }

  static String optional(JsonNode body, String field, String pointer, int maxLength) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.invalid(pointer, field + " must be a string");
    }
    if (node.asText().length() > maxLength) {
      throw ApiException.invalid(pointer, field + " must be at most " + maxLength + " characters");
    }
    return node.asText();
  }

  static String oneOf(String value, String field, String pointer, String... allowed) {
    for (String option : allowed) {
      if (option.equals(value)) {
        return value;
      }
    }
    throw ApiException.invalid(pointer, field + " must be one of " + String.join(", ", allowed));
  }

  static String link(String value, String pointer) {
    if (value != null && !value.isEmpty() && !value.matches("^https?://.*")) {
      throw ApiException.invalid(
          pointer, "documentation_link must be empty or start with http:// or https://");
    }
    return value;
  }

  static String className(String value, String pointer) {
    if (!value.matches(CLASS_NAME) || value.length() > 150) {
      throw ApiException.invalid(
          pointer, "connector_class must be a Java class name of at most 150 characters");
    }
    return value;
  }

  static List<String> sensitive(JsonNode body, String pointer) {
    List<String> keys = new ArrayList<>();
    JsonNode list = body.get("sensitive_config_properties");
    if (list == null || list.isNull()) {
      return keys;
    }
    for (JsonNode key : list) {
      if (!key.isTextual() || key.asText().length() > 150 || !key.asText().matches("^[\\w+.-]+$")) {
        throw ApiException.invalid(
            pointer,
            "sensitive_config_properties entries must match ^[\\w\\+\\.-]+$ (at most 150 characters)");
      }
      keys.add(key.asText());
    }
    return keys;
  }
}
