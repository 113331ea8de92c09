package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** A Secret holding a Confluent API key and its secret. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiKeySecretRef {

  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default("key")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Secret key holding the API key id. Default: key.")
  private String keyField;

  @Default("secret")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Secret key holding the API secret. Default: secret.")
  private String secretField;
}
