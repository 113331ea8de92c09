package io.customconnectors.testkit.ccloud;

import static io.customconnectors.testkit.ccloud.EmulatorFixture.CLUSTER;
import static io.customconnectors.testkit.ccloud.EmulatorFixture.CONNECTORS;
import static io.customconnectors.testkit.ccloud.EmulatorFixture.fileSourceConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Alter offsets requests on the emulator (ccloud-api.md 3.5), carried out on the real Connect
 * worker with FileStream source connectors, whose offset is the byte position in their file ({@code
 * {"filename": f}} to {@code {"position": n}}); every exchange checked against the OpenAPI
 * document.
 */
class OffsetsRequestsIT {

  private static final Duration PROVISIONED = Duration.ofSeconds(90);
  private static final Duration CARRIED_OUT = Duration.ofSeconds(60);
  private static final String RFC3339_SECONDS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

  /** Each line "row i\n" of the connectors' files is six bytes long. */
  private static final int LINE = 6;

  private static EmulatorFixture fixture;
  private static ConfluentCloudTestClient api;
  private static String pluginId;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture();
    api = fixture.api;
    pluginId = fixture.legacyFileSourcePlugin("File source", List.of());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void keptTheContract() {
    fixture.cloud.offsetsRequestDelay(Duration.ZERO);
    assertThat(fixture.contract.checked()).isPositive();
    fixture.assertContractKept();
  }

  @Test
  void aPatchStaysPendingWhileDelayedThenMovesTheOffsetAndTheConnectorRunsAgain()
      throws IOException {
    Path file = runningWithCommittedOffsets("offsets-patch", 5);
    String id = fixture.cloud.connectorId(CLUSTER, "offsets-patch").orElseThrow();
    fixture.cloud.offsetsRequestDelay(Duration.ofHours(1));
    Map<String, Object> patch =
        Map.of(
            "type",
            "PATCH",
            "offsets",
            List.of(
                Map.of(
                    "partition",
                    Map.of("filename", file.toString()),
                    "offset",
                    Map.of("position", 3 * LINE))));

    JsonNode accepted = api.post(request("offsets-patch"), patch).expect(202);
    assertThat(accepted.path("id").asText()).isEqualTo(id);
    assertThat(accepted.path("name").asText()).isEqualTo("offsets-patch");
    assertThat(accepted.path("type").asText()).isEqualTo("PATCH");
    assertThat(accepted.path("offsets").path(0).path("offset").path("position").asInt())
        .isEqualTo(3 * LINE);
    assertThat(accepted.path("requested_at").asText()).matches(RFC3339_SECONDS);

    JsonNode pending = api.get(status("offsets-patch")).expect(200);
    assertThat(pending.path("status").path("phase").asText()).isEqualTo("PENDING");
    assertThat(pending.path("applied_at").isNull()).isTrue();
    assertThat(pending.path("request")).isEqualTo(accepted);

    ConfluentCloudTestClient.Response second = api.post(request("offsets-patch"), patch);
    assertThat(second.status()).as(second.text()).isEqualTo(400);
    assertThat(second.json().path("error").path("message").asText())
        .contains("still PENDING", "one alter offsets request at a time");
    assertThat(fixture.cloud.offsetsRequestsPosted("offsets-patch")).isEqualTo(2);

    fixture.cloud.offsetsRequestDelay(Duration.ZERO);
    JsonNode applied = finished("offsets-patch");
    assertThat(applied.path("status").path("phase").asText()).isEqualTo("APPLIED");
    assertThat(applied.path("status").path("message").asText()).contains("altered successfully");
    assertThat(applied.path("applied_at").asText()).matches(RFC3339_SECONDS);
    assertThat(applied.path("previous_offsets").path(0).path("offset").path("position").asInt())
        .isEqualTo(5 * LINE);

    await().atMost(CARRIED_OUT).until(() -> fixture.state("offsets-patch").equals("RUNNING"));
    // Back from position 3 the task reads rows 3 and 4 again, and only those.
    List<ConsumerRecord<String, String>> records =
        fixture.broker.read("offsets-patch", 7, CARRIED_OUT);
    assertThat(records.stream().map(ConsumerRecord::value).toList())
        .endsWith("\"row 2\"", "\"row 3\"", "\"row 4\"", "\"row 3\"", "\"row 4\"");
  }

  @Test
  void aDeleteResetsTheOffsetsAndLeavesAPausedConnectorPaused() throws IOException {
    runningWithCommittedOffsets("offsets-delete", 2);
    api.put(CONNECTORS + "/offsets-delete/pause", null).expect(202);
    await().atMost(CARRIED_OUT).until(() -> fixture.state("offsets-delete").equals("PAUSED"));

    JsonNode accepted = api.post(request("offsets-delete"), Map.of("type", "DELETE")).expect(202);
    assertThat(accepted.path("offsets").isEmpty()).isTrue();
    JsonNode applied = finished("offsets-delete");
    assertThat(applied.path("status").path("phase").asText()).isEqualTo("APPLIED");
    assertThat(applied.path("status").path("message").asText()).contains("reset successfully");
    assertThat(applied.path("previous_offsets")).hasSize(1);

    JsonNode offsets = api.get(CONNECTORS + "/offsets-delete/offsets").expect(200);
    assertThat(offsets.path("offsets").isEmpty()).as(offsets.toString()).isTrue();
    String id = fixture.cloud.connectorId(CLUSTER, "offsets-delete").orElseThrow();
    await()
        .atMost(CARRIED_OUT)
        .until(
            () ->
                fixture
                    .worker
                    .connectorStatus(id)
                    .path("connector")
                    .path("state")
                    .asText()
                    .equals("PAUSED"));
  }

