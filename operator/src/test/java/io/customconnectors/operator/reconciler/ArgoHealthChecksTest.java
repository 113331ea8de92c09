package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.OffsetsChange;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Argo CD health checks in config/argocd run in a Lua VM the way Argo CD runs them (the
 * resource as the global {@code obj}, a table with status and message returned) against statuses
 * the operator's own code produces, and against every reason there is: a wait on the way to Ready
 * is Progressing, Paused and Stopped are Suspended, anything else not ready is Degraded.
 */
class ArgoHealthChecksTest {

  private static final Path ARGOCD = Path.of("..", "config", "argocd");
  private static final Set<String> ARGO_STATUSES =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  /** Reasons that are not faults but are not on the way to Ready either: deletion waits. */
  private static final Set<Reason> DELETION_WAITS = Set.of(Reason.DeletePending, Reason.InUse);

  private final ReconcilerHarness bed = new ReconcilerHarness();

  @AfterEach
  void close() {
    bed.close();
  }

  record Health(String status, String message) {}

  @Test
  void theConfigMapCarriesExactlyTheScripts() throws IOException {
    JsonNode configMap =
        Serialization.yamlMapper().readTree(Files.readString(ARGOCD.resolve("argocd-cm.yaml")));
    assertThat(
            configMap
                .path("data")
                .path("resource.customizations.health.customconnectors.io_CustomConnector")
                .asText())
        .isEqualTo(script("customconnector-health.lua"));
    assertThat(
            configMap
                .path("data")
                .path("resource.customizations.health.customconnectors.io_ConnectorPlugin")
                .asText())
        .isEqualTo(script("connectorplugin-health.lua"));
  }

  @Test
  void everyReasonMapsToTheHealthItMeans() throws IOException {
    for (Reason reason : Reason.values()) {
      Health notReady = health("customconnector-health.lua", withReady(false, reason));
      String expected =
          reason.onTheWay() || DELETION_WAITS.contains(reason) ? "Progressing" : "Degraded";
      assertThat(notReady.status()).as("Ready=False " + reason).isEqualTo(expected);
      assertThat(notReady.message()).startsWith(reason.name() + ": ");
      assertThat(health("connectorplugin-health.lua", withReady(false, reason)).status())
          .as("plugin Ready=False " + reason)
          .isEqualTo(expected);
    }
    assertThat(health("customconnector-health.lua", withReady(true, Reason.Running)).status())
        .isEqualTo("Healthy");
    assertThat(health("customconnector-health.lua", withReady(true, Reason.Paused)).status())
        .isEqualTo("Suspended");
    assertThat(health("customconnector-health.lua", withReady(true, Reason.Stopped)).status())
        .isEqualTo("Suspended");
  }

  @Test
  void statusesTheOperatorProducesAreJudgedAsAUserWouldExpect() throws IOException {
    List<String> seen = new ArrayList<>();
    CustomConnector fresh = FastTierManifests.connector("orders");
    fresh.getMetadata().setGeneration(1L);
    seen.add(judge(fresh, "Progressing"));

    bed.apply(FastTierManifests.kafkaConnectPlugin(bed.connect.url().toString()));
    bed.reconcilePlugin("dynamodb-source");
    assertThat(health("connectorplugin-health.lua", bed.plugin("dynamodb-source")).status())
        .isEqualTo("Healthy");

    bed.apply(FastTierManifests.connector("orders"));
    bed.settle("orders");
    seen.add(judge(bed.connector("orders"), "Degraded")); // SecretNotFound
    assertThat(health("customconnector-health.lua", bed.connector("orders")).message())
        .contains("SecretNotFound")
        .contains("spec.configFrom[0]");

    bed.secret("aws", Map.of("secret-access-key", "wJalrXUtnFEMI-argo-SECRET"));
    bed.settle("orders");
    seen.add(judge(bed.connector("orders"), "Healthy"));

    CustomConnector resetting = bed.connector("orders");
    OffsetsChange reset = new OffsetsChange();
    reset.setRequestId("reset-1");
    reset.setReset(true);
    resetting.getSpec().setOffsets(reset);
    bed.apply(resetting);
    bed.poll();
    bed.reconcile("orders");
    seen.add(judge(bed.connector("orders"), "Progressing")); // OffsetsChanging: stopping
    bed.settle("orders");
    seen.add(judge(bed.connector("orders"), "Healthy"));

    CustomConnector paused = bed.connector("orders");
    paused.getSpec().setState(ConnectorState.PAUSED);
    bed.apply(paused);
    // The spec changed, the operator has not acted on it yet.
    seen.add(judge(bed.connector("orders"), "Progressing"));
    bed.settle("orders");
    seen.add(judge(bed.connector("orders"), "Suspended"));

    CustomConnector stopped = bed.connector("orders");
    stopped.getSpec().setState(ConnectorState.STOPPED);
    bed.apply(stopped);
    bed.settle("orders");
    seen.add(judge(bed.connector("orders"), "Suspended"));

    assertThat(seen)
        .containsSubsequence(
            "Progressing",
            "Degraded SecretNotFound",
            "Healthy Running",
            "Progressing OffsetsChanging",
            "Healthy Running",
            "Suspended Paused",
            "Suspended Stopped");
  }

