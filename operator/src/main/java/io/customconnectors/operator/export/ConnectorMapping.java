package io.customconnectors.operator.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.ApiKeySecretRef;
import io.customconnectors.operator.api.v1alpha1.ConfigFromSource;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorSpec;
import io.customconnectors.operator.api.v1alpha1.KafkaAuth;
import io.customconnectors.operator.api.v1alpha1.Networking;
import io.customconnectors.operator.api.v1alpha1.PluginRef;
import io.customconnectors.operator.api.v1alpha1.SecretKeyRef;
import io.customconnectors.operator.api.v1alpha1.Target;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudBackend;
import io.customconnectors.operator.config.CloudConnectorConfig;
import io.customconnectors.operator.config.ConfigResolver;

/**
 * A remote connector as a CustomConnector that adopts it: the config the operator would send is the
 * config the connector runs, so applying the resource writes nothing to it. Secret values never
 * enter the resource: each sensitive key becomes a {@code configFrom} reference into a Secret
 * template. A pure function of what was read.
 */
final class ConnectorMapping {

  /** Keys the operator writes itself from other fields (or its owner mark). */
  private static final Set<String> SET_BY_OPERATOR =
      Set.of("name", "connector.class", "tasks.max", ConfigResolver.OWNER_KEY);

  /** Keys the operator writes on Confluent Cloud from pluginRef, networking and kafkaAuth. */
  private static final Set<String> SET_FOR_CONFLUENT_CLOUD =
      Set.of(
          CloudConnectorConfig.CONNECTOR_TYPE,
          CloudConnectorConfig.PLUGIN_ID,
          CloudConnectorConfig.PLUGIN_VERSION,
          CloudConnectorConfig.ENDPOINTS,
          "kafka.auth.mode",
          "kafka.api.key",
          "kafka.api.secret",
          "kafka.service.account.id");

  private ConnectorMapping() {}

  /** A connector of an in-cluster Kafka Connect, run by its class. */
  static ExportedFile kafkaConnect(
      RemoteConnector remote, Set<String> sensitive, String name, String namespace, Target target) {
    List<String> notes = new ArrayList<>();
    List<SecretTemplate> secrets = new ArrayList<>();
    CustomConnector resource =
        adopting(remote, sensitive, name, namespace, SET_BY_OPERATOR, secrets, notes);
    resource.getSpec().setConnectorClass(remote.config().get("connector.class"));
    resource.getSpec().setTarget(target);
    return new ExportedFile(name + ".yaml", notes, secrets, resource);
  }

  /** A custom connector on Confluent Cloud, run from the exported ConnectorPlugin. */
  static ExportedFile confluentCloud(
      RemoteConnector remote,
      Set<String> sensitive,
      String name,
      String namespace,
      Target target,
      String pluginName) {
    List<String> notes = new ArrayList<>();
    List<SecretTemplate> secrets = new ArrayList<>();
    Set<String> dropped = new TreeSet<>(SET_BY_OPERATOR);
    dropped.addAll(SET_FOR_CONFLUENT_CLOUD);
    remote.config().keySet().stream()
        .filter(ConfluentCloudBackend::addedByConfluent)
        .forEach(dropped::add);
    CustomConnector resource =
        adopting(remote, sensitive, name, namespace, dropped, secrets, notes);
    CustomConnectorSpec spec = resource.getSpec();
    PluginRef plugin = new PluginRef();
    plugin.setName(pluginName);
    spec.setPluginRef(plugin);
    spec.setTarget(target);
    spec.setNetworking(networking(remote.config().get(CloudConnectorConfig.ENDPOINTS)));
    spec.setKafkaAuth(kafkaAuth(remote.config(), name, namespace, secrets, notes));
    return new ExportedFile(name + ".yaml", notes, secrets, resource);
  }

