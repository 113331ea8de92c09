package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.ConnectorState;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.OffsetsChange;
import io.customconnectors.operator.api.v1alpha1.OffsetsChangeStatus;
import io.customconnectors.operator.api.v1alpha1.PartitionOffsetChange;
import io.customconnectors.operator.backend.SourceOffset;
import io.customconnectors.operator.status.Conditions;
import io.customconnectors.operator.status.OffsetsChangeReport;

/**
 * spec.offsets in the fast tier, on both targets: carried out once per requestId (also across an
 * operator restart at each step), the connector back in spec.state afterwards, and a wrong request
 * changing nothing.
 */
class OffsetsChangeTest {

  private static final String SECRET = "wJalrXUtnFEMI-offsets-SECRET";
  private static final Map<String, Object> ORDERS = Map.of("protocol", 1, "table", "Orders");
  private static final Map<String, Object> STREAMING =
      Map.of("protocol", 1, "phase", "STREAM", "stream_after_ms", 1_764_547_200_000L);

  private final ReconcilerHarness bed = new ReconcilerHarness();

  @AfterEach
  void close() {
    bed.close();
  }

  // ---- Kafka Connect ----

  private void runningInCluster() {
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(FastTierManifests.kafkaConnectPlugin(bed.connect.url().toString()));
    bed.reconcilePlugin("dynamodb-source");
    bed.apply(FastTierManifests.connector("orders"));
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    bed.connect.offsets(
        "orders",
        List.of(
            Map.of(
                "partition",
                ORDERS,
                "offset",
                Map.of("protocol", 1, "phase", "SNAPSHOT", "snapshot_records", 10))));
  }

  @Test
  void aResetStopsTheConnectorResetsOnceAndBringsItBackToItsState() {
    runningInCluster();
    bed.apply(asking(bed.connector("orders"), reset("reset-1")));
    bed.poll();
    bed.reconcile("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/stop")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Stopping");
    assertThat(bed.ready("orders")).isEqualTo("FALSE OffsetsChanging");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isZero();

    bed.settle("orders");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isEqualTo(1);
    assertThat(bed.connect.offsetsOf("orders")).isEmpty();
    assertThat(phase()).isEqualTo("Applied");
    assertThat(offsetsCondition()).isEqualTo("TRUE OffsetsApplied");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.connect.count("PUT /connectors/orders/resume")).isEqualTo(1);

    bed.restartOperator();
    bed.settle("orders");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isEqualTo(1);
    assertThat(bed.connect.count("PUT /connectors/orders/stop")).isEqualTo(1);

