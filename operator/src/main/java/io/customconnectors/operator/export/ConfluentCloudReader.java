package io.customconnectors.operator.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.CloudProvider;
import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi.Declaration;
import io.customconnectors.operator.config.CloudConnectorConfig;
import io.customconnectors.operator.config.ConfigResolver;

/**
 * Reads one Kafka cluster's custom connectors on Confluent Cloud (one list) and the environment's
 * custom plugins they run (one list, then the versions of each plugin used): a ConnectorPlugin per
 * plugin, a CustomConnector per connector. Managed (non-custom) connectors are left out: the
 * operator runs custom connectors only.
 */
final class ConfluentCloudReader {

  private final ConfluentCloudBackend connectors;
  private final CustomPluginsApi plugins;
  private final ExportOptions options;
  private final ExportOptions.FromConfluentCloud source;

  ConfluentCloudReader(
      ConfluentCloudBackend connectors,
      CustomPluginsApi plugins,
      ExportOptions options,
      ExportOptions.FromConfluentCloud source) {
    this.connectors = connectors;
    this.plugins = plugins;
    this.options = options;
    this.source = source;
  }

  /** A plugin connectors use, exported once, under the name its connectors reference. */
  private record UsedPlugin(String name, List<Declaration> versions) {}

  ExportResult read() {
    List<ExportedFile> connectorFiles = new ArrayList<>();
    List<ExportedFile> pluginFiles = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    ResourceNames connectorNames = new ResourceNames();
    ResourceNames pluginNames = new ResourceNames();
    Map<String, CustomPlugins.Plugin> byId = new HashMap<>();
    plugins.plugins().forEach(plugin -> byId.put(plugin.id(), plugin));
    Map<String, UsedPlugin> used = new LinkedHashMap<>();
    for (RemoteConnector remote : connectors.listConnectors().values()) {
      if (!options.wanted(remote.name())) {
        continue;
      }
      Map<String, String> config = remote.config();
      String pluginId = config.get(CloudConnectorConfig.PLUGIN_ID);
      CustomPlugins.Plugin plugin = pluginId == null ? null : byId.get(pluginId);
      Optional<String> why = whyLeftOut(config, pluginId, plugin);
      if (why.isPresent()) {
        skipped.add(remote.name() + ": " + why.get());
        continue;
      }
      Target target = target(config);
      boolean first = !used.containsKey(pluginId);
      UsedPlugin exported =
          used.computeIfAbsent(
              pluginId,
              id ->
                  new UsedPlugin(
                      pluginNames.unique(plugin.displayName()), plugins.declarations(id)));
      Declaration newest = newestReady(exported.versions());
      Declaration running = running(exported.versions(), config).orElse(newest);
      List<String> notes = new ArrayList<>();
      if (newest != null
          && !newest.version().equals(config.get(CloudConnectorConfig.PLUGIN_VERSION))) {
        notes.add(
            "The connector runs version "
                + config.get(CloudConnectorConfig.PLUGIN_VERSION)
                + " of its plugin, and the operator moves connectors to the newest READY one, "
                + newest.version()
                + ": applying this writes its config once, which restarts it.");
      }
      if (first && newest != null) {
        pluginFiles.add(
            PluginMapping.confluentCloud(
                plugin,
                newest,
                config.getOrDefault(
                    "connector.class",
                    newest.connectorClasses().keySet().stream().findFirst().orElse("")),
                exported.name(),
                options.namespace(),
                target));
      }
      Set<String> sensitive =
          SensitiveKeys.onConfluentCloud(
              config, running == null ? List.of() : running.sensitiveConfigProperties());
      ExportedFile file =
          ConnectorMapping.confluentCloud(
              remote,
              sensitive,
              connectorNames.unique(remote.name()),
              options.namespace(),
              target,
              exported.name());
      notes.addAll(file.notes());
      if (newest == null) {
        notes.add(
            "Plugin "
                + pluginId
                + " has no READY version: no ConnectorPlugin was written for it; the connector waits"
                + " for one.");
      }
      connectorFiles.add(new ExportedFile(file.fileName(), notes, file.secrets(), file.resource()));
    }
    List<ExportedFile> files = new ArrayList<>(pluginFiles);
    files.addAll(connectorFiles);
    return new ExportResult(files, skipped);
  }

  private static Optional<String> whyLeftOut(
      Map<String, String> config, String pluginId, CustomPlugins.Plugin plugin) {
    String owner = config.get(ConfigResolver.OWNER_KEY);
    if (owner != null) {
      return Optional.of("already managed by CustomConnector " + owner);
    }
    if (pluginId == null) {
      return Optional.of(
          "not a custom connector (no "
              + CloudConnectorConfig.PLUGIN_ID
              + "); the operator runs"
              + " custom connectors only");
    }
    if (plugin == null) {
      return Optional.of("its plugin " + pluginId + " is not in the environment");
    }
    if (plugin.description().contains("[customconnectors.io/uid=")) {
      return Optional.of(
          "its plugin "
              + pluginId
              + " is managed by a ConnectorPlugin already: export the connector with a pluginRef"
              + " to that resource by hand");
    }
    return Optional.empty();
  }

  private static Declaration newestReady(List<Declaration> versions) {
    return versions.stream()
        .filter(v -> v.phase().equals("READY"))
        .reduce((a, b) -> b)
        .orElse(null);
  }

  private static Optional<Declaration> running(
      List<Declaration> versions, Map<String, String> config) {
    String version = config.get(CloudConnectorConfig.PLUGIN_VERSION);
    return versions.stream().filter(v -> v.version().equals(version)).findFirst();
  }

  /** Where the manifests say the connector runs; the cloud as Confluent reports it. */
  private Target target(Map<String, String> config) {
    var connection = source.connection();
    ConfluentCloudTarget cloud = new ConfluentCloudTarget();
    cloud.setEnvironment(connection.environment());
    cloud.setKafkaCluster(connection.kafkaCluster());
    String provider =
        connection.cloud() != null ? connection.cloud() : config.getOrDefault("cloud.provider", "");
    cloud.setCloud(cloudProvider(provider));
    ApiKeySecretRef credentials = new ApiKeySecretRef();
    credentials.setName(source.apiKeySecret());
    cloud.setCredentialsSecretRef(credentials);
    cloud.setEndpoint(source.endpointOverride());
    Target target = new Target();
    target.setConfluentCloud(cloud);
    return target;
  }

  private static CloudProvider cloudProvider(String provider) {
    try {
      return CloudProvider.valueOf(provider.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ExportException(
          "Confluent Cloud did not say which cloud the cluster is on ('"
              + provider
              + "'): pass --cloud AWS, GCP or AZURE");
    }
  }
}
