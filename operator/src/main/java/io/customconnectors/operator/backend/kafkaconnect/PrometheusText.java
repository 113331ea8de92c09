package io.customconnectors.operator.backend.kafkaconnect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples of the Prometheus text exposition format (version 0.0.4), as the JMX exporter agent
 * serves it: {@code name{label="value",...} value [timestamp]}; comments, blank lines and samples
 * whose value is not a number (NaN, ±Inf) are skipped.
 */
final class PrometheusText {

  /** One sample. */
  record Sample(String name, Map<String, String> labels, double value) {

    String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private PrometheusText() {}

  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Sample sample = sample(line.strip());
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  private static Sample sample(String line) {
    if (line.isEmpty() || line.startsWith("#")) {
      return null;
    }
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      rest = labels(line, brace + 1, labels);
      if (rest < 0) {
        return null;
      }
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] value = line.substring(rest).strip().split("\\s+");
    try {
      double parsed = Double.parseDouble(value[0]);
      return Double.isFinite(parsed) ? new Sample(name, Map.copyOf(labels), parsed) : null;
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  /**
   * Reads {@code a="x",b="y"}} from {@code at}; the index after the closing brace, -1 if broken.
   */
  private static int labels(String line, int at, Map<String, String> labels) {
    int i = at;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i + 1;
      }
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      int equals = line.indexOf('=', i);
      if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
        return -1;
      }
      String key = line.substring(i, equals).strip();
      StringBuilder value = new StringBuilder();
      int j = equals + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char escaped = line.charAt(++j);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(v);
        }
      }
      if (j >= line.length()) {
        return -1;
      }
      labels.put(key, value.toString());
      i = j + 1;
    }
    return -1;
  }
}
