package io.customconnectors.operator.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** A Secret holding a user name and password for HTTP Basic authentication. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BasicAuthSecretRef {

  @Required
  @Pattern(Patterns.OBJECT_NAME)
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default("username")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Secret key holding the user name. Default: username.")
  private String usernameField;

  @Default("password")
  @Pattern(Patterns.SECRET_KEY)
  @JsonPropertyDescription("Secret key holding the password. Default: password.")
  private String passwordField;
}
