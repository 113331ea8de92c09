package io.customconnectors.operator.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Keeps one copy of each status the operator writes during the integration tests that Argo CD could
 * judge differently (by kind, the Ready condition, whether the generation was acted on, and
 * spec.state), whole objects as the API server serves them, under {@code
 * <observed.statuses.dir>/<Kind>/<Ready reason>-<hash>.json}: the helm module runs the Argo CD
 * health checks over them (ArgoHealthOfRecordedStatusesTest), so the Lua is judged on real
 * statuses, not only on statuses built by hand. Only failsafe sets the directory, so the fast tier
 * writes nothing.
 */
final class ObservedStatuses {

  /** The system property naming the directory; unset, nothing is recorded. */
  private static final String DIRECTORY_PROPERTY = "observed.statuses.dir";

  /**
   * The field manager of statuses a test writes itself (KubectlIT): they are not the operator's and
   * are not recorded.
   */
  static final String HAND_WRITTEN = "test-hand-written-status";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final KubernetesSerialization serialization;
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();

  private ObservedStatuses(Path directory, KubernetesSerialization serialization) {
    this.directory = directory;
    this.serialization = serialization;
  }

  /** Watches both kinds in all namespaces for the rest of the JVM, if the directory is set. */
  static void recordFrom(KubernetesClient client) {
    String directory = System.getProperty(DIRECTORY_PROPERTY);
    if (directory == null || directory.isBlank()) {
      return;
    }
    ObservedStatuses statuses =
        new ObservedStatuses(Path.of(directory), client.getKubernetesSerialization());
    // Generic resources keep every field the server sends, whether the model knows it or not.
    for (Class<? extends HasMetadata> kind :
        List.of(CustomConnector.class, ConnectorPlugin.class)) {
      client
          .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(kind))
          .inAnyNamespace()
          .inform(statuses.handler(), 0);
    }
  }

  private ResourceEventHandler<GenericKubernetesResource> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource resource) {
        record(resource);
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
        record(after);
      }

      @Override
      public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {}
    };
  }

  private void record(GenericKubernetesResource resource) {
    JsonNode object = serialization.convertValue(resource, JsonNode.class);
    if (!object.path("status").isObject() || handWritten(resource)) {
      return;
    }
    String kind = resource.getKind();
    JsonNode ready = readyCondition(object);
    String reason = ready.path("reason").asText("NoReadyCondition");
    String verdictKey =
        String.join(
            "|",
            kind,
            ready.path("status").asText(),
            reason,
            // A spec the operator has not acted on yet is judged Progressing whatever Ready says.
            String.valueOf(stale(object)),
            object.path("spec").path("state").asText());
    // Once per JVM, so a later run replaces what an earlier one recorded under the same name.
    if (!recorded.add(verdictKey)) {
      return;
    }
    Path file = directory.resolve(kind).resolve(reason + "-" + shortHash(verdictKey) + ".json");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean handWritten(GenericKubernetesResource resource) {
    return resource.getMetadata().getManagedFields().stream()
        .map(ManagedFieldsEntry::getManager)
        .anyMatch(HAND_WRITTEN::equals);
  }

  private static JsonNode readyCondition(JsonNode object) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  private static boolean stale(JsonNode object) {
    JsonNode observed = object.path("status").path("observedGeneration");
    return observed.isNumber()
        && observed.asLong() < object.path("metadata").path("generation").asLong();
  }

  private static String shortHash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
