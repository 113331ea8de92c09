package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extras Confluent Cloud puts beside a failed connector's trace in its status: {@code
 * validation_errors}, the lines of a "There were some errors with your configuration:" trace that
 * name a key and its problem, and {@code errors_from_trace}, the exceptions (and their causes) the
 * trace holds, each as its message. Both are empty for a connector that did not fail.
 */
record TraceErrors(List<String> validation, List<String> fromTrace) {

  private static final String CONFIGURATION = "There were some errors with your configuration:";
  private static final Pattern EXCEPTION =
      Pattern.compile("^(?:Caused by: )?[\\w$.]+(?:Exception|Error)(?:: (.*))?$");
  private static final int MOST = 5;

  static TraceErrors of(ConnectorRuntime.Status status) {
    List<String> validation = new ArrayList<>();
    List<String> fromTrace = new ArrayList<>();
    if (status.state().equals("FAILED") || status.state().equals("DEGRADED")) {
      read(status.trace(), validation, fromTrace);
      for (ConnectorRuntime.TaskState task : status.tasks()) {
        if (task.state().equals("FAILED")) {
          read(task.msg(), validation, fromTrace);
        }
      }
    }
    return new TraceErrors(limit(validation), limit(fromTrace));
  }

  private static void read(String trace, List<String> validation, List<String> fromTrace) {
    if (trace == null || trace.isBlank()) {
      return;
    }
    List<String> lines = trace.lines().map(String::strip).toList();
    boolean configuration = lines.get(0).startsWith(CONFIGURATION);
    for (String line : lines.subList(1, lines.size())) {
      if (configuration && !line.isEmpty() && !line.startsWith("at ")) {
        if (EXCEPTION.matcher(line).matches()) {
          configuration = false;
        } else {
          validation.add(line);
          continue;
        }
      }
      if (line.isEmpty()) {
        configuration = false;
      }
    }
    for (String line : lines) {
      Matcher exception = EXCEPTION.matcher(line);
      if (exception.matches()) {
        String message = exception.group(1) == null ? line : exception.group(1).strip();
        if (!message.isEmpty() && !fromTrace.contains(message)) {
          fromTrace.add(message);
        }
      }
    }
    if (fromTrace.isEmpty() && validation.isEmpty()) {
      fromTrace.add(lines.get(0));
    }
  }

  private static List<String> limit(List<String> errors) {
    return List.copyOf(errors.subList(0, Math.min(MOST, errors.size())));
  }
}
