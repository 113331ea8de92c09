package io.customconnectors.operator.backend.logs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorLogSource;
import io.customconnectors.operator.backend.LogEntry;
import io.customconnectors.operator.backend.RemoteConnector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;

/**
 * The logs of in-cluster Kafka Connect worker pods, through the Kubernetes API ({@code pods/log},
 * with the kubelet's timestamps): ERROR lines in a connector's {@code [name|task-N]} or {@code
 * [name|worker]} context, with the stack trace that follows them. One read of each pod serves all
 * the connectors of the cluster.
 */
public final class PodLogErrors implements ConnectorLogSource {

  /** Kafka Connect's log4j layout: {@code [2026-12-01 10:00:00,123] ERROR [name|task-0] ...}. */
  private static final Pattern LINE =
      Pattern.compile(
          "^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3})] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) (.*)$");

  private static final Pattern CONTEXT = Pattern.compile("^\\[([^|\\]]+)\\|([^\\]]+)] (.*)$");
  private static final Pattern LOCATION = Pattern.compile(" \\([\\w.$]+:\\d+\\)$");
  private static final DateTimeFormatter CONNECT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final int MAX_TRACE_LINES = 60;

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> selector;
  private final String container;

  public PodLogErrors(
      KubernetesClient client, String namespace, Map<String, String> selector, String container) {
    this.client = client;
    this.namespace = namespace;
    this.selector = Map.copyOf(selector);
    this.container = container;
  }

  @Override
  public String kind() {
    return "PodLog";
  }

  @Override
  public Map<String, List<LogEntry>> errors(
      Collection<RemoteConnector> connectors, Map<String, Instant> after, int limit) {
    Set<String> names = connectors.stream().map(RemoteConnector::name).collect(Collectors.toSet());
    Instant earliest =
        names.stream()
            .map(name -> after.getOrDefault(name, Instant.EPOCH))
            .min(Instant::compareTo)
            .orElse(Instant.EPOCH);
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    try {
      for (Pod pod : client.pods().inNamespace(namespace).withLabels(selector).list().getItems()) {
        PodResource resource =
            client.pods().inNamespace(namespace).withName(pod.getMetadata().getName());
        var logs =
            container == null
                ? resource.usingTimestamps()
                : resource.inContainer(container).usingTimestamps();
        String text =
            earliest.equals(Instant.EPOCH)
                ? logs.tailingLines(5000).getLog()
                : logs.sinceTime(earliest.toString()).getLog();
        parse(text, names, after, limit, errors);
      }
    } catch (KubernetesClientException e) {
      throw new BackendException(
          e.getCode(),
          "Cannot read the logs of pods "
              + selector
              + " in "
              + namespace
              + ": "
              + e.getStatus().getMessage()
              + (e.getCode() == 403
                  ? ". The operator needs get on pods and pods/log in " + namespace
                  : ""),
          0,
          null);
    }
    return errors;
  }

  /**
   * ERROR entries of the named connectors in a pod's log, kubelet timestamps first on each line.
   */
  static void parse(
      String text,
      Set<String> names,
      Map<String, Instant> after,
      int limit,
      Map<String, List<LogEntry>> errors) {
    String connector = null;
    Instant at = null;
    Integer task = null;
    String message = null;
    StringBuilder trace = new StringBuilder();
    int traceLines = 0;
    for (String raw : text.split("\n")) {
      int space = raw.indexOf(' ');
      Instant stamp = space > 0 ? kubeletTime(raw.substring(0, space)) : null;
      String line = stamp == null ? raw : raw.substring(space + 1);
      Matcher entry = LINE.matcher(line);
      if (entry.matches()) {
        add(connector, at, task, message, trace, names, after, limit, errors);
        connector = null;
        trace.setLength(0);
        traceLines = 0;
        Matcher context = CONTEXT.matcher(entry.group(3));
        if (entry.group(2).equals("ERROR") && context.matches()) {
          connector = context.group(1);
          String scope = context.group(2);
          task = scope.startsWith("task-") ? LogTopicErrors.task(scope) : null;
          message = LOCATION.matcher(context.group(3)).replaceFirst("");
          at = stamp != null ? stamp : connectTime(entry.group(1));
        }
      } else if (connector != null && traceLines < MAX_TRACE_LINES) {
        trace.append(line).append('\n');
        traceLines++;
      }
    }
    add(connector, at, task, message, trace, names, after, limit, errors);
  }

  private static void add(
      String connector,
      Instant at,
      Integer task,
      String message,
      StringBuilder trace,
      Set<String> names,
      Map<String, Instant> after,
      int limit,
      Map<String, List<LogEntry>> errors) {
    if (connector == null
        || at == null
        || !names.contains(connector)
        || !at.isAfter(after.getOrDefault(connector, Instant.EPOCH))) {
      return;
    }
    List<LogEntry> entries = errors.computeIfAbsent(connector, n -> new ArrayList<>());
    if (entries.size() < limit) {
      entries.add(new LogEntry(at, "PodLog", task, message, trace.toString().strip()));
    }
  }

  private static Instant kubeletTime(String text) {
    if (text.length() < 20 || !Character.isDigit(text.charAt(0))) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notATime) {
      return null;
    }
  }

  /** Connect's own time, taken as UTC (the image's default zone). */
  private static Instant connectTime(String text) {
    return LocalDateTime.parse(text, CONNECT_TIME).toInstant(ZoneOffset.UTC);
  }
}
