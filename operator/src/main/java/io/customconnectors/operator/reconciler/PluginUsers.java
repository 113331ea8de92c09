package io.customconnectors.operator.reconciler;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * The CustomConnectors that use a ConnectorPlugin, watched so that a plugin is reconciled when one
 * starts or stops referencing it ({@code status.usedBy}, and deletion waits while any do).
 */
public final class PluginUsers {

  /** Names of the CustomConnectors in the plugin's namespace that reference it, sorted. */
  public interface Lookup {
    List<String> of(ConnectorPlugin plugin);
  }

  private volatile InformerEventSource<CustomConnector, ConnectorPlugin> connectors;

  public List<EventSource<?, ConnectorPlugin>> prepare(
      EventSourceContext<ConnectorPlugin> context) {
    connectors =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CustomConnector.class, ConnectorPlugin.class)
                .withName("users")
                .withSecondaryToPrimaryMapper(
                    connector ->
                        pluginRef(connector) == null
                            ? Set.of()
                            : Set.of(
                                new ResourceID(
                                    pluginRef(connector), connector.getMetadata().getNamespace())))
                // Only which plugin a connector uses matters here, not its status updates.
                .withOnUpdateFilter(
                    (after, before) -> !Objects.equals(pluginRef(after), pluginRef(before)))
                .build(),
            context);
    return List.of(connectors);
  }

  public List<String> of(ConnectorPlugin plugin) {
    if (connectors == null) {
      return List.of();
    }
    String name = plugin.getMetadata().getName();
    return connectors
        .list(plugin.getMetadata().getNamespace(), c -> name.equals(pluginRef(c)))
        .map(c -> c.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static String pluginRef(CustomConnector connector) {
    return connector.getSpec() == null || connector.getSpec().getPluginRef() == null
        ? null
        : connector.getSpec().getPluginRef().getName();
  }
}