    bed.apply(asking(bed.connector("orders"), reset("reset-2")));
    bed.settle("orders");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isEqualTo(2);
    assertThat(bed.connector("orders").getStatus().getOffsetsChange().getRequestId())
        .isEqualTo("reset-2");
  }

  @Test
  void anAlterSetsTheGivenOffsetAndAPausedConnectorStaysPaused() {
    runningInCluster();
    CustomConnector paused = bed.connector("orders");
    paused.getSpec().setState(ConnectorState.PAUSED);
    bed.apply(paused);
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Paused");

    bed.apply(asking(bed.connector("orders"), alter("follow-1", ORDERS, STREAMING)));
    bed.settle("orders");
    assertThat(phase()).isEqualTo("Applied");
    assertThat(bed.connect.offsetsOf("orders"))
        .singleElement()
        .satisfies(entry -> assertThat(entry.get("offset")).isEqualTo(STREAMING));
    assertThat(bed.ready("orders")).isEqualTo("TRUE Paused");
    assertThat(bed.connect.count("PATCH /connectors/orders/offsets")).isEqualTo(1);
  }

  @Test
  void anOperatorRestartWhileTheConnectorStopsDoesNotLoseOrRepeatTheChange() {
    runningInCluster();
    bed.apply(asking(bed.connector("orders"), reset("reset-1")));
    bed.poll();
    bed.reconcile("orders");
    assertThat(phase()).isEqualTo("Stopping");

    bed.restartOperator();
    bed.settle("orders");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Applied");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void theConnectorComesBackOnlyOnceStatusRecordsTheChange() {
    runningInCluster();
    bed.apply(asking(bed.connector("orders"), reset("reset-1")));
    bed.poll();
    bed.reconcile("orders");
    CustomConnector stopping = bed.connector("orders");
    bed.poll();
    bed.reconcile("orders");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Applied");

    bed.statusLostSince(stopping);
    bed.poll();
    bed.reconcile("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/resume")).isZero();
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Applied");

    bed.settle("orders");
    assertThat(bed.connect.count("PUT /connectors/orders/resume")).isEqualTo(1);
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aChangeWithdrawnHalfwayLeavesTheOffsetsAndBringsTheConnectorBack() {
    runningInCluster();
    bed.apply(asking(bed.connector("orders"), reset("reset-1")));
    bed.poll();
    bed.reconcile("orders");
    assertThat(phase()).isEqualTo("Stopping");

    bed.apply(asking(bed.connector("orders"), null));
    bed.settle("orders");
    assertThat(bed.connect.count("DELETE /connectors/orders/offsets")).isZero();
    assertThat(bed.connect.offsetsOf("orders")).hasSize(1);
    assertThat(phase()).isEqualTo("Failed");
    assertThat(offsetsMessage()).contains("removed before the change finished");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  @Test
  void aPartitionTheConnectorDoesNotHaveIsRejectedNamingTheFieldAndNothingChanges() {
    runningInCluster();
    bed.apply(
        asking(
            bed.connector("orders"),
            alter("wrong-1", Map.of("protocol", 1, "table", "Invoices"), STREAMING)));
    bed.settle("orders");
    assertThat(phase()).isEqualTo("Rejected");
    assertThat(offsetsCondition()).isEqualTo("FALSE OffsetsRejected");
    assertThat(offsetsMessage())
        .contains("spec.offsets.alter[0].partition")
        .contains("Invoices")
        .contains("table=Orders")
        .contains("Nothing was changed");
    assertThat(bed.connect.count("PUT /connectors/orders/stop")).isZero();
    assertThat(bed.connect.count("PATCH /connectors/orders/offsets")).isZero();
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");

    // Fixed under the same requestId: checked again and carried out.
    bed.apply(asking(bed.connector("orders"), alter("wrong-1", ORDERS, STREAMING)));
    bed.settle("orders");
    assertThat(phase()).isEqualTo("Applied");
  }

  @Test
  void aNestedValueIsRejectedSayingToWriteItAsJsonText() {
    runningInCluster();
    Map<String, Object> nested = new LinkedHashMap<>(STREAMING);
    nested.put("shards", Map.of("positions", Map.of()));
    bed.apply(asking(bed.connector("orders"), alter("nested-1", ORDERS, nested)));
    bed.settle("orders");
    assertThat(offsetsMessage())
        .contains("spec.offsets.alter[0].offset.shards is an object")
        .contains("JSON text");
    assertThat(bed.connect.count("PUT /connectors/orders/stop")).isZero();
  }

  @Test
  void anOffsetTheConnectorRefusesFailsOnceAndTheConnectorRunsAgain() {
    runningInCluster();
    bed.connect.refuseOffsets("Offset for table Orders: phase must be SNAPSHOT, STREAM or DONE");
    bed.apply(asking(bed.connector("orders"), alter("bad-1", ORDERS, STREAMING)));
    bed.settle("orders");
    bed.settle("orders");
    assertThat(phase()).isEqualTo("Failed");
    assertThat(offsetsCondition()).isEqualTo("FALSE OffsetsFailed");
    assertThat(offsetsMessage()).contains("phase must be SNAPSHOT").contains("new requestId");
    assertThat(bed.connect.count("PATCH /connectors/orders/offsets")).isEqualTo(1);
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  // ---- Confluent Cloud ----

  private void runningOnCloud() {
    bed.secret("ccloud-api", Map.of("key", "CLOUDKEY", "secret", "cloud-" + SECRET));
    bed.secret("kafka-api", Map.of("key", "KAFKAKEY", "secret", "kafka-" + SECRET));
    bed.secret("aws", Map.of("secret-access-key", SECRET));
    bed.apply(FastTierManifests.confluentCloudPlugin(null));
    for (int i = 0; i < 3; i++) {
      bed.reconcilePlugin("dynamodb-source");
    }
    bed.apply(FastTierManifests.cloudConnector("orders"));
    bed.settle("orders");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    bed.cloud.offsets("lkc-1", "orders", List.of(new SourceOffset(ORDERS, STREAMING)));
  }

  @Test
  void onConfluentCloudTheRequestIsSentOnceAndFollowedUntilApplied() {
    runningOnCloud();
    bed.apply(asking(bed.connector("orders"), reset("reset-1")));
    bed.settle("orders");
    assertThat(bed.cloud.count("offsets-request orders")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Requested");
    assertThat(bed.ready("orders")).isEqualTo("FALSE OffsetsChanging");

    bed.restartOperator();
    bed.settle("orders");
    assertThat(bed.cloud.count("offsets-request orders")).isEqualTo(1);

    bed.cloud.finishOffsetsRequest("lkc-1", "orders", null);
    bed.settle("orders");
    assertThat(phase()).isEqualTo("Applied");
    assertThat(bed.cloud.offsetsOf("lkc-1", "orders")).isEmpty();
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
    assertThat(bed.cloud.count("offsets-request orders")).isEqualTo(1);
  }

  @Test
  void onConfluentCloudARequestSentJustBeforeARestartIsFoundNotSentAgain() {
    runningOnCloud();
    bed.apply(asking(bed.connector("orders"), reset("reset-1")));
    bed.poll();
    bed.reconcile("orders");
    assertThat(phase()).isEqualTo("Pending");
    CustomConnector beforeSending = bed.connector("orders");
    bed.reconcile("orders");
    assertThat(bed.cloud.count("offsets-request orders")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Requested");

    bed.statusLostSince(beforeSending);
    bed.restartOperator();
    assertThat(phase()).isEqualTo("Pending");
    bed.settle("orders");
    assertThat(bed.cloud.count("offsets-request orders")).isEqualTo(1);
    assertThat(phase()).isEqualTo("Requested");
  }

  @Test
  void onConfluentCloudAFailedRequestSaysWhy() {
    runningOnCloud();
    bed.apply(asking(bed.connector("orders"), alter("bad-1", ORDERS, STREAMING)));
    bed.settle("orders");
    bed.cloud.finishOffsetsRequest("lkc-1", "orders", "Invalid offset for partition");
    bed.settle("orders");
    assertThat(phase()).isEqualTo("Failed");
    assertThat(offsetsMessage()).contains("Invalid offset for partition");
    assertThat(bed.ready("orders")).isEqualTo("TRUE Running");
  }

  // ---- helpers ----

  private static OffsetsChange reset(String requestId) {
    OffsetsChange change = new OffsetsChange();
    change.setRequestId(requestId);
    change.setReset(true);
    return change;
  }

  private static OffsetsChange alter(
      String requestId, Map<String, Object> partition, Map<String, Object> offset) {
    OffsetsChange change = new OffsetsChange();
    change.setRequestId(requestId);
    PartitionOffsetChange entry = new PartitionOffsetChange();
    entry.setPartition(partition);
    entry.setOffset(offset);
    change.setAlter(List.of(entry));
    return change;
  }

  private static CustomConnector asking(CustomConnector resource, OffsetsChange change) {
    resource.getSpec().setOffsets(change);
    return resource;
  }

  private String phase() {
    OffsetsChangeStatus change = bed.connector("orders").getStatus().getOffsetsChange();
    return change == null ? null : change.getPhase();
  }

  private String offsetsCondition() {
    Condition condition =
        Conditions.find(
            bed.connector("orders").getStatus().getConditions(), OffsetsChangeReport.OFFSETS);
    return condition == null ? null : condition.getStatus().name() + " " + condition.getReason();
  }

  private String offsetsMessage() {
    return Conditions.find(
            bed.connector("orders").getStatus().getConditions(), OffsetsChangeReport.OFFSETS)
        .getMessage();
  }
}
