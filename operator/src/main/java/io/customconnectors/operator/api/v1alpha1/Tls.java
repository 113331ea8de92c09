package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import lombok.Data;

/** How the operator trusts an https endpoint. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Tls {

  @JsonPropertyDescription(
      "Secret key holding PEM CA certificates to trust in addition to the JVM defaults.")
  private SecretKeyRef caSecretKeyRef;

  @JsonPropertyDescription("Skip certificate verification. For tests only; never in production.")
  private Boolean insecureSkipVerify;
}
