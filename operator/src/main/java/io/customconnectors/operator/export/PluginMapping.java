package io.customconnectors.operator.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;
import io.customconnectors.operator.api.v1alpha1.ConnectorType;
import io.customconnectors.operator.api.v1alpha1.DeletionPolicy;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.backend.confluentcloud.CustomPluginsApi.Declaration;

/**
 * A custom plugin on Confluent Cloud as a ConnectorPlugin that adopts it as it is. No API gives an
 * uploaded archive back, so the resource has no spec.archive: the operator then reads the plugin
 * and writes nothing to it, and connectors run its newest READY version. A pure function.
 */
final class PluginMapping {

  private PluginMapping() {}

  static ExportedFile confluentCloud(
      CustomPlugins.Plugin plugin,
      Declaration version,
      String connectorClass,
      String name,
      String namespace,
      Target target) {
    ConnectorPlugin resource = new ConnectorPlugin();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setAnnotations(Map.of(Annotations.ADOPT, "true"));
    ConnectorPluginSpec spec = new ConnectorPluginSpec();
    spec.setDisplayName(plugin.displayName());
    spec.setDescription(plugin.description().isBlank() ? null : plugin.description());
    spec.setDocumentationLink(version.documentationLink());
    spec.setConnectorClass(connectorClass);
    List<String> notes = new ArrayList<>();
    String type = version.connectorClasses().get(connectorClass);
    if (type == null) {
      notes.add(
          "Version "
              + version.version()
              + " does not declare "
              + connectorClass
              + ": check spec.connectorType.");
    }
    spec.setConnectorType(
        "SINK".equalsIgnoreCase(type) ? ConnectorType.SINK : ConnectorType.SOURCE);
    spec.setSensitiveConfigProperties(
        version.sensitiveConfigProperties().isEmpty()
            ? null
            : List.copyOf(version.sensitiveConfigProperties()));
    spec.setTarget(target);
    // Without an archive the operator could not upload the plugin again once it is deleted.
    spec.setDeletionPolicy(DeletionPolicy.ORPHAN);
    resource.setSpec(spec);
    notes.add(
        "Applying this adopts plugin "
            + plugin.id()
            + " as it is: no spec.archive, so nothing is uploaded or changed on Confluent Cloud,"
            + " and connectors run its newest READY version (now "
            + version.version()
            + ").");
    notes.add(
        "Adding spec.archive later makes the operator upload it as a new version and move the"
            + " connectors to it (one config write and restart each).");
    notes.add(
        "deletionPolicy is Orphan: deleting this resource leaves the plugin, which the operator"
            + " could not upload again.");
    return new ExportedFile("plugin-" + name + ".yaml", notes, List.of(), resource);
  }
}
