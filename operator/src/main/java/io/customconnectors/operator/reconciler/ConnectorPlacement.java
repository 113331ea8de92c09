package io.customconnectors.operator.reconciler;

import java.net.URI;
import java.util.Optional;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.Problem;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.ConnectorStatusCalculator;

/**
 * Where a CustomConnector runs and which class it runs: from its own spec, or from the
 * ConnectorPlugin it references, which must exist and be ready.
 */
record ConnectorPlacement(
    Target target, String connectorClass, ConnectorPlugin plugin, Problem problem) {

  /** Finds the placement, looking the referenced ConnectorPlugin up in the namespace. */
  static ConnectorPlacement of(CustomConnector resource, Lookups lookups) {
    var spec = resource.getSpec();
    if (spec.getPluginRef() == null) {
      return new ConnectorPlacement(spec.getTarget(), spec.getConnectorClass(), null, null);
    }
    String name = spec.getPluginRef().getName();
    Optional<ConnectorPlugin> plugin = lookups.plugin(resource.getMetadata().getNamespace(), name);
    if (plugin.isEmpty()) {
      return new ConnectorPlacement(
          spec.getTarget(),
          null,
          null,
          new Problem(
              Reason.PluginNotFound,
              "ConnectorPlugin "
                  + name
                  + " (spec.pluginRef) does not exist in namespace "
                  + resource.getMetadata().getNamespace()
                  + ": create it or fix the reference"));
    }
    Target target =
        spec.getTarget() != null ? spec.getTarget() : plugin.get().getSpec().getTarget();
    String connectorClass = plugin.get().getSpec().getConnectorClass();
    // Only a plugin that says its class is missing blocks the connector. Other plugin troubles
    // (an unreachable worker, a missing secret) are the connector's own too, and it reports them
    // as such when it runs into them.
    var status = plugin.get().getStatus();
    var ready =
        status == null
            ? null
            : Conditions.find(status.getConditions(), ConnectorStatusCalculator.READY);
    if (ready != null && Reason.NotInstalledOnWorker.name().equals(ready.getReason())) {
      return blocked(
          target,
          plugin.get(),
          Reason.PluginNotReady,
          "ConnectorPlugin " + name + " is not ready: " + ready.getMessage());
    }
    if (target != null && target.getConfluentCloud() != null) {
      var pluginTarget = plugin.get().getSpec().getTarget();
      var pluginCloud = pluginTarget == null ? null : pluginTarget.getConfluentCloud();
      if (pluginCloud == null
          || !pluginCloud.getEnvironment().equals(target.getConfluentCloud().getEnvironment())) {
        return blocked(
            target,
            plugin.get(),
            Reason.TargetIncomplete,
            "ConnectorPlugin "
                + name
                + (pluginCloud == null
                    ? " is not uploaded to Confluent Cloud"
                    : " is uploaded to " + pluginCloud.getEnvironment())
                + ", but this connector runs in Confluent Cloud environment "
                + target.getConfluentCloud().getEnvironment()
                + ": reference a ConnectorPlugin whose spec.target.confluentCloud has the same"
                + " environment");
      }
      // The connector runs the plugin's last READY version: nothing to run before there is one.
      if (status == null || status.getPluginId() == null || status.getPluginVersion() == null) {
        return blocked(
            target,
            plugin.get(),
            Reason.PluginNotReady,
            "ConnectorPlugin "
                + name
                + " has no version ready on Confluent Cloud yet"
                + (ready == null ? "" : ": " + ready.getMessage()));
      }
    }
    return new ConnectorPlacement(target, connectorClass, plugin.get(), null);
  }

  private static ConnectorPlacement blocked(
      Target target, ConnectorPlugin plugin, Reason reason, String message) {
    return new ConnectorPlacement(
        target, plugin.getSpec().getConnectorClass(), plugin, new Problem(reason, message));
  }

  /** Short form of the target for status, e.g. {@code connect/host:8083}; null without one. */
  String describe() {
    if (target == null) {
      return null;
    }
    if (target.getKafkaConnect() != null) {
      String text = target.getKafkaConnect().getUrl();
      try {
        URI url = URI.create(text);
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return "connect/" + (url.getHost() == null ? text : url.getHost() + ":" + port);
      } catch (IllegalArgumentException notAUri) {
        return "connect/" + text; // the client refuses it too, and its status says why
      }
    }
    var cloud = target.getConfluentCloud();
    return "ccloud/"
        + (cloud.getKafkaCluster() == null ? cloud.getEnvironment() : cloud.getKafkaCluster());
  }
}
