package io.customconnectors.operator.status;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Short forms of Java stack traces for status: what failed and the innermost cause, without the
 * hundreds of frames Kafka Connect reports.
 */
public final class Traces {

  /** Longest excerpt kept in status, in characters. */
  public static final int MAX = 1024;

  private Traces() {}

  /** The trace's message lines and its last {@code Caused by:}, within {@link #MAX}. */
  public static String excerpt(String trace) {
    if (trace == null || trace.isBlank()) {
      return null;
    }
    List<String> lines = trace.lines().toList();
    StringBuilder head = new StringBuilder();
    for (String line : lines) {
      if (line.matches("\\s+at .*|\\s*\\.\\.\\. \\d+ more") || line.startsWith("Caused by: ")) {
        break;
      }
      head.append(head.isEmpty() ? "" : "\n").append(line.strip());
    }
    String cause = null;
    for (String line : lines) {
      if (line.startsWith("Caused by: ")) {
        cause = line;
      }
    }
    String text = cause == null ? head.toString() : head + "\n" + cause;
    return text.length() <= MAX ? text : text.substring(0, MAX - 1) + "…";
  }

  /** The first line of an excerpt, for condition messages. */
  public static String headline(String trace) {
    String excerpt = excerpt(trace);
    if (excerpt == null) {
      return "";
    }
    String first = excerpt.lines().findFirst().orElse("");
    if (first.endsWith(":")) {
      // Confluent Cloud's "There were some errors with your configuration:" says nothing alone;
      // the lines after it name the key and the problem.
      String details =
          excerpt
              .lines()
              .skip(1)
              .takeWhile(line -> !line.startsWith("\tat ") && !line.startsWith("Caused by: "))
              .map(String::strip)
              .filter(line -> !line.isEmpty())
              .limit(3)
              .collect(Collectors.joining("; "));
      first = details.isEmpty() ? first : first + " " + details;
    }
    String cause =
        excerpt.lines().filter(l -> l.startsWith("Caused by: ")).findFirst().orElse(null);
    return cause == null ? first : first + " (" + cause + ")";
  }
}
