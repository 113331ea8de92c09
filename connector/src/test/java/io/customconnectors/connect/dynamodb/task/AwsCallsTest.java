package io.customconnectors.connect.dynamodb.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.customconnectors.connect.dynamodb.config.AwsSettings;
import io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig;

import software.amazon.awssdk.core.exception.SdkClientException;

class AwsCallsTest {

  private static AwsSettings settings(long transientTimeoutMs) {
    Map<String, String> props = new HashMap<>();
    props.put(AwsSettings.REGION, "us-east-2");
    props.put(AwsSettings.TRANSIENT_ERROR_TIMEOUT_MS, Long.toString(transientTimeoutMs));
    return new DynamoDbSourceConfig(props).aws();
  }

  @Test
  void anUnreachableEndpointFailsTheCallAfterTheTransientErrorTimeoutNamingTheHost() {
    AwsCalls calls =
        new AwsCalls(settings(1_500), "streams.dynamodb.us-east-2.amazonaws.com", () -> false);
    AtomicInteger attempts = new AtomicInteger();
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                calls.call(
                    "reading the stream",
                    () -> {
                      attempts.incrementAndGet();
                      throw SdkClientException.create(
                          "Unable to execute HTTP request",
                          new ConnectException("Connection reset"));
                    }))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .hasMessageContaining("Cannot reach streams.dynamodb.us-east-2.amazonaws.com")
        .hasMessageContaining("networking endpoints");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(20));
    assertThat(attempts.get()).isGreaterThan(1);
  }

  @Test
  void aPassingNetworkErrorIsRetriedUntilTheCallSucceeds() throws InterruptedException {
    AwsCalls calls =
        new AwsCalls(settings(60_000), "dynamodb.us-east-2.amazonaws.com", () -> false);
    AtomicInteger attempts = new AtomicInteger();
    String answer =
        calls.call(
            "scanning",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw SdkClientException.create(
                    "Unable to execute HTTP request", new ConnectException("Connection refused"));
              }
              return "items";
            });
    assertThat(answer).isEqualTo("items");
    assertThat(attempts.get()).isEqualTo(3);
  }
}
