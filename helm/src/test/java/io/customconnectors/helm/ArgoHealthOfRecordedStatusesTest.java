package io.customconnectors.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;
import org.opentest4j.TestAbortedException;

import io.customconnectors.operator.api.v1alpha1.Reason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The Argo CD health checks in config/argocd, run in a Lua VM the way Argo CD runs them (the
 * resource as the global {@code obj}, a table with status and message returned), over every kind of
 * status the operator really wrote on the API server during its integration tests (ObservedStatuses
 * in the operator's tests records them under operator/target/observed-statuses).
 * ArgoHealthChecksTest in the operator covers every reason with statuses built by hand; this one
 * proves the scripts read real objects as intended.
 */
class ArgoHealthOfRecordedStatusesTest {

  private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).normalize();
  private static final Path RECORDINGS = ROOT.resolve("operator/target/observed-statuses");
  private static final Path ARGOCD = ROOT.resolve("config/argocd");
  private static final Path COVERAGE = Path.of("target", "argo-health-coverage.md");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ARGO_STATUSES =
      Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing");

  /** Reasons that are not faults but are not on the way to Ready either: deletion waits. */
  private static final Set<Reason> DELETION_WAITS = Set.of(Reason.DeletePending, Reason.InUse);

  private static final Set<String> SUSPENDED_REASONS = Set.of("Paused", "Stopped");

  private static List<Path> recordings;

  record Health(String status, String message) {}

  @BeforeAll
  static void findTheRecordings() throws IOException {
    recordings = Files.isDirectory(RECORDINGS) ? jsonFilesUnder(RECORDINGS) : List.of();
    if (recordings.isEmpty()) {
      String why =
          "No statuses recorded by the operator's integration tests in "
              + RECORDINGS
              + ": run ./mvnw -B verify (the operator's ITs record them, this module runs after).";
      // On CI the ITs always run before this module, so nothing recorded means the recorder broke.
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      throw new TestAbortedException(why);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedStatusIsJudgedAsItsReadyConditionSays() {
    return recordings.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    RECORDINGS.relativize(file).toString(), () -> judgedAsExpected(file)));
  }

  @Test
  void theRecordingsReachHealthyProgressingAndDegraded() throws IOException {
    Map<Verdict, Long> coverage = new TreeMap<>(Verdict.ORDER);
    for (Path file : recordings) {
      coverage.merge(Verdict.of(read(file)), 1L, Long::sum);
    }
    String table =
        "| kind | Argo CD health | Ready | reason | generation | recordings |\n"
            + "| --- | --- | --- | --- | --- | --- |\n"
            + coverage.entrySet().stream()
                .map(row -> row.getKey().tableRow() + " " + row.getValue() + " |")
                .collect(Collectors.joining("\n"))
            + "\n";
    Files.createDirectories(COVERAGE.getParent());
    Files.writeString(COVERAGE, table);
    System.out.println("Argo CD health of the statuses the operator's ITs recorded:\n" + table);

    // A floor, not the full set: reasons no IT reaches are covered by ArgoHealthChecksTest.
    assertThat(coverage.keySet())
        .anyMatch(verdict -> verdict.health().equals("Healthy") && verdict.ready().equals("True"))
        .anyMatch(verdict -> verdict.health().equals("Progressing"))
        .anyMatch(verdict -> verdict.health().equals("Degraded"));
  }

  /** One line of the coverage table: a kind's Argo CD health next to its Ready condition. */
  record Verdict(String kind, String health, String ready, String reason, String generation) {
    static final Comparator<Verdict> ORDER =
        Comparator.comparing(Verdict::kind)
            .thenComparing(Verdict::health)
            .thenComparing(Verdict::ready)
            .thenComparing(Verdict::reason)
            .thenComparing(Verdict::generation);

    static Verdict of(JsonNode object) throws IOException {
      JsonNode ready = readyCondition(object);
      return new Verdict(
          object.path("kind").asText(),
          ArgoHealthOfRecordedStatusesTest.health(object).status(),
          ready.path("status").asText("-"),
          ready.path("reason").asText("-"),
          stale(object) ? "not acted on yet" : "acted on");
    }

    String tableRow() {
      return "| " + String.join(" | ", kind, health, ready, reason, generation) + " |";
    }
  }

  private static void judgedAsExpected(Path file) throws IOException {
    JsonNode object = read(file);
    Health health = health(object);
    assertThat(ARGO_STATUSES).contains(health.status());

    JsonNode ready = readyCondition(object);
    if (object.path("metadata").has("deletionTimestamp")) {
      // Being deleted: progressing, with the deletion's wait when the operator reports one.
      assertThat(health.status()).as(health.message()).isEqualTo("Progressing");
      String reason = ready.path("reason").asText();
      assertThat(health.message())
          .isEqualTo(
              DELETION_WAITS.stream().anyMatch(wait -> wait.name().equals(reason))
                  ? reason + ": " + ready.path("message").asText()
                  : "Being deleted");
      return;
    }
    if (ready.isMissingNode() || stale(object)) {
      assertThat(health.status()).as(health.message()).isEqualTo("Progressing");
      return;
    }
    String reason = ready.path("reason").asText();
    assertThat(health.status()).as(health.message()).isEqualTo(expectedStatus(object, ready));
    assertThat(health.message()).isEqualTo(reason + ": " + ready.path("message").asText());
  }

  /** What the Ready condition means to a user, as the operator's Reason defines it. */
  private static String expectedStatus(JsonNode object, JsonNode ready) {
    String reason = ready.path("reason").asText();
    if ("True".equals(ready.path("status").asText())) {
      if (!SUSPENDED_REASONS.contains(reason)) {
        return "Healthy";
      }
      if ("CustomConnector".equals(object.path("kind").asText())) {
        // Ready because paused or stopped only when the spec asks for it.
        assertThat(object.path("spec").path("state").asText())
            .as("spec.state of a connector Ready because " + reason)
            .isEqualTo(reason);
      }
      return "Suspended";
    }
    // valueOf fails on a reason the operator does not declare: the set is closed.
    Reason declared = Reason.valueOf(reason);
    return declared.onTheWay() || DELETION_WAITS.contains(declared) ? "Progressing" : "Degraded";
  }

  /** Runs the kind's script as Argo CD does: the resource as {@code obj}, a health table back. */
  private static Health health(JsonNode object) throws IOException {
    String script = object.path("kind").asText().toLowerCase(Locale.ROOT) + "-health.lua";
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(object));
    LuaValue hs = globals.load(Files.readString(ARGOCD.resolve(script)), script).call();
    return new Health(hs.get("status").tojstring(), hs.get("message").optjstring(""));
  }

  private static JsonNode readyCondition(JsonNode object) {
    for (JsonNode condition : object.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  /** A spec the operator has not acted on yet: Argo CD must not trust the Ready condition. */
  private static boolean stale(JsonNode object) {
    JsonNode observed = object.path("status").path("observedGeneration");
    return observed.isNumber()
        && observed.asLong() < object.path("metadata").path("generation").asLong();
  }

  private static List<Path> jsonFilesUnder(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static JsonNode read(Path file) throws IOException {
    return JSON.readTree(Files.readString(file));
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
