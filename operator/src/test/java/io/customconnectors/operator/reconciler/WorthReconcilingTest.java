package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.Annotations;
import io.customconnectors.operator.api.v1alpha1.CustomConnector;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;

/** Which updates of a CustomConnector the operator reconciles, and which it leaves alone. */
class WorthReconcilingTest {

  private static final String FINALIZER = "customconnectors.customconnectors.io/finalizer";

  private static CustomConnector stored() {
    CustomConnector connector = FastTierManifests.connector("orders");
    connector.getMetadata().setGeneration(3L);
    connector.getMetadata().setFinalizers(List.of(FINALIZER));
    connector.getMetadata().setAnnotations(Map.of("team", "retail"));
    return connector;
  }

  private static boolean worth(Consumer<CustomConnector> change) {
    CustomConnector older = stored();
    CustomConnector newer = ReconcilerHarness.copy(older);
    change.accept(newer);
    return CustomConnectorReconciler.worthReconciling(newer, older);
  }

  @Test
  void theOperatorsOwnStatusWritesAndForeignAnnotationsAreNot() {
    assertThat(worth(c -> c.setStatus(new CustomConnectorStatus()))).isFalse();
    assertThat(worth(c -> c.getMetadata().setAnnotations(Map.of("team", "orders")))).isFalse();
    assertThat(worth(c -> c.getMetadata().setLabels(Map.of("app", "x")))).isFalse();
  }

  @Test
  void aNewSpecADeletionAFinalizerAndTheAnnotationsUsersSteerWithAre() {
    assertThat(worth(c -> c.getMetadata().setGeneration(4L))).isTrue();
    assertThat(worth(c -> c.getMetadata().setDeletionTimestamp("2026-12-01T10:00:00Z"))).isTrue();
    assertThat(worth(c -> c.getMetadata().setFinalizers(List.of()))).isTrue();
    assertThat(
            worth(
                c ->
                    c.getMetadata()
                        .setAnnotations(Map.of("team", "retail", Annotations.RESTART, "true"))))
        .isTrue();
    assertThat(
            worth(
                c ->
                    c.getMetadata()
                        .setAnnotations(Map.of("team", "retail", Annotations.ADOPT, "true"))))
        .isTrue();
  }

  @Test
  void theFinalizerJustAddedIs() {
    CustomConnector older = stored();
    older.getMetadata().setFinalizers(List.of());
    CustomConnector newer = stored();
    assertThat(CustomConnectorReconciler.worthReconciling(newer, older)).isTrue();
  }
}
