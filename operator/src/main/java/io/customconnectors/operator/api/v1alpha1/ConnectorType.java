package io.customconnectors.operator.api.v1alpha1;

/** Which way a connector moves data. */
public enum ConnectorType {
  SOURCE,
  SINK
}
