package io.customconnectors.operator.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.customconnectors.operator.api.v1alpha1.BasicAuthSecretRef;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.kafkaconnect.KafkaConnectBackend;
import io.customconnectors.operator.config.ConfigResolver;
import io.customconnectors.operator.status.Redaction;

/**
 * Reads a Kafka Connect cluster: one list of every connector with its config and state, then one
 * validate call per connector for the keys its ConfigDef types PASSWORD.
 */
final class KafkaConnectReader {

  private final KafkaConnectBackend backend;
  private final ExportOptions options;
  private final ExportOptions.FromKafkaConnect source;

  KafkaConnectReader(
      KafkaConnectBackend backend, ExportOptions options, ExportOptions.FromKafkaConnect source) {
    this.backend = backend;
    this.options = options;
    this.source = source;
  }

  ExportResult read() {
    List<ExportedFile> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    ResourceNames names = new ResourceNames();
    Target target = target();
    for (RemoteConnector remote : backend.listConnectors().values()) {
      if (!options.wanted(remote.name())) {
        continue;
      }
      String owner = remote.config().get(ConfigResolver.OWNER_KEY);
      if (owner != null) {
        skipped.add(remote.name() + ": already managed by CustomConnector " + owner);
        continue;
      }
      String connectorClass = remote.config().get("connector.class");
      if (connectorClass == null) {
        skipped.add(remote.name() + ": its config has no connector.class");
        continue;
      }
      List<String> notes = new ArrayList<>();
      Set<String> sensitive =
          SensitiveKeys.onKafkaConnect(
              remote.config(), passwordKeys(connectorClass, remote.config(), notes));
      ExportedFile file =
          ConnectorMapping.kafkaConnect(
              remote, sensitive, names.unique(remote.name()), options.namespace(), target);
      notes.addAll(file.notes());
      files.add(new ExportedFile(file.fileName(), notes, file.secrets(), file.resource()));
    }
    return new ExportResult(files, skipped);
  }

  /**
   * The PASSWORD keys; when the worker cannot validate the config (an old worker, a class it cannot
   * load) only the key names tell, and the file says so.
   */
  private Set<String> passwordKeys(
      String connectorClass, Map<String, String> config, List<String> notes) {
    try {
      return backend.passwordKeys(connectorClass, config);
    } catch (BackendException e) {
      notes.add(
          "The worker did not validate the config ("
              + Redaction.redact(e.getMessage(), config.values())
              + "): secrets were found by their key names only; check spec.config for any"
              + " other.");
      return Set.of();
    }
  }

  private Target target() {
    KafkaConnectTarget connect = new KafkaConnectTarget();
    connect.setUrl(source.targetUrl());
    if (source.basicAuthSecret() != null) {
      BasicAuthSecretRef ref = new BasicAuthSecretRef();
      ref.setName(source.basicAuthSecret());
      connect.setBasicAuthSecretRef(ref);
    }
    Target target = new Target();
    target.setKafkaConnect(connect);
    return target;
  }
}
