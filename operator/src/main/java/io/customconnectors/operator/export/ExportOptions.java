package io.customconnectors.operator.export;

import java.nio.file.Path;
import java.util.Set;

import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectConnection;

/**
 * What to export, from where, and where to write it. The connections hold the credentials read from
 * the environment; their {@code toString} never shows a secret.
 *
 * @param namespace the manifests' namespace, or null to leave it to {@code kubectl -n}
 * @param only the remote connector names to export; empty for all
 */
record ExportOptions(Source source, String namespace, Path out, Set<String> only) {

  /** Where connectors are read, and how the manifests name that place. */
  sealed interface Source permits FromKafkaConnect, FromConfluentCloud {}

  /**
   * @param targetUrl the URL the manifests name (the operator's way to the workers), which may
   *     differ from the one read here (a port-forward)
   * @param basicAuthSecret the in-cluster Secret with the REST API's Basic-auth credentials, or
   *     null
   */
  record FromKafkaConnect(
      KafkaConnectConnection connection, String targetUrl, String basicAuthSecret)
      implements Source {}

  /**
   * @param endpointOverride the management API the manifests name, or null for Confluent's own
   * @param apiKeySecret the in-cluster Secret with a Cloud API key that the manifests reference
   */
  record FromConfluentCloud(
      ConfluentCloudConnection connection, String endpointOverride, String apiKeySecret)
      implements Source {}

  boolean wanted(String connectorName) {
    return only.isEmpty() || only.contains(connectorName);
  }
}
