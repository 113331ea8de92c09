package io.customconnectors.operator.backend;

import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;

/** The {@link PluginBackend} of each kind of target, chosen by the plugin's spec.target. */
public final class PluginBackends implements PluginBackend {

  private final PluginBackend kafkaConnect;
  private final PluginBackend confluentCloud;

  public PluginBackends(PluginBackend kafkaConnect, PluginBackend confluentCloud) {
    this.kafkaConnect = kafkaConnect;
    this.confluentCloud = confluentCloud;
  }

  @Override
  public Outcome sync(ConnectorPlugin plugin, CreationMark mark) {
    return of(plugin).sync(plugin, mark);
  }

  @Override
  public Optional<String> delete(ConnectorPlugin plugin) {
    return of(plugin).delete(plugin);
  }

  private PluginBackend of(ConnectorPlugin plugin) {
    var target = plugin.getSpec().getTarget();
    return target != null && target.getConfluentCloud() != null ? confluentCloud : kafkaConnect;
  }
}
