package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The contract must reject what Confluent's documents forbid, or the emulator's ITs prove nothing.
 */
class OpenApiContractTest {

  private static final String CONNECTORS =
      "/connect/v1/environments/env-1/clusters/lkc-1/connectors";
  private static final Map<String, String> AUTH =
      Map.of(
          "Authorization",
          "Basic a2V5OnNlY3JldA==",
          "Accept",
          "application/json",
          "Content-Type",
          "application/json");
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private final OpenApiContract contract = new OpenApiContract();

  private static ConfluentCloudEmulator.Exchange exchange(
      String method, String path, String query, String request, int status, String response) {
    return new ConfluentCloudEmulator.Exchange(
        method,
        path,
        query,
        AUTH,
        request == null ? new byte[0] : request.getBytes(StandardCharsets.UTF_8),
        Optional.of(path),
        status,
        JSON,
        response.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aConformingConnectorStatusPasses() {
    contract.exchanged(
        exchange(
            "GET",
            CONNECTORS + "/orders/status",
            null,
            null,
            200,
            """
            {"name":"orders","connector":{"state":"RUNNING","worker_id":"orders","trace":""},
             "tasks":[{"id":0,"state":"RUNNING","worker_id":"orders","msg":""}],"type":"source"}
            """));
    assertThat(contract.violations()).isEmpty();
    assertThat(contract.checked()).isEqualTo(1);
  }

  @Test
  void aMisspeltOrMissingFieldIsAViolation() {
    contract.exchanged(
        exchange(
            "GET",
            CONNECTORS + "/orders/status",
            null,
            null,
            200,
            """
            {"name":"orders","connector":{"state":"RUNNING","workerId":"orders","trace":""},
             "tasks":[],"type":"source"}
            """));
    assertThat(contract.violations()).anySatisfy(v -> assertThat(v).contains("workerId"));
  }

  @Test
  void anErrorBodyOfTheWrongShapeIsAViolation() {
    contract.exchanged(
        exchange(
            "GET",
            "/connect/v1/custom-connector-plugins/ccp-1",
            null,
            null,
            404,
            "{\"error\":{\"code\":404,\"message\":\"resource not found\"}}"));
    assertThat(contract.violations()).isNotEmpty();
  }

  @Test
  void anUndeclaredStatusIsAViolation() {
    contract.exchanged(
        exchange(
            "DELETE",
            "/ccpm/v1/plugins/ccp-1",
            "environment=env-1",
            null,
            409,
            "{\"errors\":[{\"status\":\"409\",\"code\":\"conflict\",\"detail\":\"in use\"}]}"));
    assertThat(contract.violations()).singleElement().asString().contains("409");
  }

  @Test
  void aRefusedRequestIsNotHeldAgainstTheEmulatorButItsAnswerIs() {
    contract.exchanged(
        exchange(
            "POST",
            CONNECTORS,
            null,
            "{\"name\":42}",
            400,
            "{\"code\":400,\"message\":\"config must be a JSON object\"}"));
    assertThat(contract.violations()).isEmpty();
  }

  @Test
  void anAcceptedInvalidRequestIsAViolation() {
    contract.exchanged(
        exchange(
            "POST",
            "/connect/v1/presigned-upload-url",
            null,
            "{\"content_format\":\"ZIP\",\"cloud\":\"AWS\",\"contentFormat\":\"ZIP\"}",
            200,
            """
            {"api_version":"connect/v1","kind":"PresignedUrl","content_format":"ZIP","cloud":"AWS",
             "upload_id":"u","upload_url":"https://x/","upload_form_data":{}}
            """));
    assertThat(contract.violations()).singleElement().asString().contains("contentFormat");
  }

  @Test
  void expandValuesAreCheckedCommaSeparatedOrRepeated() {
    contract.exchanged(exchange("GET", CONNECTORS, "expand=id,status", null, 200, "{}"));
    contract.exchanged(exchange("GET", CONNECTORS, "expand=id&expand=info", null, 200, "{}"));
    assertThat(contract.violations()).isEmpty();
    contract.exchanged(exchange("GET", CONNECTORS, "expand=id,config", null, 200, "{}"));
    assertThat(contract.violations()).singleElement().asString().contains("config");
  }

  @Test
  void aMissingConnectorMayUseKafkaConnectsBodyButNothingElse() {
    contract.exchanged(
        exchange(
            "GET",
            CONNECTORS + "/gone",
            null,
            null,
            404,
            "{\"error_code\":404,\"message\":\"resource not found\"}"));
    assertThat(contract.violations()).isEmpty();
    contract.exchanged(exchange("GET", CONNECTORS + "/gone", null, null, 404, "{\"oops\":true}"));
    assertThat(contract.violations()).isNotEmpty();
  }

  @Test
  void aForbiddenInsteadOfNotFoundMustLookLikeTheDeclaredNotFound() {
    contract.exchanged(
        exchange(
            "GET",
            CONNECTORS + "/hidden",
            null,
            null,
            403,
            "{\"error\":{\"code\":403,\"message\":\"Forbidden Access\"}}"));
    assertThat(contract.violations()).isEmpty();
    contract.exchanged(
        exchange("GET", CONNECTORS + "/hidden", null, null, 403, "{\"denied\":\"yes\"}"));
    assertThat(contract.violations()).isNotEmpty();
  }

  @Test
  void theFakeObjectStoreIsNotConfluentsApi() {
    contract.exchanged(exchange("POST", "/upload/s3/bucket/", null, "x", 204, ""));
    assertThat(contract.violations()).isEmpty();
    assertThat(contract.checked()).isZero();
  }
}
