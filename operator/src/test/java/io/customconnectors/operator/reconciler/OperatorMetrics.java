package io.customconnectors.operator.reconciler;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the operator's /metrics and the PromQL queries of the dashboard built on it. */
final class OperatorMetrics {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");

  private OperatorMetrics() {}

  /** Each metric served, with the label sets of its samples. */
  static Map<String, Set<Map<String, String>>> parse(String text) {
    Map<String, Set<Map<String, String>>> served = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.strip());
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      served.computeIfAbsent(sample.group(1), name -> new HashSet<>()).add(labels);
    }
    return served;
  }

  /** The metrics a PromQL query selects (every selector in the dashboard has braces). */
  static Set<String> metricNames(String query) {
    Set<String> names = new LinkedHashSet<>();
    Matcher selector = SELECTOR.matcher(query);
    while (selector.find()) {
      names.add(selector.group(1));
    }
    return names;
  }
}
