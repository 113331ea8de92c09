package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** One task of a connector. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskStatus {

  @JsonPropertyDescription("Task number.")
  private Integer id;

  @JsonPropertyDescription("RUNNING, PAUSED, FAILED, UNASSIGNED or RESTARTING.")
  private String state;

  @JsonPropertyDescription("Worker running the task, where the target reports it.")
  private String workerId;

  @JsonPropertyDescription("Start of the failure trace: the exception and its causes, trimmed.")
  private String trace;
}
