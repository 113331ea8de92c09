package io.customconnectors.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Plugin archives shipped inside the operator image. */
public enum BundledArchive {
  /** The DynamoDB source connector built by this project. */
  @JsonProperty("dynamodb-source")
  DYNAMODB_SOURCE
}
