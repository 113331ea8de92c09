package io.customconnectors.connect.dynamodb.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A config key that takes one of an enum's values, written in lower case: the validator and the
 * recommender the Connect REST API and the Confluent console show as a drop-down.
 */
final class Choice<E extends Enum<E>> implements ConfigDef.Validator, ConfigDef.Recommender {

  private final Class<E> type;

  private Choice(Class<E> type) {
    this.type = type;
  }

  static <E extends Enum<E>> Choice<E> of(Class<E> type) {
    return new Choice<>(type);
  }

  static String nameOf(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  E parse(String value) {
    return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
  }

  private List<Object> names() {
    return Arrays.stream(type.getEnumConstants())
        .map(Choice::nameOf)
        .map(Object.class::cast)
        .toList();
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || !names().contains(value.toString().trim().toLowerCase(Locale.ROOT))) {
      throw new ConfigException(name, value, "must be one of " + names());
    }
  }

  @Override
  public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
    return names();
  }

  @Override
  public boolean visible(String name, Map<String, Object> parsedConfig) {
    return true;
  }

  @Override
  public String toString() {
    return names().toString();
  }
}
