package io.customconnectors.operator.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.api.v1alpha1.ConfluentCloudTarget;
import io.customconnectors.operator.api.v1alpha1.KafkaConnectTarget;
import io.customconnectors.operator.api.v1alpha1.Target;

import okhttp3.HttpUrl;

class AllowedTargetsTest {

  private static Target cloud(String endpoint) {
    ConfluentCloudTarget cloud = new ConfluentCloudTarget();
    cloud.setEndpoint(endpoint);
    Target target = new Target();
    target.setConfluentCloud(cloud);
    return target;
  }

  private static Target connect(String url) {
    KafkaConnectTarget connect = new KafkaConnectTarget();
    connect.setUrl(url);
    Target target = new Target();
    target.setKafkaConnect(connect);
    return target;
  }

  @Test
  void byDefaultOnlyConfluentsOwnEndpointsAndAnyKafkaConnect() {
    AllowedTargets defaults = AllowedTargets.parse(null, "");
    assertThat(defaults.refusal(cloud(null))).isEmpty();
    assertThat(defaults.refusal(cloud("https://api.confluent.cloud"))).isEmpty();
    assertThat(defaults.refusal(cloud("https://api.confluent.cloud.evil.example")))
        .hasValueSatisfying(m -> assertThat(m).contains("ALLOWED_CONFLUENT_CLOUD_ENDPOINTS"));
    assertThat(defaults.refusal(cloud("http://api.confluent.cloud"))).isPresent();
    assertThat(defaults.refusal(connect("http://anything:8083"))).isEmpty();
  }

  @Test
  void hostsMayHoldWildcardsAndAMissingPortAllowsAny() {
    assertThat(
            AllowedTargets.matches(
                "http://*.kafka.svc:8083", HttpUrl.get("http://connect.kafka.svc:8083")))
        .isTrue();
    assertThat(
            AllowedTargets.matches(
                "http://*.kafka.svc:8083", HttpUrl.get("http://connect.kafka.svc:9000")))
        .isFalse();
    assertThat(
            AllowedTargets.matches(
                "http://*.kafka.svc:8083", HttpUrl.get("http://connect.kafka.svc.evil:8083")))
        .isFalse();
    assertThat(AllowedTargets.matches("http://127.0.0.1", HttpUrl.get("http://127.0.0.1:41234")))
        .isTrue();
    assertThat(AllowedTargets.matches("*", HttpUrl.get("https://x.example"))).isTrue();
  }

  @Test
  void aMalformedEntryStopsTheOperatorAtStartNamingTheSetting() {
    assertThatThrownBy(() -> AllowedTargets.parse("api.confluent.cloud", null))
        .hasMessageContaining("ALLOWED_CONFLUENT_CLOUD_ENDPOINTS")
        .hasMessageContaining("scheme://host");
  }
}
