package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConnectorPlugin;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.backend.confluentcloud.CustomPlugins;
import io.customconnectors.operator.config.CloudConnectorConfig;

/**
 * The operator killed right after each remote write of the create, update and delete flows of both
 * targets, then started again (nothing of the old process's memory kept; Kubernetes and the remote
 * service as the kill left them): each flow must still end with no duplicate, nothing left behind
 * remotely, and the state asked for. Prints the table of steps and outcomes the README shows.
 */
class CrashAtEveryStepTest {

  private static final String SECRET = "wJalrXUtnFEMI-crash-SECRET";

  /** A remote write, named as in the table, and the call that makes it. */
  private record Step(String target, String name, String call, int nth) {}

  private record Row(Step step, boolean crashed, int mostSeen, int leaked, String outcome) {
    boolean ok() {
      return crashed && mostSeen <= 1 && leaked == 0 && outcome.equals("as asked");
    }
  }

  private static final List<Row> TABLE = new ArrayList<>();

  @AfterAll
  static void printTable() {
    StringBuilder table =
        new StringBuilder("\nCrash at every step (fast tier, CrashAtEveryStepTest)\n");
    table.append(
        String.format(
            "%-16s %-40s %-8s %-11s %-7s %s%n",
            "target", "killed right after", "crashed", "duplicates", "leaked", "final state"));
    for (Row row : TABLE) {
      table.append(
          String.format(
              "%-16s %-40s %-8s %-11s %-7s %s%n",
              row.step().target(),
              row.step().name(),
              row.crashed() ? "yes" : "NO",
              row.mostSeen() > 1 ? "YES" : "0",
              row.leaked() < 0 ? "?" : Integer.toString(row.leaked()),
              row.outcome()));
    }
    System.out.println(table);
  }

  @Test
  void confluentCloudFlowsSurviveAKillAfterEachRemoteWrite() {
    List<Step> steps =
        List.of(
            new Step("Confluent Cloud", "plugin created", "createPlugin", 1),
            new Step("Confluent Cloud", "archive uploaded (no version yet)", "upload", 1),
            new Step("Confluent Cloud", "version created", "createVersion", 1),
            new Step("Confluent Cloud", "connector created", "create", 1),
            new Step("Confluent Cloud", "config replaced", "putConfig", 1),
            new Step("Confluent Cloud", "new version created", "createVersion", 2),
            new Step("Confluent Cloud", "connector moved to the new version", "putConfig", 2),
            new Step("Confluent Cloud", "old version deleted", "deleteVersion", 1),
            new Step("Confluent Cloud", "connector deleted", "delete", 1),
            new Step("Confluent Cloud", "plugin deleted", "deletePlugin", 1));
    List<Row> rows = steps.stream().map(this::cloudFlow).toList();
    TABLE.addAll(rows);
    assertThat(rows).allMatch(Row::ok, "every flow ends as asked");
  }

  @Test
  void kafkaConnectFlowsSurviveAKillAfterEachRemoteWrite() {
    List<Step> steps =
        List.of(
            new Step("Kafka Connect", "connector created", "create", 1),
            new Step("Kafka Connect", "config replaced", "putConfig", 1),
            new Step("Kafka Connect", "connector paused", "pause", 1),
            new Step("Kafka Connect", "connector deleted", "delete", 1));
    List<Row> rows = steps.stream().map(this::workerFlow).toList();
    TABLE.addAll(rows);
    assertThat(rows).allMatch(Row::ok, "every flow ends as asked");
  }

  /** Create, change the config, change the plugin's declaration, delete: killed at {@code step}. */
  private Row cloudFlow(Step step) {
    try (ReconcilerHarness bed = new ReconcilerHarness()) {
      Flow flow = new Flow(bed);
      bed.crash.arm(step.call(), step.nth());
      bed.secret("ccloud-api", Map.of("key", "CLOUDKEY", "secret", "cloud-" + SECRET));
      bed.secret("kafka-api", Map.of("key", "KAFKAKEY", "secret", "kafka-" + SECRET));
      bed.secret("aws", Map.of("secret-access-key", SECRET));
      String name = "DynamoDB Custom connector";
      // A duplicate is a second plugin of that name, or a second version of one declaration (two
      // versions of two declarations, while connectors move over, are the design).
      Runnable duplicates =
          () -> {
            flow.seen(bed.cloud.pluginsNamed(name).size());
            bed.cloud
                .pluginsNamed(name)
                .forEach(
                    p ->
                        bed.cloud.versionsOf(p.id()).stream()
                            .collect(
                                Collectors.groupingBy(
                                    CustomPlugins.Version::version, Collectors.counting()))
                            .values()
                            .forEach(count -> flow.seen(count.intValue())));
          };
      try {
        bed.apply(FastTierManifests.confluentCloudPlugin(null));
        bed.apply(FastTierManifests.cloudConnector("orders"));
        flow.until(
            "created",
            duplicates,
            () ->
                "TRUE Uploaded".equals(bed.ready("dynamodb-source"))
                    && "TRUE Running".equals(bed.ready("orders")));

        CustomConnector moved = FastTierManifests.cloudConnector("orders");
        moved.getSpec().setConfig(Map.of("aws.region", "eu-west-1"));
        bed.apply(moved);
        flow.until(
            "config replaced",
            duplicates,
            () ->
                "eu-west-1".equals(stored(bed).get("aws.region"))
                    && "TRUE Running".equals(bed.ready("orders")));

        ConnectorPlugin documented = FastTierManifests.confluentCloudPlugin(null);
        documented.getSpec().setDocumentationLink("https://example.com/dynamodb");
        bed.apply(documented);
        flow.until(
            "new version",
            duplicates,
            () -> {
              String current = bed.plugin("dynamodb-source").getStatus().getPluginVersion();
              String pluginId = bed.plugin("dynamodb-source").getStatus().getPluginId();
              return "TRUE Uploaded".equals(bed.ready("dynamodb-source"))
                  && current.equals(stored(bed).get(CloudConnectorConfig.PLUGIN_VERSION))
                  && bed.cloud.versionsOf(pluginId).stream()
                      .map(CustomPlugins.Version::version)
                      .toList()
                      .equals(List.of(current));
            });

        flow.deleteAll("orders", "dynamodb-source");
        int leaked =
            bed.cloud.pluginsNamed(name).size()
                + (bed.cloud.stored("lkc-1", "orders").isPresent() ? 1 : 0);
        return new Row(step, bed.crash.fired(), flow.mostSeen, leaked, "as asked");
      } catch (Stuck stuck) {
        return new Row(step, bed.crash.fired(), flow.mostSeen, -1, stuck.getMessage());
      }
    }
  }

