package io.customconnectors.operator;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code LOG_LEVEL}: the operator's log levels, for SLF4J's simple logger. Either one level for
 * everything ({@code debug}) or a default and levels per logger prefix ({@code
 * info,io.customconnectors=debug,io.fabric8=warn}). Read before the first logger exists, as the
 * simple logger reads its settings once.
 */
final class LogLevels {

  static final String SETTING = "LOG_LEVEL";
  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private LogLevels() {}

  /**
   * The simple logger's system properties the setting stands for; empty when it is unset.
   *
   * @throws IllegalArgumentException naming the part to fix
   */
  static Map<String, String> systemProperties(String setting) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (setting == null || setting.isBlank()) {
      return properties;
    }
    for (String part : setting.split(",")) {
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        properties.put(PREFIX + "defaultLogLevel", level(entry, setting));
      } else {
        String logger = entry.substring(0, equals).trim();
        if (logger.isEmpty()) {
          throw new IllegalArgumentException(
              SETTING + " is '" + setting + "': '" + entry + "' names no logger before '='");
        }
        properties.put(PREFIX + "log." + logger, level(entry.substring(equals + 1), setting));
      }
    }
    return properties;
  }

  /** Sets the system properties, leaving any given on the command line as they are. */
  static void apply(String setting) {
    systemProperties(setting)
        .forEach(
            (key, value) -> {
              if (System.getProperty(key) == null) {
                System.setProperty(key, value);
              }
            });
  }

  private static String level(String text, String setting) {
    String level = text.trim().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new IllegalArgumentException(
          SETTING
              + " is '"
              + setting
              + "': '"
              + text.trim()
              + "' is not a level; use trace, debug, info, warn, error or off,"
              + " e.g. info,io.customconnectors=debug");
    }
    return level;
  }
}
