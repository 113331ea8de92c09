package io.customconnectors.testkit.ccloud;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Confluent Cloud's rules for custom connectors (reference: ccloud-api.md 3.2-3.4): what a config
 * must hold, which keys only Confluent uses, what is masked on read and what the server adds.
 */
final class ConnectorRules {

  static final String MASK = "****************";
  static final int MAX_TASKS = 5;

  private static final Set<String> KAFKA_SECRETS = Set.of("kafka.api.key", "kafka.api.secret");
  private static final Set<String> SERVER_ADDED =
      Set.of("cloud.environment", "cloud.provider", "kafka.endpoint", "kafka.region");
  private static final String NAME = "^[\\p{L}\\p{N}\\p{M} .,&_+|\\[\\]-]{1,64}$";

  /** A host and port a connector may reach. */
  record Endpoint(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  private ConnectorRules() {}

  /** Checks a custom connector's name and config, and returns the plugin it runs. */
  static PluginCatalog.Runnable check(
      String name, Map<String, String> config, KafkaCluster cluster, PluginCatalog catalog) {
    if (name == null || !name.matches(NAME)) {
      throw bad(
          "Connector name must be 1 to 64 letters, digits, spaces or . , & _ + | [ ] -: " + name);
    }
    if (!name.equals(config.get("name"))) {
      throw bad("config.name must equal the connector name '" + name + "'");
    }
    String type = config.getOrDefault("confluent.connector.type", "MANAGED");
    if (!type.equals("CUSTOM")) {
      throw bad(
          "confluent.connector.type is "
              + type
              + ": the emulator runs custom connectors only (CUSTOM)");
    }
    String pluginId = config.get("confluent.custom.plugin.id");
    if (pluginId == null || pluginId.isBlank()) {
      throw bad("confluent.custom.plugin.id is required for custom connectors");
    }
    String version = config.get("confluent.custom.plugin.version");
    PluginCatalog.Runnable plugin =
        catalog
            .runnable(pluginId, version, cluster.environment())
            .orElseThrow(
                () ->
                    bad(
                        version == null
                            ? "Custom connector plugin "
                                + pluginId
                                + " was not found (or has no READY version) in "
                                + cluster.environment()
                            : "Version "
                                + version
                                + " of plugin "
                                + pluginId
                                + " was not found or is not READY"));
    String tasks = config.getOrDefault("tasks.max", "1");
    try {
      int count = Integer.parseInt(tasks);
      if (count < 1 || count > MAX_TASKS) {
        throw bad(
            "tasks.max must be between 1 and "
                + MAX_TASKS
                + " for custom connectors, not "
                + count);
      }
    } catch (NumberFormatException e) {
      throw bad("tasks.max must be a number: " + tasks);
    }
    endpoints(config.get("confluent.custom.connection.endpoints"));
    String auth = config.getOrDefault("kafka.auth.mode", "KAFKA_API_KEY");
    if (auth.equals("KAFKA_API_KEY")
        && (config.get("kafka.api.key") == null || config.get("kafka.api.secret") == null)) {
      throw bad(
          "kafka.api.key and kafka.api.secret are required with kafka.auth.mode=KAFKA_API_KEY");
    }
    if (auth.equals("SERVICE_ACCOUNT") && config.get("kafka.service.account.id") == null) {
      throw bad("kafka.service.account.id is required with kafka.auth.mode=SERVICE_ACCOUNT");
    }
    if (!auth.equals("KAFKA_API_KEY") && !auth.equals("SERVICE_ACCOUNT")) {
      throw bad("kafka.auth.mode must be KAFKA_API_KEY or SERVICE_ACCOUNT");
    }
    return plugin;
  }

  /**
   * The egress allow-list: {@code host:port[:TCP|UDP]} entries separated by ';' (also {@code
   * host:p1,p2}).
   */
  static Set<Endpoint> endpoints(String text) {
    Set<Endpoint> endpoints = new LinkedHashSet<>();
    if (text == null || text.isBlank()) {
      return endpoints;
    }
    for (String entry : text.split(";")) {
      String trimmed = entry.trim();
      String[] parts = trimmed.split(":");
      if (parts.length < 2
          || parts.length > 3
          || parts[0].isBlank()
          || (parts.length == 3 && !parts[2].matches("TCP|UDP"))) {
        throw bad(
            "confluent.custom.connection.endpoints: '"
                + trimmed
                + "' is not host:port[:TCP]; separate entries with ';'");
      }
      for (String port : parts[1].split(",")) {
        try {
          int number = Integer.parseInt(port.trim());
          if (number < 1 || number > 65535) {
            throw new NumberFormatException();
          }
          endpoints.add(new Endpoint(parts[0].toLowerCase(Locale.ROOT), number));
        } catch (NumberFormatException e) {
          throw bad(
              "confluent.custom.connection.endpoints: port '"
                  + port
                  + "' of '"
                  + trimmed
                  + "' is not between 1 and 65535");
        }
      }
    }
    return endpoints;
  }

  /**
   * The config the Connect worker gets: Confluent's own keys removed, named by the connector id.
   */
  static Map<String, String> forWorker(EmulatedConnector connector) {
    Map<String, String> config = new LinkedHashMap<>();
    connector.config.forEach(
        (key, value) -> {
          if (!confluentOnly(key)) {
            config.put(key, value);
          }
        });
    config.put("name", connector.id);
    config.putIfAbsent("connector.class", connector.plugin.classes().get(0));
    config.putIfAbsent("tasks.max", "1");
    return config;
  }

  static boolean confluentOnly(String key) {
    return key.startsWith("confluent.")
        || key.startsWith("kafka.api.")
        || key.equals("kafka.auth.mode")
        || key.equals("kafka.service.account.id")
        || SERVER_ADDED.contains(key);
  }

  /** The config as Confluent Cloud returns it: secrets masked, server-added keys present. */
  static Map<String, String> forRead(EmulatedConnector connector) {
    Map<String, String> config = new LinkedHashMap<>();
    connector.config.forEach(
        (key, value) -> config.put(key, masked(key, connector) ? MASK : value));
    // The service's own name for where it runs, not the environment's id.
    config.put("cloud.environment", "prod");
    config.put("cloud.provider", connector.cluster.cloud().toLowerCase(Locale.ROOT));
    config.put("kafka.endpoint", connector.cluster.bootstrapEndpoint());
    config.put("kafka.region", connector.cluster.region());
    return config;
  }

  static boolean masked(String key, EmulatedConnector connector) {
    return KAFKA_SECRETS.contains(key) || connector.plugin.sensitive().contains(key);
  }

  static boolean serverAdded(String key) {
    return SERVER_ADDED.contains(key);
  }

  static ApiException bad(String message) {
    return ApiException.badRequest(message);
  }

  static List<String> secretsOf(EmulatedConnector connector) {
    return connector.config.entrySet().stream()
        .filter(entry -> masked(entry.getKey(), connector))
        .map(Map.Entry::getValue)
        .toList();
  }
}
