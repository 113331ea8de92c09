package io.customconnectors.connect.dynamodb.record;

import java.util.regex.Pattern;

/**
 * Attribute and topic names turned into names Avro and Connect schemas accept: a field name starts
 * with a letter or '_' and holds only letters, digits and '_'; a schema name is such names joined
 * by dots.
 */
final class AttributeNames {

  /** Every leading character a name cannot start with, then every invalid character after. */
  private static final Pattern INVALID_FIELD_CHARACTERS =
      Pattern.compile("^[^a-zA-Z_]+|[^a-zA-Z0-9_]");

  /**
   * trustpilot's rule: one leading character that cannot start a name, then every invalid character
   * after the first position.
   */
  private static final Pattern TRUSTPILOT_INVALID_CHARACTERS =
      Pattern.compile("^[^a-zA-Z_]|(?<!^)[^a-zA-Z0-9_]");

  private AttributeNames() {}

  /** A field name: "Order ID" → "OrderID", "12x" → "x". Empty when nothing usable is left. */
  static String field(String attribute) {
    return INVALID_FIELD_CHARACTERS.matcher(attribute).replaceAll("");
  }

  /**
   * An attribute name as trustpilot's connector wrote it into documents and keys: "Ship Mode" →
   * "ShipMode", "1-starts-with-number" → "startswithnumber", but "12x" → "2x", which is not a valid
   * field name. Empty when nothing usable is left.
   */
  static String trustpilot(String attribute) {
    return TRUSTPILOT_INVALID_CHARACTERS.matcher(attribute).replaceAll("");
  }

  /**
   * trustpilot's name where it is a valid field name; where it still starts with a digit ("12x" →
   * "2x", which Avro refuses, so trustpilot could never deliver it through Avro), '_' goes first:
   * "_2x".
   */
  static String trustpilotField(String attribute) {
    String name = trustpilot(attribute);
    return !name.isEmpty() && Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  /**
   * A schema name from a topic name: every character outside letters, digits, '_' and '.' becomes
   * '_', as trustpilot's connector (Debezium's schema name adjuster) did, and so does a first
   * character that is not a letter or '_' ("1orders.Key" → "_orders.Key"). A later dot-separated
   * part that starts with a digit gets '_' in front, and an empty part becomes '_', because Avro
   * checks every part of a namespace.
   */
  static String schemaName(String proposed) {
    String name = proposed.replaceAll("[^a-zA-Z0-9_.]", "_");
    if (name.isEmpty()) {
      return "_";
    }
    if (!startsValid(name)) {
      name = "_" + name.substring(1);
    }
    String[] parts = name.split("\\.", -1);
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isEmpty() || !startsValid(parts[i])) {
        parts[i] = "_" + parts[i];
      }
    }
    return String.join(".", parts);
  }

  private static boolean startsValid(String name) {
    char first = name.charAt(0);
    return first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
  }
}
