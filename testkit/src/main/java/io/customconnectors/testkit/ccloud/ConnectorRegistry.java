package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The emulated connectors, per Kafka cluster and by name. Lock: the registry itself. */
final class ConnectorRegistry {

  private final Map<String, EmulatedConnector> byId = new ConcurrentHashMap<>();

  synchronized Optional<EmulatedConnector> find(KafkaCluster cluster, String name) {
    return byId.values().stream()
        .filter(c -> c.cluster.id().equals(cluster.id()) && c.name.equals(name))
        .findFirst();
  }

  synchronized List<EmulatedConnector> in(KafkaCluster cluster) {
    return byId.values().stream()
        .filter(c -> c.cluster.id().equals(cluster.id()))
        .sorted(Comparator.comparing(c -> c.name))
        .toList();
  }

  synchronized List<EmulatedConnector> all() {
    return new ArrayList<>(byId.values());
  }

  synchronized void add(EmulatedConnector connector) {
    byId.put(connector.id, connector);
  }

  synchronized void remove(EmulatedConnector connector) {
    byId.remove(connector.id);
  }

  /** Names of connectors running a plugin or plugin version id. */
  synchronized List<String> using(String pluginOrVersionId) {
    return byId.values().stream()
        .filter(
            c ->
                pluginOrVersionId.equals(c.plugin.pluginId())
                    || pluginOrVersionId.equals(c.plugin.versionId()))
        .map(c -> c.name + " (" + c.id + ")")
        .toList();
  }
}
