package io.customconnectors.operator.api.v1alpha1;

/** Cloud providers that host Confluent Cloud custom connectors. */
public enum CloudProvider {
  AWS,
  GCP,
  AZURE
}