  /**
   * The resource without its target-specific fields: name, adopt annotation, tasks, state, and the
   * config split into plain keys and Secret references; {@code dropped} keys are the operator's.
   */
  private static CustomConnector adopting(
      RemoteConnector remote,
      Set<String> sensitive,
      String name,
      String namespace,
      Set<String> dropped,
      List<SecretTemplate> secrets,
      List<String> notes) {
    CustomConnector resource = new CustomConnector();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setAnnotations(Map.of(Annotations.ADOPT, "true"));
    CustomConnectorSpec spec = new CustomConnectorSpec();
    if (!name.equals(remote.name())) {
      spec.setConnectorName(remote.name());
    }
    spec.setTasksMax(tasksMax(remote.config().get("tasks.max"), notes));
    spec.setState(state(remote.state(), notes));
    Map<String, String> config = new TreeMap<>();
    Map<String, String> fromSecret = new TreeMap<>();
    for (Map.Entry<String, String> entry : remote.config().entrySet()) {
      if (dropped.contains(entry.getKey())) {
        continue;
      }
      if (sensitive.contains(entry.getKey())) {
        fromSecret.put(entry.getKey(), "the value of config key " + entry.getKey());
      } else {
        config.put(entry.getKey(), entry.getValue());
      }
    }
    spec.setConfig(config.isEmpty() ? null : config);
    if (!fromSecret.isEmpty()) {
      String secretName = name + "-config";
      List<ConfigFromSource> configFrom = new ArrayList<>();
      for (String key : fromSecret.keySet()) {
        SecretKeyRef ref = new SecretKeyRef();
        ref.setName(secretName);
        ref.setKey(key);
        ConfigFromSource source = new ConfigFromSource();
        source.setConfigKey(key);
        source.setSecretKeyRef(ref);
        configFrom.add(source);
      }
      spec.setConfigFrom(configFrom);
      secrets.add(new SecretTemplate(secretName, namespace, fromSecret));
    }
    resource.setSpec(spec);
    return resource;
  }

  private static Integer tasksMax(String value, List<String> notes) {
    if (value == null) {
      notes.add(
          "The connector has no tasks.max: the operator sets tasks.max=1, which is one config"
              + " write (and a restart) when it adopts it.");
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      notes.add("tasks.max '" + value + "' is not a number: set spec.tasksMax by hand.");
      return null;
    }
  }

  /** Running is the default and not written; a failed connector is still meant to run. */
  private static ConnectorState state(String remoteState, List<String> notes) {
    return switch (remoteState == null ? "" : remoteState) {
      case "PAUSED" -> ConnectorState.PAUSED;
      case "STOPPED" -> ConnectorState.STOPPED;
      case "RUNNING" -> null;
      default -> {
        notes.add(
            "The connector was "
                + remoteState
                + " when exported; spec.state is Running (the default).");
        yield null;
      }
    };
  }

  private static Networking networking(String endpoints) {
    if (endpoints == null || endpoints.isBlank()) {
      return null;
    }
    Networking networking = new Networking();
    networking.setEndpoints(
        Arrays.stream(endpoints.split(";")).map(String::strip).filter(e -> !e.isEmpty()).toList());
    return networking;
  }

  /** A service account as it is; an API key as a Secret template (the key id as a hint). */
  private static KafkaAuth kafkaAuth(
      Map<String, String> config,
      String name,
      String namespace,
      List<SecretTemplate> secrets,
      List<String> notes) {
    KafkaAuth auth = new KafkaAuth();
    String serviceAccount = config.get("kafka.service.account.id");
    if ("SERVICE_ACCOUNT".equals(config.get("kafka.auth.mode")) && serviceAccount != null) {
      auth.setServiceAccountId(serviceAccount);
      return auth;
    }
    if (config.containsKey("kafka.api.key")) {
      String secretName = name + "-kafka-api-key";
      ApiKeySecretRef ref = new ApiKeySecretRef();
      ref.setName(secretName);
      auth.setApiKeySecretRef(ref);
      Map<String, String> hints = new LinkedHashMap<>();
      hints.put(
          "key", "the Kafka API key the connector uses now is " + config.get("kafka.api.key"));
      hints.put("secret", "that Kafka API key's secret");
      secrets.add(new SecretTemplate(secretName, namespace, hints));
      return auth;
    }
    notes.add(
        "No Kafka credentials found in the connector's config: set spec.kafkaAuth before"
            + " applying.");
    return null;
  }
}
