package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** Reading a connector's log lines for errors. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogSettings {

  @Default("true")
  @JsonPropertyDescription("Read the connector's log topic. Default: true.")
  private Boolean enabled;

  @Pattern(Patterns.TOPIC)
  @JsonPropertyDescription(
      "Log topic to read instead of the one Confluent Cloud creates for the connector.")
  private String topic;
}
