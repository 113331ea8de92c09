package io.customconnectors.operator.status;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorPluginStatus;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.backend.PluginObservation;
import io.customconnectors.operator.backend.Problem;

/** The status of a ConnectorPlugin as a pure function of what was observed. */
public final class PluginStatusCalculator {

  private PluginStatusCalculator() {}

  /**
   * @param seen what the plugin's backend saw on its target
   * @param users names of the CustomConnectors that reference the plugin
   */
  public static ConnectorPluginStatus compute(
      ConnectorPlugin plugin, PluginObservation seen, List<String> users, Instant now) {
    if (seen instanceof PluginObservation.OnConfluentCloud cloud) {
      return CloudPluginStatusCalculator.compute(plugin, cloud, users, now);
    }
    PluginObservation.OnWorker worker = (PluginObservation.OnWorker) seen;
    return onWorker(plugin, worker.target(), worker.installed(), worker.problem(), users, now);
  }

  private static ConnectorPluginStatus onWorker(
      ConnectorPlugin plugin,
      String target,
      List<InstalledPlugin> installed,
      Problem problem,
      List<String> users,
      Instant now) {
    ConnectorPluginStatus previous =
        plugin.getStatus() == null ? new ConnectorPluginStatus() : plugin.getStatus();
    long generation =
        plugin.getMetadata().getGeneration() == null ? 0 : plugin.getMetadata().getGeneration();
    String connectorClass = plugin.getSpec().getConnectorClass();
    ConnectorPluginStatus status = new ConnectorPluginStatus();
    status.setObservedGeneration(generation);
    status.setTarget(target);
    status.setUsedBy(users.size());
    status.setPluginId(previous.getPluginId());
    status.setArchiveSha256(previous.getArchiveSha256());
    Condition ready;
    if (problem != null) {
      ready =
          Conditions.of(
              ConnectorStatusCalculator.READY,
              false,
              problem.reason(),
              problem.message(),
              generation);
      status.setPluginVersion(previous.getPluginVersion());
    } else {
      InstalledPlugin found =
          installed.stream()
              .filter(p -> p.connectorClass().equals(connectorClass))
              .findFirst()
              .orElse(null);
      if (found == null) {
        ready =
            Conditions.of(
                ConnectorStatusCalculator.READY,
                false,
                Reason.NotInstalledOnWorker,
                "Class "
                    + connectorClass
                    + " is not installed on "
                    + target
                    + ": Kafka Connect loads plugins from plugin.path at start-up, so build the"
                    + " worker image with the plugin and roll the workers. Installed connectors: "
                    + (installed.isEmpty()
                        ? "none"
                        : installed.stream()
                            .map(InstalledPlugin::connectorClass)
                            .sorted()
                            .collect(Collectors.joining(", "))),
                generation);
      } else {
        status.setPluginVersion(found.version());
        String type = found.type() == null ? "" : found.type().toUpperCase(Locale.ROOT);
        boolean typeMatches =
            plugin.getSpec().getConnectorType() == null
                || type.isEmpty()
                || type.equals(plugin.getSpec().getConnectorType().name());
        ready =
            typeMatches
                ? Conditions.of(
                    ConnectorStatusCalculator.READY,
                    true,
                    Reason.Installed,
                    "Class "
                        + connectorClass
                        + " version "
                        + found.version()
                        + " is installed on "
                        + target,
                    generation)
                : Conditions.of(
                    ConnectorStatusCalculator.READY,
                    false,
                    Reason.NotInstalledOnWorker,
                    "Class "
                        + connectorClass
                        + " is installed on "
                        + target
                        + " as a "
                        + type
                        + " connector, but spec.connectorType is "
                        + plugin.getSpec().getConnectorType(),
                    generation);
      }
    }
    status.setConditions(Conditions.carryOver(previous.getConditions(), List.of(ready), now));
    return status;
  }

  /** Whether a status write would change anything but condition timestamps. */
  public static boolean differs(ConnectorPluginStatus before, ConnectorPluginStatus after) {
    return StatusDiff.differs(before, after);
  }
}
