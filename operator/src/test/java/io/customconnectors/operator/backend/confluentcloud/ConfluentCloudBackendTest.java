package io.customconnectors.operator.backend.confluentcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.Retrying;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.ObjectMapper;

class ConfluentCloudBackendTest {

  private final ConfluentCloudBackend backend =
      new ConfluentCloudBackend(
          new ConfluentCloudConnection(
              "http://127.0.0.1:1", "KEY", "SECRET", "env-1", "lkc-1", "AWS"),
          Retrying.standard());

  private static final Map<String, String> DESIRED =
      Map.of(
          "name", "orders", "aws.secret.key", "s3cr3t", "kafka.api.secret", "k", "tasks.max", "1");

  @Test
  void maskedSecretsAndServerKeysAreNoDrift() {
    Map<String, String> stored =
        Map.of(
            "name", "orders",
            "aws.secret.key", "****************",
            "kafka.api.secret", "****",
            "tasks.max", "1",
            "cloud.environment", "env-1",
            "kafka.endpoint", "SASL_SSL://pkc-1.confluent.cloud:9092",
            "config.internal.flag", "x");
    assertThat(backend.sameConfig(DESIRED, stored)).isTrue();
  }

  @Test
  void aChangedValueAMissingKeyOrAnAddedKeyIsDrift() {
    Map<String, String> base =
        Map.of(
            "name",
            "orders",
            "aws.secret.key",
            "****",
            "kafka.api.secret",
            "****",
            "tasks.max",
            "1");
    assertThat(backend.sameConfig(DESIRED, base)).isTrue();
    assertThat(backend.sameConfig(DESIRED, with(base, "tasks.max", "3"))).isFalse();
    assertThat(backend.sameConfig(DESIRED, with(base, "poll.interval.ms", "5"))).isFalse();
    // A single asterisk is a value, not Confluent's mask.
    assertThat(backend.sameConfig(DESIRED, with(base, "aws.secret.key", "*"))).isFalse();
    Map<String, String> missing = new java.util.HashMap<>(base);
    missing.remove("tasks.max");
    assertThat(backend.sameConfig(DESIRED, missing)).isFalse();
  }

  @Test
  void anExpandedEntryBecomesARemoteConnectorWithItsIdAndTaskMessages() throws Exception {
    RemoteConnector parsed =
        ConfluentCloudBackend.parse(
            "orders",
            new ObjectMapper()
                .readTree(
                    """
                    {"id":{"id":"clcc-abc123","id_type":"ID"},
                     "info":{"name":"orders","config":{"name":"orders","tasks.max":"2"},"type":"source"},
                     "status":{"name":"orders","connector":{"state":"DEGRADED","worker_id":"orders","trace":""},
                       "tasks":[{"id":0,"state":"RUNNING","worker_id":"orders","msg":""},
                                {"id":1,"state":"FAILED","worker_id":"orders","msg":"Connection reset"}],
                       "type":"source"},
                     "extensions":{}}
                    """));
    assertThat(parsed.id()).isEqualTo("clcc-abc123");
    assertThat(parsed.state()).isEqualTo("DEGRADED");
    assertThat(parsed.trace()).isNull();
    assertThat(parsed.tasks()).hasSize(2);
    assertThat(parsed.tasks().get(1).trace()).isEqualTo("Connection reset");
    assertThat(parsed.tasks().get(0).trace()).isNull();
    assertThat(parsed.config()).containsEntry("tasks.max", "2");
  }

  @Test
  void theCausesConfluentNamesBesideTheTraceAreKeptValidationFirst() throws Exception {
    RemoteConnector parsed =
        ConfluentCloudBackend.parse(
            "orders",
            new ObjectMapper()
                .readTree(
                    """
                    {"id":{"id":"clcc-abc123","id_type":"ID"},
                     "info":{"name":"orders","config":{},"type":"source"},
                     "status":{"name":"orders",
                       "connector":{"state":"FAILED","worker_id":"orders",
                         "trace":"There were some errors with your configuration:\\ntopics: invalid"},
                       "tasks":[],"type":"source",
                       "errors_from_trace":[{"error":"Provided Kafka ApiKey is invalid"}],
                       "validation_errors":["kafka.api.key: Provided Kafka ApiKey is invalid"],
                       "override_message":""},
                     "extensions":{}}
                    """));
    assertThat(parsed.errors())
        .containsExactly(
            "kafka.api.key: Provided Kafka ApiKey is invalid", "Provided Kafka ApiKey is invalid");

    RemoteConnector healthy =
        ConfluentCloudBackend.parse(
            "orders",
            new ObjectMapper()
                .readTree(
                    """
                    {"status":{"connector":{"state":"RUNNING","trace":""},"tasks":[],
                      "errors_from_trace":[],"validation_errors":[],"override_message":""}}
                    """));
    assertThat(healthy.errors()).isEmpty();
  }

  @Test
  void confluentCloudCannotStop() {
    assertThat(backend.canStop()).isFalse();
    assertThat(backend.describe()).isEqualTo("ccloud/lkc-1");
  }

  @Test
  void theConnectionNeverPrintsItsSecret() {
    assertThat(
            new ConfluentCloudConnection(
                    "https://api.confluent.cloud", "KEY", "SECRET", "env-1", null, "AWS")
                .toString())
        .contains("KEY")
        .doesNotContain("SECRET");
  }

  @Test
  void everyErrorShapeGivesItsMessage() {
    assertThat(
            JsonHttp.errorMessage(
                404,
                "{\"errors\":[{\"status\":\"404\",\"code\":\"not_found\",\"detail\":\"failed to retrieve custom plugin: Not Found\"}]}"))
        .isEqualTo("failed to retrieve custom plugin: Not Found");
    assertThat(
            JsonHttp.errorMessage(
                422, "{\"errors\":[{\"detail\":\"bad version\",\"resolution\":\"use 1.2.3\"}]}"))
        .isEqualTo("bad version (use 1.2.3)");
    assertThat(
            JsonHttp.errorMessage(
                404, "{\"error\":{\"code\":404,\"message\":\"resource not found\"}}"))
        .isEqualTo("resource not found");
    assertThat(
            JsonHttp.errorMessage(
                500, "{\"error_code\":500,\"message\":\"Failed to find any class\"}"))
        .isEqualTo("Failed to find any class");
    assertThat(JsonHttp.errorMessage(429, "")).isEqualTo("rate limited");
    assertThat(JsonHttp.errorMessage(502, "<html>Bad gateway</html>"))
        .isEqualTo("<html>Bad gateway</html>");
  }

  @Test
  void theNextPageTokenComesFromTheNextUrl() {
    assertThat(
            CustomPluginsApi.nextPageToken(
                "https://api.confluent.cloud/ccpm/v1/plugins?environment=env-1&page_size=100&page_token=UvmDWOB1iwfAIBPj6EYb"))
        .isEqualTo("UvmDWOB1iwfAIBPj6EYb");
    assertThat(CustomPluginsApi.nextPageToken("/ccpm/v1/plugins?page_token=abc")).isEqualTo("abc");
    assertThat(CustomPluginsApi.nextPageToken(null)).isNull();
    assertThat(CustomPluginsApi.nextPageToken("")).isNull();
    assertThat(
            CustomPluginsApi.nextPageToken(
                "https://api.confluent.cloud/ccpm/v1/plugins?page_size=100"))
        .isNull();
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new java.util.HashMap<>(base);
    copy.put(key, value);
    return copy;
  }
}
