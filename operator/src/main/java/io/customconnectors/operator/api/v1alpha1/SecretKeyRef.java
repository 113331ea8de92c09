package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** One key of a Secret in the resource's namespace. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {

  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Required
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Key inside the Secret.")
  private String key;
}