  /** Create, change the config, pause, delete: killed at {@code step}. */
  private Row workerFlow(Step step) {
    try (ReconcilerHarness bed = new ReconcilerHarness()) {
      Flow flow = new Flow(bed);
      bed.crash.arm(step.call(), step.nth());
      bed.secret("aws", Map.of("secret-access-key", SECRET));
      Runnable duplicates = () -> flow.seen(bed.connect.connectors().size());
      try {
        bed.apply(FastTierManifests.kafkaConnectPlugin(bed.connect.url().toString()));
        bed.apply(FastTierManifests.connector("orders"));
        flow.until("created", duplicates, () -> "TRUE Running".equals(bed.ready("orders")));

        CustomConnector moved = FastTierManifests.connector("orders");
        moved.getSpec().setConfig(Map.of("aws.region", "eu-west-1"));
        bed.apply(moved);
        flow.until(
            "config replaced",
            duplicates,
            () ->
                "eu-west-1".equals(bed.connect.connectors().get("orders").get("aws.region"))
                    && "TRUE Running".equals(bed.ready("orders")));

        CustomConnector paused = FastTierManifests.connector("orders");
        paused.getSpec().setConfig(Map.of("aws.region", "eu-west-1"));
        paused.getSpec().setState(ConnectorState.PAUSED);
        bed.apply(paused);
        flow.until("paused", duplicates, () -> "TRUE Paused".equals(bed.ready("orders")));

        flow.deleteAll("orders", "dynamodb-source");
        return new Row(
            step, bed.crash.fired(), flow.mostSeen, bed.connect.connectors().size(), "as asked");
      } catch (Stuck stuck) {
        return new Row(step, bed.crash.fired(), flow.mostSeen, -1, stuck.getMessage());
      }
    }
  }

  private static Map<String, String> stored(ReconcilerHarness bed) {
    return bed.cloud.stored("lkc-1", "orders").orElse(Map.of());
  }

  /** A flow did not reach a phase's end. */
  private static final class Stuck extends Exception {
    Stuck(String phase) {
      super("stuck before '" + phase + "'", null, false, false);
    }
  }

  /**
   * Drives the operator as its informers and timers would (plugin, poll, connector, in turn, the
   * clock moving an interval each round); a kill starts a new operator and the round goes on.
   */
  private static final class Flow {
    private final ReconcilerHarness bed;
    int mostSeen;

    Flow(ReconcilerHarness bed) {
      this.bed = bed;
    }

    void seen(int count) {
      mostSeen = Math.max(mostSeen, count);
    }

    void until(String phase, Runnable duplicates, BooleanSupplier done) throws Stuck {
      for (int round = 0; round < 20; round++) {
        survive(() -> bed.reconcilePlugin("dynamodb-source"));
        survive(bed::poll);
        survive(() -> bed.reconcile("orders"));
        duplicates.run();
        if (done.getAsBoolean()) {
          return;
        }
        bed.clock.advance(ReconcilerHarness.POLL);
      }
      throw new Stuck(phase);
    }

    void deleteAll(String connector, String plugin) throws Stuck {
      for (int round = 0; round < 20 && bed.exists(connector); round++) {
        survive(() -> bed.delete(connector));
        bed.clock.advance(ReconcilerHarness.POLL);
      }
      for (int round = 0; round < 20 && bed.exists(plugin); round++) {
        survive(() -> bed.deletePlugin(plugin));
        bed.clock.advance(ReconcilerHarness.POLL);
      }
      if (bed.exists(connector) || bed.exists(plugin)) {
        throw new Stuck("deleted");
      }
    }

    private void survive(Runnable pass) {
      try {
        pass.run();
      } catch (CrashPoint.OperatorCrashed killed) {
        bed.restartOperator();
      }
    }
  }
}