  @Test
  void aDeletionIsProgressingWithItsWaitThoughTheGenerationMovedOn() throws IOException {
    // Kubernetes raises a custom resource's generation when it marks it for deletion; the operator
    // reports the deletion's wait without a new spec to act on.
    CustomConnector deleting = withReady(false, Reason.DeletePending);
    deleting.getMetadata().setGeneration(4L);
    deleting.getMetadata().setDeletionTimestamp("2026-12-01T20:00:00Z");
    Health health = health("customconnector-health.lua", deleting);
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).isEqualTo("DeletePending: what to do");

    CustomConnector running = withReady(true, Reason.Running);
    running.getMetadata().setDeletionTimestamp("2026-12-01T20:00:00Z");
    assertThat(health("customconnector-health.lua", running))
        .isEqualTo(new Health("Progressing", "Being deleted"));
  }

  /** The connector's health, which must be {@code expected}; returns it with the Ready reason. */
  private String judge(CustomConnector connector, String expected) throws IOException {
    Health health = health("customconnector-health.lua", connector);
    assertThat(ARGO_STATUSES).contains(health.status());
    assertThat(health.status()).as(health.message()).isEqualTo(expected);
    Condition ready =
        connector.getStatus() == null
            ? null
            : Conditions.find(connector.getStatus().getConditions(), "Ready");
    boolean current =
        connector.getStatus() != null
            && connector.getMetadata().getGeneration() != null
            && connector
                .getMetadata()
                .getGeneration()
                .equals(connector.getStatus().getObservedGeneration());
    return ready == null || !current ? health.status() : health.status() + " " + ready.getReason();
  }

  private static CustomConnector withReady(boolean ready, Reason reason) {
    CustomConnector connector = FastTierManifests.connector("orders");
    connector.getMetadata().setGeneration(3L);
    CustomConnectorStatus status = new CustomConnectorStatus();
    status.setObservedGeneration(3L);
    status.getConditions().add(Conditions.of("Running", ready, reason, "about running", 3));
    status.getConditions().add(Conditions.of("Ready", ready, reason, "what to do", 3));
    connector.setStatus(status);
    return connector;
  }

  /** Runs the script as Argo CD does: the resource as {@code obj}, a health table returned. */
  private static Health health(String script, HasMetadata resource) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(Serialization.jsonMapper().valueToTree(resource)));
    LuaValue hs = globals.load(script(script), script).call();
    return new Health(hs.get("status").tojstring(), hs.get("message").optjstring(""));
  }

  private static String script(String name) throws IOException {
    return Files.readString(ARGOCD.resolve(name));
  }

  private static LuaValue lua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      node.properties().forEach(entry -> table.set(entry.getKey(), lua(entry.getValue())));
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, lua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return LuaValue.valueOf(node.asText());
  }
}
