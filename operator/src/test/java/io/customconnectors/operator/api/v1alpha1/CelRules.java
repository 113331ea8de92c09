package io.customconnectors.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * Evaluates a CRD's {@code x-kubernetes-validations} the way the API server does: each rule at the
 * schema node it is declared on, with {@code self} bound to the value there and, for transition
 * rules, {@code oldSelf} to the previous value (such rules are skipped on create).
 */
final class CelRules {

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .setResultType(SimpleType.BOOL)
          .build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /**
   * Errors in the API server's wording, e.g. {@code spec.archive: Invalid value: "object": ...}.
   */
  static List<String> evaluate(JsonNode schema, JsonNode value, JsonNode oldValue) {
    List<String> errors = new ArrayList<>();
    walk(schema, value, oldValue, "", errors);
    return errors;
  }

  private static void walk(
      JsonNode schema, JsonNode value, JsonNode oldValue, String path, List<String> errors) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      boolean transition = expression.contains("oldSelf");
      if (transition && (oldValue == null || oldValue.isMissingNode())) {
        continue;
      }
      String invalid = path + ": Invalid value: \"" + schema.path("type").asText() + "\": ";
      try {
        if (!holds(expression, value, oldValue)) {
          errors.add(invalid + rule.path("message").asText());
        }
      } catch (CelEvaluationException e) {
        // The server reports a rule that cannot be evaluated (e.g. a missing key) the same way.
        errors.add(invalid + e.getMessage() + " evaluating rule: " + expression);
      }
    }
    String prefix = path.isEmpty() ? "" : path + ".";
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            property ->
                walk(
                    property.getValue(),
                    value.get(property.getKey()),
                    oldValue == null ? null : oldValue.get(property.getKey()),
                    prefix + property.getKey(),
                    errors));
    if (schema.has("items") && value.isArray()) {
      // Lists are atomic here: the server correlates old and new items only for map and set lists.
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), null, path + "[" + i + "]", errors);
      }
    }
    if (schema.path("additionalProperties").isObject() && value.isObject()) {
      value
          .fields()
          .forEachRemaining(
              entry ->
                  walk(
                      schema.get("additionalProperties"),
                      entry.getValue(),
                      oldValue == null ? null : oldValue.get(entry.getKey()),
                      path + "[" + entry.getKey() + "]",
                      errors));
    }
  }

  static boolean holds(String expression, JsonNode self, JsonNode oldSelf)
      throws CelEvaluationException {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("self", toCel(self));
    if (oldSelf != null && !oldSelf.isMissingNode()) {
      variables.put("oldSelf", toCel(oldSelf));
    }
    return Boolean.TRUE.equals(program(expression).eval(variables));
  }

  private static CelRuntime.Program program(String expression) {
    return PROGRAMS.computeIfAbsent(
        expression,
        source -> {
          try {
            CelAbstractSyntaxTree ast = CEL.compile(source).getAst();
            return CEL.createProgram(ast);
          } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("rule '" + source + "' does not compile", e);
          }
        });
  }

  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(entry -> map.put(entry.getKey(), toCel(entry.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }
}