  @Test
  void aRequestTheConnectorRefusesFailsWithTheWorkersMessage() throws IOException {
    Path file = runningWithCommittedOffsets("offsets-refused", 1);
    Map<String, Object> negative =
        Map.of(
            "type",
            "PATCH",
            "offsets",
            List.of(
                Map.of(
                    "partition",
                    Map.of("filename", file.toString()),
                    "offset",
                    Map.of("position", -1))));

    api.post(request("offsets-refused"), negative).expect(202);
    JsonNode failed = finished("offsets-refused");
    assertThat(failed.path("status").path("phase").asText()).isEqualTo("FAILED");
    assertThat(failed.path("status").path("message").asText())
        .contains("'position' key in the offset should be a non-negative value");
    assertThat(failed.path("applied_at").isNull()).isTrue();
    await().atMost(CARRIED_OUT).until(() -> fixture.state("offsets-refused").equals("RUNNING"));

    ConfluentCloudTestClient.Response again =
        api.post(request("offsets-refused"), Map.of("type", "DELETE"));
    assertThat(again.status()).as("a new request once the last one failed").isEqualTo(202);
    assertThat(finished("offsets-refused").path("status").path("phase").asText())
        .isEqualTo("APPLIED");
  }

  @Test
  void malformedRequestsAreRefusedNamingTheField() throws IOException {
    runningWithCommittedOffsets("offsets-malformed", 1);
    assertRefused(Map.of(), "type is required");
    assertRefused(Map.of("type", "RESET"), "type must be PATCH or DELETE");
    assertRefused(Map.of("type", "PATCH"), "offsets must be a non-empty array");
    assertRefused(Map.of("type", "PATCH", "offsets", List.of()), "offsets must be a non-empty");
    assertRefused(
        Map.of("type", "PATCH", "offsets", List.of(Map.of("partition", "f", "offset", Map.of()))),
        "offsets[0].partition must be an object");
    assertRefused(
        Map.of(
            "type",
            "PATCH",
            "offsets",
            List.of(Map.of("partition", Map.of("filename", "f"), "offset", 7))),
        "offsets[0].offset must be an object or null");
    assertThat(fixture.cloud.offsetsRequestsPosted("offsets-malformed")).isEqualTo(6);

    ConfluentCloudTestClient.Response none = api.get(status("offsets-malformed"));
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().path("error").path("message").asText())
        .contains("no alter offsets request");
    assertThat(api.post(request("offsets-nope"), Map.of("type", "DELETE")).status()).isEqualTo(404);
    assertThat(api.get(status("offsets-nope")).status()).isEqualTo(404);
  }

  @Test
  void aConnectorStillProvisioningRefusesRequests() throws IOException {
    fixture.cloud.provisioningDelay(Duration.ofHours(1));
    try {
      Path file = Files.writeString(files.resolve("offsets-early.txt"), lines(1));
      fixture
          .createConnector(
              "offsets-early",
              fileSourceConfig("offsets-early", pluginId, file.toString(), "offsets-early"))
          .expect(201);
      ConfluentCloudTestClient.Response early =
          api.post(request("offsets-early"), Map.of("type", "DELETE"));
      assertThat(early.status()).isEqualTo(400);
      assertThat(early.json().path("error").path("message").asText())
          .contains("still being provisioned");
      api.delete(CONNECTORS + "/offsets-early").expect(200);
    } finally {
      fixture.cloud.provisioningDelay(Duration.ofSeconds(1));
    }
  }

  /** A FileStream source connector that read its file and committed its position. */
  private static Path runningWithCommittedOffsets(String name, int rows) throws IOException {
    Path file = Files.writeString(files.resolve(name + ".txt"), lines(rows));
    fixture
        .createConnector(name, fileSourceConfig(name, pluginId, file.toString(), name))
        .expect(201);
    await().atMost(PROVISIONED).until(() -> fixture.state(name).equals("RUNNING"));
    await()
        .atMost(CARRIED_OUT)
        .until(
            () ->
                api.get(CONNECTORS + "/" + name + "/offsets")
                        .expect(200)
                        .path("offsets")
                        .path(0)
                        .path("offset")
                        .path("position")
                        .asInt()
                    == rows * LINE);
    return file;
  }

  private static JsonNode finished(String name) {
    return await()
        .atMost(CARRIED_OUT)
        .until(
            () -> api.get(status(name)).expect(200),
            status -> !status.path("status").path("phase").asText().equals("PENDING"));
  }

  private static void assertRefused(Map<String, Object> body, String message) {
    ConfluentCloudTestClient.Response refused = api.post(request("offsets-malformed"), body);
    assertThat(refused.status()).as(refused.text()).isEqualTo(400);
    assertThat(refused.json().path("error").path("message").asText()).contains(message);
  }

  private static String request(String name) {
    return CONNECTORS + "/" + name + "/offsets/request";
  }

  private static String status(String name) {
    return request(name) + "/status";
  }

  private static String lines(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append("row ").append(i).append('\n');
    }
    return text.toString();
  }
}
