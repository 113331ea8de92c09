package io.customconnectors.connect.dynamodb.offset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields of a stored offset map, read leniently because people write offsets by hand (Connect's
 * REST API, an operator's YAML): absent fields take their defaults and numbers may come as strings
 * of digits. Anything else that does not fit fails with a message naming the field, what it holds
 * and what to write instead, since that message is what the person sees.
 */
final class OffsetFields {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ?> map;

  OffsetFields(Map<String, ?> map) {
    this.map = map;
  }

  /** A required field naming one constant of {@code type}, in any letter case. */
  <E extends Enum<E>> E required(String field, Class<E> type) {
    Object value = map.get(field);
    List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    if (value == null) {
      throw problem(field, "is missing; expected one of " + names);
    }
    if (value instanceof String text) {
      String name = text.trim().toUpperCase(Locale.ROOT);
      if (names.contains(name)) {
        return Enum.valueOf(type, name);
      }
    }
    throw problem(field, "is " + described(value) + "; expected one of " + names);
  }

  /** A whole number of at least 0, given as a number or a string of digits; absent is 0. */
  long count(String field) {
    Object value = map.get(field);
    if (value == null) {
      return 0;
    }
    if (value instanceof String text && text.trim().matches("\\d{1,18}")) {
      return Long.parseLong(text.trim());
    }
    if (value instanceof Number number && wholeAndNotNegative(number)) {
      return number.longValue();
    }
    throw problem(
        field,
        "is "
            + described(value)
            + "; expected a whole number of at least 0 (a number, or a string of digits)");
  }

  /** A count that also fits an int. */
  int smallCount(String field) {
    long value = count(field);
    if (value > Integer.MAX_VALUE) {
      throw problem(field, "is " + value + "; expected at most " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  /** A string; absent is "". */
  String text(String field, String meaning) {
    Object value = map.get(field);
    if (value == null) {
      return "";
    }
    if (value instanceof String text) {
      return text.trim();
    }
    throw problem(field, "is " + described(value) + "; expected a string (" + meaning + ")");
  }

  /**
   * A structure Connect can only store as a JSON string (offset values must be primitives); absent
   * or "" is {@code empty}.
   */
  <T> T json(String field, TypeReference<T> type, T empty, String example) {
    Object value = map.get(field);
    if (value == null || (value instanceof String text && text.isBlank())) {
      return empty;
    }
    if (!(value instanceof String text)) {
      throw problem(
          field,
          "is "
              + described(value)
              + "; Kafka Connect stores only primitive offset values, so write it as a JSON"
              + " string, e.g. "
              + example);
    }
    try {
      T parsed = JSON.readValue(text, type);
      return parsed == null ? empty : parsed;
    } catch (JsonProcessingException e) {
      throw problem(
          field,
          "is not the expected JSON ("
              + e.getOriginalMessage()
              + "); expected a JSON string such as "
              + example);
    }
  }

  private static boolean wholeAndNotNegative(Number number) {
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      return value >= 0 && value == Math.rint(value) && value < Long.MAX_VALUE;
    }
    if (number instanceof BigDecimal decimal) {
      return decimal.signum() >= 0 && decimal.stripTrailingZeros().scale() <= 0;
    }
    if (number instanceof BigInteger big) {
      return big.signum() >= 0 && big.bitLength() < 64;
    }
    return number.longValue() >= 0;
  }

  /** The value and its kind, as a person who wrote it in JSON or YAML would name it. */
  static String described(Object value) {
    if (value instanceof String text) {
      return "\"" + text + "\" (a string)";
    }
    String kind;
    if (value instanceof Number) {
      kind = "a number";
    } else if (value instanceof Boolean) {
      kind = "a boolean";
    } else if (value instanceof Map<?, ?>) {
      kind = "an object";
    } else if (value instanceof List<?>) {
      kind = "a list";
    } else {
      kind = "a " + value.getClass().getSimpleName();
    }
    return value + " (" + kind + ")";
  }

  private static IllegalArgumentException problem(String field, String what) {
    return new IllegalArgumentException("Offset field \"" + field + "\" " + what);
  }
}
