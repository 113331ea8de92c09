package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
  private static final String PLUGINS = "/connect/v1/custom-connector-plugins";
  private static final String UPLOAD_SOURCE =
      "\"upload_source\":{\"location\":\"PRESIGNED_URL_LOCATION\",\"upload_id\":\"d7fa641f\"},";
  private static final String NO_TRACE_ERRORS =
      "\"errors_from_trace\":[],\"validation_errors\":[],\"override_message\":\"\",";
  private static final String ENVIRONMENT =
      "{\"id\":\"env-1\",\"related\":\"https://api.confluent.cloud/org/v2/environments/env-1\","
          + "\"resource_name\":\"crn://confluent.cloud/organization=o-1/environment=env-1\"}";
  private static final String SDK_ENVIRONMENT =
      "{\"id\":\"env-1\",\"related\":\"\",\"resource_name\":\"\"}";

  /** An entry of the expanded list as the service records it (extras of every kind included). */
  private static final String EXPANDED_ENTRY =
      """
      {"status":{"name":"orders","connector":{"state":"RUNNING","worker_id":"orders","trace":""},
                 "tasks":[{"id":0,"state":"RUNNING","worker_id":"orders","msg":""}],
                 "type":"source","errors_from_trace":[],"validation_errors":[],"override_message":""},
       "info":{"name":"orders","type":"source",
               "config":{"cloud.environment":"prod","cloud.provider":"aws",
                         "connector.class":"org.apache.kafka.connect.file.FileStreamSourceConnector",
                         "kafka.api.key":"****************","kafka.api.secret":"****************",
                         "kafka.endpoint":"SASL_SSL://pkc-1.us-east-2.aws.confluent.cloud:9092",
                         "kafka.region":"us-east-2","name":"orders"},
               "tasks":[{"connector":"orders","task":0}]},
       "id":{"id":"clcc-1","id_type":"ID"},
       "extensions":{}}
      """;

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
  void theLogSearchApiHasNoDocumentSoItsExchangesAreNeitherCheckedNorFlagged() {
    contract.exchanged(
        exchange(
            "POST",
            "/logs/v1/search",
            "page_size=200",
            "{\"crn\":\"crn://confluent.cloud/organization=o-1\"}",
            429,
            "{\"errors\":[{\"status\":\"429\"}]}"));
    assertThat(contract.violations()).isEmpty();
    assertThat(contract.checked()).isZero();
  }

  @Test
  void aMetricsQueryThatMatchedNothingIsAnsweredWithEmptyDataButAFlatPointStillNeedsItsValue() {
    String query =
        """
        {"aggregations":[{"metric":"io.confluent.kafka.connect/sent_records"}],
         "filter":{"field":"resource.connector.id","op":"EQ","value":"clcc-1"},
         "granularity":"ALL","intervals":["PT1M/now"],"group_by":["resource.connector.id"]}
        """;
    contract.exchanged(
        exchange("POST", "/v2/metrics/cloud/query", null, query, 200, "{\"data\":[]}"));
    assertThat(contract.violations()).isEmpty();
    contract.exchanged(
        exchange(
            "POST",
            "/v2/metrics/cloud/query",
            null,
            query,
            200,
            "{\"data\":[{\"timestamp\":\"2026-12-01T10:00:00Z\"}]}"));
    assertThat(contract.violations()).hasSize(1);
  }

  @Test
  void theMetricsApisRateLimitErrorIsAcceptedInItsOwnShapeOnly() {
    String query =
        """
        {"aggregations":[{"metric":"io.confluent.kafka.connect/sent_records"}],
         "filter":{"field":"resource.connector.id","op":"EQ","value":"clcc-1"},
         "granularity":"PT1M","intervals":["PT1H/now"]}
        """;
    contract.exchanged(
        exchange(
            "POST",
            "/v2/metrics/cloud/query",
            null,
            query,
            429,
            """
            {"errors":[{"id":"7b1f","status":"429","code":"too_many_requests",
                        "detail":"Too many requests have been made from 127.0.0.1"}]}
            """));
    assertThat(contract.violations()).isEmpty();
    contract.exchanged(
        exchange(
            "POST",
            "/v2/metrics/cloud/query",
            null,
            query,
            429,
            "{\"error\":{\"code\":429,\"message\":\"slow down\"}}"));
    assertThat(contract.violations())
        .singleElement()
        .satisfies(v -> assertThat(v).contains("429").contains("body"));
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

  // Item 7: where the service and its documents disagree, the contract accepts what the service
  // does (KnownDeviations), and a near miss of it is still a violation.

  @Test
  void aStatusMayCarryTheServicesTraceFieldsButNoMisspeltOne() {
    answer("GET", CONNECTORS + "/orders/status", 200, status(NO_TRACE_ERRORS));
    answer(
        "GET",
        CONNECTORS + "/orders/status",
        200,
        status(
            """
            "errors_from_trace":[{"error":"Provided Kafka ApiKey is invalid"}],
            "validation_errors":["kafka.api.key: Provided Kafka ApiKey is invalid"],
            "override_message":"Check the Kafka API key",
            """));
    assertThat(contract.takeViolations()).isEmpty();

    answer(
        "GET",
        CONNECTORS + "/orders/status",
        200,
        status("\"errors_from_traces\":[],\"validation_errors\":[],\"override_message\":\"\","));
    assertThat(contract.takeViolations()).singleElement().asString().contains("errors_from_traces");
    answer(
        "GET",
        CONNECTORS + "/orders/status",
        200,
        status("\"errors_from_trace\":[{\"eror\":\"x\"}],\"override_message\":\"\","));
    assertThat(contract.takeViolations())
        .anySatisfy(v -> assertThat(v).contains("not allowed").contains("eror"));
  }

  @Test
  void anExpandedEntryMayCarryWhatTheServiceRecordsButNoOtherExtensions() {
    answer("GET", CONNECTORS, "expand=info,status,id", 200, expanded(EXPANDED_ENTRY));
    assertThat(contract.takeViolations()).isEmpty();

    answer(
        "GET",
        CONNECTORS,
        "expand=info,status,id",
        200,
        expanded(EXPANDED_ENTRY.replace("\"extensions\"", "\"extension\"")));
    assertThat(contract.takeViolations()).singleElement().asString().contains("extension");
    answer(
        "GET",
        CONNECTORS,
        "expand=info,status,id",
        200,
        expanded(EXPANDED_ENTRY.replace("\"extensions\":{}", "\"extensions\":{\"tier\":1}")));
    assertThat(contract.takeViolations()).singleElement().asString().contains("extensions");
  }

  @Test
  void legacyPluginAnswersMayLeaveOutUploadSourceButCreateRequestsMayNot() {
    String answered = legacyPlugin("");
    answer("GET", PLUGINS + "/ccp-4rrw00", 200, answered);
    answer("POST", PLUGINS, null, legacyCreate(UPLOAD_SOURCE), 201, answered);
    answer("PATCH", PLUGINS + "/ccp-4rrw00", null, "{\"description\":\"new\"}", 200, answered);
    answer(
        "GET",
        PLUGINS,
        200,
        "{\"api_version\":\"connect/v1\",\"kind\":\"CustomConnectorPluginList\",\"metadata\":{},"
            + "\"data\":["
            + answered
            + "]}");
    assertThat(contract.takeViolations()).isEmpty();

    answer("POST", PLUGINS, null, legacyCreate(""), 201, answered);
    assertThat(contract.takeViolations())
        .singleElement()
        .asString()
        .contains("request")
        .contains("upload_source");
    answer(
        "GET",
        PLUGINS + "/ccp-4rrw00",
        200,
        legacyPlugin(
            "\"upload_sources\":{\"location\":\"PRESIGNED_URL_LOCATION\",\"upload_id\":\"\"},"));
    assertThat(contract.takeViolations()).singleElement().asString().contains("upload_sources");
  }

  @Test
  void runtimeEntriesMayCarryMetadataOfTheUsualShapeOnly() {
    String runtimes = "/connect/v1/custom-connector-runtimes";
    answer("GET", runtimes, 200, runtimes("{\"self\":\"https://x/ccrt-1\"}"));
    assertThat(contract.takeViolations()).isEmpty();

    answer("GET", runtimes, 200, runtimes("{\"slef\":\"https://x/ccrt-1\"}"));
    assertThat(contract.takeViolations())
        .anySatisfy(v -> assertThat(v).contains("/data/0/metadata").contains("slef"));
  }

  @Test
  void onlyCcpmWritesMayCarryTheGoSdksEmptyEnvironmentReference() {
    for (Write write : ccpmWrites(SDK_ENVIRONMENT)) {
      answer(write.method(), write.path(), null, write.body(), write.status(), write.answer());
    }
    assertThat(contract.takeViolations()).isEmpty();

    for (Write write : ccpmWrites(SDK_ENVIRONMENT.replace("\"id\":\"env-1\"", "\"id\":\"\""))) {
      answer(write.method(), write.path(), null, write.body(), write.status(), write.answer());
      assertThat(contract.takeViolations())
          .as(write.path())
          .singleElement()
          .asString()
          .contains("environment/id");
    }
    answer("GET", "/ccpm/v1/plugins/ccp-1", "environment=env-1", 200, ccpmPlugin(SDK_ENVIRONMENT));
    assertThat(contract.takeViolations())
        .hasSize(2)
        .anySatisfy(v -> assertThat(v).contains("environment/related"))
        .anySatisfy(v -> assertThat(v).contains("environment/resource_name"));
  }

  @Test
  void aDeviationTheDocumentsNoLongerNeedFailsLoudly() throws Exception {
    ObjectNode document =
        (ObjectNode)
            new ObjectMapper()
                .readTree(
                    """
                    {"paths":{"/status":{"get":{"operationId":"readConnectv1ConnectorStatus",
                      "responses":{"200":{"content":{"application/json":{"schema":{
                        "properties":{"override_message":{"type":"string"}}}}}}}}}}}
                    """);
    assertThatThrownBy(() -> KnownDeviations.applyTo("connect-v1", document))
        .hasMessageContaining("readConnectv1ConnectorStatus")
        .hasMessageContaining("override_message is declared already");
  }

  // Item 8: a map's values are as strict as any other schema.

  @Test
  void aMisspeltFieldAnywhereInAnExpandedEntryIsAViolation() {
    // in info, status, status.connector and a task
    Map<String, String> entryWith =
        Map.of(
            "nmae",
                EXPANDED_ENTRY.replace(
                    "{\"name\":\"orders\",\"type\"", "{\"nmae\":\"orders\",\"type\""),
            "tpye",
                EXPANDED_ENTRY.replace(
                    "\"type\":\"source\",\"errors", "\"tpye\":\"source\",\"errors"),
            "workerId",
                EXPANDED_ENTRY.replace(
                    "\"worker_id\":\"orders\",\"trace", "\"workerId\":\"orders\",\"trace"),
            "mgs", EXPANDED_ENTRY.replace("\"msg\"", "\"mgs\""));
    entryWith.forEach(
        (misspelt, entry) -> {
          assertThat(entry).contains(misspelt);
          answer("GET", CONNECTORS, "expand=info,status,id", 200, expanded(entry));
          assertThat(contract.takeViolations())
              .as(misspelt)
              .anySatisfy(v -> assertThat(v).contains("not allowed").contains(misspelt));
        });
  }

  // Item 9: required properties count on merged schemas, also where a refinement met a $ref.

  @Test
  void aBodyMissingARequiredPropertyIsAViolation() {
    answer(
        "POST",
        "/ccpm/v1/plugins",
        null,
        "{\"spec\":{\"display_name\":\"datagen\",\"environment\":{\"id\":\"env-1\"}}}",
        202,
        ccpmPlugin(ENVIRONMENT));
    assertThat(contract.takeViolations())
        .singleElement()
        .asString()
        .contains("request")
        .contains("cloud");
    answer(
        "GET",
        "/ccpm/v1/plugins/ccp-1",
        "environment=env-1",
        200,
        ccpmPlugin(ENVIRONMENT).replace("\"display_name\":\"datagen\",", ""));
    assertThat(contract.takeViolations())
        .singleElement()
        .asString()
        .contains("response")
        .contains("display_name");
  }

  private void answer(String method, String path, int status, String response) {
    answer(method, path, null, null, status, response);
  }

  private void answer(String method, String path, String query, int status, String response) {
    contract.exchanged(exchange(method, path, query, null, status, response));
  }

  private void answer(
      String method, String path, String query, String request, int status, String response) {
    contract.exchanged(exchange(method, path, query, request, status, response));
  }

  private static String status(String extras) {
    return "{\"name\":\"orders\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"orders\","
        + "\"trace\":\"\"},\"tasks\":[],"
        + extras
        + "\"type\":\"source\"}";
  }

  private static String expanded(String entry) {
    return "{\"orders\":" + entry + "}";
  }

  private static String legacyPlugin(String extra) {
    return """
        {"api_version":"connect/v1","kind":"CustomConnectorPlugin","id":"ccp-4rrw00",
         "metadata":{"self":"https://api.confluent.cloud/connect/v1/custom-connector-plugins/ccp-4rrw00",
                     "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"},
         %s
         "display_name":"datagen","description":"","documentation_link":"",
         "connector_class":"io.confluent.kafka.connect.datagen.DatagenConnector",
         "connector_type":"SOURCE","cloud":"AWS","content_format":"ZIP",
         "sensitive_config_properties":["passwords"]}
        """
        .formatted(extra);
  }

  private static String legacyCreate(String uploadSource) {
    return """
        {%s"display_name":"datagen","connector_type":"SOURCE","cloud":"AWS",
         "connector_class":"io.confluent.kafka.connect.datagen.DatagenConnector"}
        """
        .formatted(uploadSource);
  }

  private static String runtimes(String metadata) {
    return """
        {"api_version":"connect/v1","kind":"CustomConnectorRuntimeList","metadata":{},
         "data":[{"api_version":"connect/v1","kind":"CustomConnectorRuntime","id":"ccrt-1",
                  "metadata":%s,
                  "custom_connect_plugin_runtime_name":"3.9.0","runtime_ak_version":"3.9.0",
                  "supported_java_versions":["11","17"],"product_maturity":"GA"}]}
        """
        .formatted(metadata);
  }

  private static String ccpmPlugin(String environment) {
    return """
        {"api_version":"ccpm/v1","kind":"CustomConnectPlugin","id":"ccp-1",
         "metadata":{"self":"https://api.confluent.cloud/ccpm/v1/plugins/ccp-1"},
         "spec":{"display_name":"datagen","description":"","cloud":"AWS","runtime_language":"JAVA",
                 "environment":%s}}
        """
        .formatted(environment);
  }

  private static String ccpmVersion() {
    return """
        {"api_version":"ccpm/v1","kind":"CustomConnectPluginVersion","id":"ccp-ver-1",
         "metadata":{"self":"https://api.confluent.cloud/ccpm/v1/plugins/ccp-1/versions/ccp-ver-1"},
         "spec":{"version":"1.0.0","content_format":"ZIP",
                 "connector_classes":[{"class_name":"io.confluent.kafka.connect.datagen.DatagenConnector",
                                       "type":"SOURCE"}],
                 "upload_source":{"location":"PRESIGNED_URL_LOCATION","upload_id":""},
                 "environment":%s},
         "status":{"phase":"PROCESSING"}}
        """
        .formatted(ENVIRONMENT);
  }

  private record Write(String method, String path, String body, int status, String answer) {}

  /** Every ccpm write whose body names the environment, sending {@code environment}. */
  private static List<Write> ccpmWrites(String environment) {
    return List.of(
        new Write(
            "POST",
            "/ccpm/v1/presigned-upload-url",
            "{\"content_format\":\"ZIP\",\"cloud\":\"AWS\",\"environment\":" + environment + "}",
            201,
            """
            {"api_version":"ccpm/v1","kind":"PresignedUrl","content_format":"ZIP","cloud":"AWS",
             "environment":%s,"upload_id":"u-1","upload_url":"https://bucket.s3.amazonaws.com/",
             "upload_form_data":{"key":"u-1/plugin.zip"}}
            """
                .formatted(ENVIRONMENT)),
        new Write(
            "POST",
            "/ccpm/v1/plugins",
            "{\"spec\":{\"display_name\":\"datagen\",\"cloud\":\"AWS\",\"environment\":"
                + environment
                + "}}",
            202,
            ccpmPlugin(ENVIRONMENT)),
        new Write(
            "PATCH",
            "/ccpm/v1/plugins/ccp-1",
            "{\"spec\":{\"description\":\"new\",\"environment\":" + environment + "}}",
            200,
            ccpmPlugin(ENVIRONMENT)),
        new Write(
            "POST",
            "/ccpm/v1/plugins/ccp-1/versions",
            """
            {"spec":{"version":"1.0.0",
                     "connector_classes":[{"class_name":"io.confluent.kafka.connect.datagen.DatagenConnector",
                                           "type":"SOURCE"}],
                     "upload_source":{"location":"PRESIGNED_URL_LOCATION","upload_id":"u-1"},
                     "environment":%s}}
            """
                .formatted(environment),
            202,
            ccpmVersion()));
  }
}
