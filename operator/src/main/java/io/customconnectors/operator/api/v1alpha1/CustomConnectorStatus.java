package io.customconnectors.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** What the operator last observed about a connector. */
@JsonClassDescription(
    "What the operator last observed about the connector: conditions with a reason and what to"
        + " do, state, tasks, restarts and the applied config's hash.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomConnectorStatus implements StatusWithConditions {

  @JsonPropertyDescription("metadata.generation this status was computed for.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Running, Degraded and LogErrors conditions, each with a reason and a message that"
          + " says what to fix.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Short form of the target, e.g. ccloud/lkc-1x2y3z or connect/connect.kafka.svc:8083.")
  private String target;

  @JsonPropertyDescription(
      "Remote connector id (clcc-... for a custom connector on Confluent Cloud, else its name).")
  private String connectorId;

  @JsonPropertyDescription(
      "Remote connector state: PROVISIONING, RUNNING, DEGRADED, PAUSED, STOPPED, FAILED,"
          + " UNASSIGNED or NONE.")
  private String state;

  @JsonPropertyDescription("Running tasks out of tasks reported, e.g. 1/1.")
  private String tasksReady;

  @JsonPropertyDescription("Each task's state, worker and, when failed, a trimmed trace.")
  private List<TaskStatus> tasks = new ArrayList<>();

  @JsonPropertyDescription(
      "Newest first, bounded by spec.observability.recentErrorsLimit: classified errors from task"
          + " traces, the log topic and log events.")
  private List<RecentError> recentErrors = new ArrayList<>();

  @JsonPropertyDescription("Throughput and worker health over the last metrics window.")
  private ConnectorMetrics metrics;

  @JsonPropertyDescription(
      "A source connector's committed offsets, read every spec.observability.intervalSeconds.")
  private ConnectorOffsets offsets;

  @JsonPropertyDescription(
      "The last offsets change asked for in spec.offsets: its requestId and how far it got.")
  private OffsetsChangeStatus offsetsChange;

  @JsonPropertyDescription(
      "How far each log source (LogTopic, LogEvent, LogSearch, PodLog) has been read (RFC 3339,"
          + " UTC): after a restart the operator reads on from here, so no error is reported"
          + " twice.")
  private java.util.Map<String, String> logsReadUntil;

  @JsonPropertyDescription("Automatic restarts done under spec.restartPolicy.")
  private RestartStatus restarts;

  @JsonPropertyDescription(
      "Hash of the effective config last applied (including resolved secrets; the values"
          + " themselves are never stored).")
  private String configHash;
}
