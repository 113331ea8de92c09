package io.customconnectors.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void defaultsWatchEverythingAndPollEveryTenSeconds() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.leaseName()).isEmpty();
    assertThat(settings.healthPort()).isEqualTo(8080);
  }

  @Test
  void environmentVariablesSetEverything() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "WATCH_NAMESPACES", "retail, payments ,",
                "POLL_INTERVAL", "PT30S",
                "LEADER_ELECTION_LEASE", "custom-connector-operator",
                "LEADER_ELECTION_NAMESPACE", "operators",
                "HEALTH_PORT", "9090",
                "RECONCILE_THREADS", "4"));
    assertThat(settings.namespaces()).containsExactlyInAnyOrder("retail", "payments");
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.leaseName()).isEqualTo(Optional.of("custom-connector-operator"));
    assertThat(settings.leaseNamespace()).isEqualTo(Optional.of("operators"));
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(settings.reconcileThreads()).isEqualTo(4);
  }

  @Test
  void durationsComeInSeveralSpellings() {
    assertThat(OperatorSettings.duration("X", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(OperatorSettings.duration("X", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(OperatorSettings.duration("X", "15")).isEqualTo(Duration.ofSeconds(15));
    assertThatThrownBy(() -> OperatorSettings.duration("POLL_INTERVAL", "often"))
        .hasMessage("POLL_INTERVAL=often is not a duration: use e.g. 500ms, 10s, 2m or PT30S");
  }

  @Test
  void aPollIntervalOfZeroOrLessIsRefusedAtStart() {
    for (String interval : new String[] {"0s", "-5s", "0ms"}) {
      assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("POLL_INTERVAL", interval)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("POLL_INTERVAL")
          .hasMessageContaining("must be positive");
    }
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("RECONCILE_THREADS", "0")))
        .hasMessageContaining("RECONCILE_THREADS");
  }

  @Test
  void secretsCanBeNarrowedToALabel() {
    assertThat(OperatorSettings.fromEnvironment(Map.of()).secretLabelSelector()).isEmpty();
    assertThat(
            OperatorSettings.fromEnvironment(
                    Map.of("SECRET_LABEL_SELECTOR", "customconnectors.io/use=true"))
                .secretLabelSelector())
        .contains("customconnectors.io/use=true");
  }
}
