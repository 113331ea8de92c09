package io.customconnectors.operator.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secret values from text that leaves the operator (status, events, logs), whatever
 * produced the text: a backend may echo a config value in its error message.
 */
public final class Redaction {

  public static final String MASK = "[redacted]";

  /**
   * Shorter values (the walkthrough's secret key is "123") are only replaced where they stand
   * alone, so that a line number or a port in a message is not mangled by a substring match.
   */
  private static final int SUBSTRING_MIN_LENGTH = 6;

  private Redaction() {}

  public static String redact(String text, Collection<String> secrets) {
    if (text == null || secrets == null || secrets.isEmpty()) {
      return text;
    }
    String redacted = text;
    for (String secret :
        secrets.stream()
            .filter(s -> s != null && !s.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList()) {
      if (secret.length() >= SUBSTRING_MIN_LENGTH) {
        redacted = redacted.replace(secret, MASK);
      } else {
        redacted =
            Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(secret) + "(?![\\p{Alnum}])")
                .matcher(redacted)
                .replaceAll(Matcher.quoteReplacement(MASK));
      }
    }
    return redacted;
  }
}
