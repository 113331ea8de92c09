package io.customconnectors.testkit.ccloud;

import static io.customconnectors.testkit.ccloud.EmulatorFixture.CONNECTORS;
import static io.customconnectors.testkit.ccloud.EmulatorFixture.ENVIRONMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulator's authentication, fake object store, legacy plugins and ccpm plugins with versions,
 * every exchange checked against Confluent's OpenAPI documents.
 */
class PluginApisIT {

  private static final String LEGACY = "/connect/v1/custom-connector-plugins";
  private static final String CCPM = "/ccpm/v1/plugins";

  private static EmulatorFixture fixture;
  private static ConfluentCloudTestClient api;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture();
    api = fixture.api;
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void keptTheContract() {
    fixture.cloud.faults().clear();
    fixture.assertContractKept();
  }

  @Test
  void aWrongCloudApiKeyGetsConfluentsUnauthorizedAnswers() {
    ConfluentCloudTestClient wrong =
        new ConfluentCloudTestClient(fixture.cloud.baseUrl(), EmulatorFixture.CLOUD_KEY, "nope");

    ConfluentCloudTestClient.Response plugins = wrong.get(LEGACY);
    assertThat(plugins.status()).isEqualTo(401);
    assertThat(plugins.header("WWW-Authenticate"))
        .contains("Basic error=\"invalid_key\", error_description=\"The API Key is invalid\"");
    JsonNode failure = plugins.json().path("errors").path(0);
    assertThat(failure.path("status").asText()).isEqualTo("401");
    assertThat(failure.path("code").asText()).isEqualTo("user_unauthenticated");
    assertThat(plugins.header("X-Request-Id")).isPresent();

    ConfluentCloudTestClient.Response connectors = wrong.get(CONNECTORS);
    assertThat(connectors.status()).isEqualTo(401);
    assertThat(connectors.json().path("error").path("code").asInt()).isEqualTo(401);
    assertThat(connectors.json().path("error").path("message").asText()).isEqualTo("Unauthorized");

    ConfluentCloudTestClient kafkaKey =
        new ConfluentCloudTestClient(
            fixture.cloud.baseUrl(), EmulatorFixture.KAFKA_KEY, EmulatorFixture.KAFKA_SECRET);
    assertThat(kafkaKey.get(CCPM + "?environment=" + ENVIRONMENT).status())
        .as("a Kafka API key is not a Cloud API key")
        .isEqualTo(401);
    assertThat(wrong.get("/v2/metrics/cloud/descriptors/metrics").status()).isEqualTo(401);
  }

  @Test
  void unknownEnvironmentsAndClustersAreConnectNotFounds() {
    ConfluentCloudTestClient.Response cluster =
        api.get("/connect/v1/environments/" + ENVIRONMENT + "/clusters/lkc-nope/connectors");
    assertThat(cluster.status()).isEqualTo(404);
    assertThat(cluster.json().path("error").path("message").asText())
        .isEqualTo("account not found");

    ConfluentCloudTestClient.Response environment =
        api.get(
            "/connect/v1/environments/env-nope/clusters/"
                + EmulatorFixture.CLUSTER
                + "/connectors");
    assertThat(environment.json().path("error").path("code").asInt()).isEqualTo(404);

    ConfluentCloudTestClient.Response connector = api.get(CONNECTORS + "/nobody");
    assertThat(connector.status()).isEqualTo(404);
    assertThat(connector.json().path("error_code").asInt()).isEqualTo(404);
    assertThat(connector.json().path("message").asText()).isEqualTo("resource not found");

    ConfluentCloudTestClient.Response ccpm = api.get(CCPM + "?environment=env-nope");
    assertThat(ccpm.status()).as("not found or unauthorized").isEqualTo(403);
    assertThat(ccpm.json().path("errors").path(0).path("code").asText())
        .isEqualTo("user_unauthorized");
  }

  @Test
  void legacyPluginLifecycleFromPresignedUploadToDeletion() {
    JsonNode presigned =
        api.post("/connect/v1/presigned-upload-url", Map.of("content_format", "zip")).expect(200);
    assertThat(presigned.path("content_format").asText()).isEqualTo("ZIP");
    assertThat(presigned.path("cloud").asText()).isEqualTo("AWS");
    assertThat(presigned.path("upload_form_data").fieldNames())
        .toIterable()
        .contains("bucket", "key", "policy", "x-amz-signature");

    Map<String, Object> create = new LinkedHashMap<>();
    create.put("display_name", "Legacy lifecycle");
    create.put("connector_class", PluginArchives.FILE_SOURCE);
    create.put("connector_type", "SOURCE");
    create.put(
        "upload_source",
        Map.of(
            "location",
            "PRESIGNED_URL_LOCATION",
            "upload_id",
            presigned.path("upload_id").asText()));
    ConfluentCloudTestClient.Response early = api.post(LEGACY, create);
    assertThat(early.status()).isEqualTo(422);
    assertThat(early.json().path("errors").path(0).path("source").path("pointer").asText())
        .isEqualTo("/upload_source/upload_id");
    assertThat(early.json().path("errors").path(0).path("detail").asText())
        .contains("upload the archive to upload_url first");

    assertThat(api.upload(presigned, "file-source.zip", PluginArchives.fileSourceZip()).status())
        .isEqualTo(204);

    JsonNode plugin = api.post(LEGACY, create).expect(201);
    String id = plugin.path("id").asText();
    assertThat(id).startsWith("ccp-");
    assertThat(plugin.path("kind").asText()).isEqualTo("CustomConnectorPlugin");
    assertThat(plugin.path("content_format").asText()).isEqualTo("ZIP");

    ConfluentCloudTestClient.Response duplicate = api.post(LEGACY, create);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.json().path("errors").path(0).path("code").asText())
        .isEqualTo("resource_already_exists");

    JsonNode patched =
        api.patch(LEGACY + "/" + id, Map.of("description", "now documented")).expect(200);
    assertThat(patched.path("description").asText()).isEqualTo("now documented");
    assertThat(api.get(LEGACY + "/" + id).expect(200).path("description").asText())
        .isEqualTo("now documented");

    assertThat(api.delete(LEGACY + "/" + id).status()).isEqualTo(204);
    ConfluentCloudTestClient.Response gone = api.get(LEGACY + "/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("errors").path(0).path("status").asText()).isEqualTo("404");
  }

  @Test
  void badPluginRequestsSayWhatToFix() {
    ConfluentCloudTestClient.Response format =
        api.post("/connect/v1/presigned-upload-url", Map.of("content_format", "TAR"));
    assertThat(format.status()).isEqualTo(400);
    assertThat(format.json().path("errors").path(0).path("source").path("pointer").asText())
        .isEqualTo("/content_format");
    assertThat(format.json().path("errors").path(0).path("detail").asText()).contains("ZIP or JAR");

    Map<String, Object> create = new LinkedHashMap<>();
    create.put("display_name", "Bad class");
    create.put("connector_class", "not a class name");
    create.put("connector_type", "SOURCE");
    create.put("upload_source", Map.of("location", "PRESIGNED_URL_LOCATION", "upload_id", "x"));
    ConfluentCloudTestClient.Response badClass = api.post(LEGACY, create);
    assertThat(badClass.status()).isEqualTo(422);
    assertThat(badClass.json().path("errors").path(0).path("source").path("pointer").asText())
        .isEqualTo("/connector_class");

    create.put("connector_class", PluginArchives.FILE_SOURCE);
    create.put("upload_source", Map.of("location", "PRESIGNED_URL_LOCATION", "upload_id", "x"));
    ConfluentCloudTestClient.Response unknownUpload = api.post(LEGACY, create);
    assertThat(unknownUpload.status()).isEqualTo(422);
    assertThat(unknownUpload.json().path("errors").path(0).path("detail").asText())
        .contains("request a presigned upload URL first");

    ConfluentCloudTestClient.Response s3WithoutPolicy =
        api.upload(presignedWithoutPolicy(), "file.zip", PluginArchives.fileSourceZip());
    assertThat(s3WithoutPolicy.status()).isEqualTo(400);
    assertThat(s3WithoutPolicy.text()).contains("<Code>InvalidArgument</Code>", "policy");
  }

  private static JsonNode presignedWithoutPolicy() {
    ObjectNode presigned =
        (ObjectNode)
            api.post("/connect/v1/presigned-upload-url", Map.of("content_format", "ZIP")).json();
    ((ObjectNode) presigned.path("upload_form_data")).remove("policy");
    return presigned;
  }

  @Test
  void gcpAndAzureUploadsArePutsAndJarsAreAccepted() {
    for (String cloud : List.of("GCP", "AZURE")) {
      JsonNode presigned =
          api.post(
                  "/connect/v1/presigned-upload-url",
                  Map.of("content_format", "jar", "cloud", cloud))
              .expect(200);
      assertThat(presigned.path("upload_form_data").size()).isEqualTo(2);
      assertThat(api.upload(presigned, "file-source.jar", PluginArchives.fileSourceJar()).status())
          .isIn(200, 201);
      Map<String, Object> create = new LinkedHashMap<>();
      create.put("display_name", "Jar on " + cloud);
      create.put("connector_class", PluginArchives.FILE_SOURCE);
      create.put("connector_type", "SOURCE");
      create.put("cloud", cloud);
      create.put(
          "upload_source",
          Map.of(
              "location",
              "PRESIGNED_URL_LOCATION",
              "upload_id",
              presigned.path("upload_id").asText()));
      JsonNode plugin = api.post(LEGACY, create).expect(201);
      assertThat(plugin.path("cloud").asText()).isEqualTo(cloud);
      assertThat(plugin.path("content_format").asText()).isEqualTo("JAR");
      assertThat(
              api.get(LEGACY + "?cloud=" + cloud).expect(200).path("data").findValuesAsText("id"))
          .contains(plugin.path("id").asText());
    }
    JsonNode azure =
        api.post(
                "/connect/v1/presigned-upload-url",
                Map.of("content_format", "JAR", "cloud", "AZURE"))
            .json();
    ConfluentCloudTestClient.Response withoutBlobType =
        new ConfluentCloudTestClient(fixture.cloud.baseUrl(), "x", "y")
            .upload(
                ((ObjectNode) azure.deepCopy()).put("cloud", "GCP"),
                "file.jar",
                PluginArchives.fileSourceJar());
    assertThat(withoutBlobType.status()).isEqualTo(400);
    assertThat(withoutBlobType.text()).contains("x-ms-blob-type");
  }

  @Test
  void listsArePagedWithPageTokensFromMetadataNext() {
    for (int i = 0; i < 5; i++) {
      fixture.legacyFileSourcePlugin("Paged plugin " + i, List.of());
    }
    List<String> names = new ArrayList<>();
    String next = LEGACY + "?page_size=2";
    int pages = 0;
    while (next != null) {
      JsonNode page = api.get(next).expect(200);
      pages++;
      assertThat(page.path("data").size()).isLessThanOrEqualTo(2);
      page.path("data").forEach(plugin -> names.add(plugin.path("display_name").asText()));
      JsonNode link = page.path("metadata").path("next");
      next = link.isMissingNode() || link.asText().isEmpty() ? null : pathOf(link.asText());
    }
    assertThat(names)
        .contains(
            "Paged plugin 0",
            "Paged plugin 1",
            "Paged plugin 2",
            "Paged plugin 3",
            "Paged plugin 4")
        .doesNotHaveDuplicates();
    assertThat(pages).isGreaterThanOrEqualTo(3);

    ConfluentCloudTestClient.Response tooBig = api.get(LEGACY + "?page_size=101");
    assertThat(tooBig.status()).isEqualTo(400);
    ConfluentCloudTestClient.Response badToken = api.get(LEGACY + "?page_token=garbage!");
    assertThat(badToken.status()).isEqualTo(400);
    assertThat(badToken.json().path("errors").path(0).path("detail").asText())
        .contains("start the listing again");
  }

  @Test
  void ccpmVersionsTurnReadyOrFailWithTheReason() {
    JsonNode plugin =
        api.post(
                CCPM,
                Map.of(
                    "spec",
                    Map.of(
                        "display_name",
                        "File source (ccpm)",
                        "cloud",
                        "AWS",
                        "environment",
                        Map.of("id", ENVIRONMENT))))
            .expect(202);
    String id = plugin.path("id").asText();
    String versions = CCPM + "/" + id + "/versions";

    String good =
        createVersion(id, "1.0.0", PluginArchives.fileSourceZip(), PluginArchives.FILE_SOURCE);
    assertThat(phase(id, good)).isEqualTo("PROCESSING");
    String noManifest =
        createVersion(id, "1.0.1", PluginArchives.withoutManifest(), PluginArchives.FILE_SOURCE);
    String noJars =
        createVersion(id, "1.0.2", PluginArchives.withoutJars(), PluginArchives.FILE_SOURCE);
    String wrongClass =
        createVersion(id, "v1.0.3", PluginArchives.fileSourceZip(), "com.example.NotThere");
    String notZip =
        createVersion(id, "1.0.4", PluginArchives.notAnArchive(), PluginArchives.FILE_SOURCE);

    await().atMost(Duration.ofSeconds(10)).until(() -> !phase(id, good).equals("PROCESSING"));
    assertThat(phase(id, good)).isEqualTo("READY");
    assertThat(errorMessage(id, noManifest)).contains("manifest.json is missing");
    assertThat(errorMessage(id, noJars)).contains("no JAR files under lib/");
    assertThat(errorMessage(id, wrongClass))
        .contains("class com.example.NotThere was not found in the archive's JAR files");
    assertThat(errorMessage(id, notZip)).contains("not a ZIP archive");
    for (String failed : List.of(noManifest, noJars, wrongClass, notZip)) {
      assertThat(phase(id, failed)).isEqualTo("FAILED");
    }

    ConfluentCloudTestClient.Response duplicate =
        api.post(versions, versionRequest("v1.0.0", "x", PluginArchives.FILE_SOURCE));
    assertThat(duplicate.status()).isEqualTo(409);
    ConfluentCloudTestClient.Response notSemver =
        api.post(versions, versionRequest("latest", "x", PluginArchives.FILE_SOURCE));
    assertThat(notSemver.status()).isEqualTo(422);
    assertThat(notSemver.json().path("errors").path(0).path("source").path("pointer").asText())
        .isEqualTo("/spec/version");

    JsonNode page = api.get(versions + "?environment=" + ENVIRONMENT + "&page_size=2").expect(200);
    assertThat(page.path("data").size()).isEqualTo(2);
    assertThat(page.path("metadata").path("next").asText()).contains("page_token=");

    ConfluentCloudTestClient.Response stillHasVersions =
        api.delete(CCPM + "/" + id + "?environment=" + ENVIRONMENT);
    assertThat(stillHasVersions.status()).isEqualTo(400);
    assertThat(stillHasVersions.json().path("errors").path(0).path("detail").asText())
        .contains("still has 5 version(s)");

    for (String version : List.of(good, noManifest, noJars, wrongClass, notZip)) {
      assertThat(api.delete(versions + "/" + version + "?environment=" + ENVIRONMENT).status())
          .isEqualTo(204);
    }
    assertThat(api.delete(CCPM + "/" + id + "?environment=" + ENVIRONMENT).status()).isEqualTo(204);
    assertThat(api.get(CCPM + "/" + id + "?environment=" + ENVIRONMENT).status()).isEqualTo(404);
  }

  @Test
  void ccpmPluginsAreScopedToTheirEnvironment() {
    ConfluentCloudTestClient.Response noCloud =
        api.post(
            CCPM,
            Map.of(
                "spec",
                Map.of("display_name", "Scoped", "environment", Map.of("id", ENVIRONMENT))));
    assertThat(noCloud.status()).isIn(400, 422);
    assertThat(noCloud.json().path("errors").path(0).path("source").path("pointer").asText())
        .isEqualTo("/spec/cloud");
    JsonNode plugin =
        api.post(
                CCPM,
                Map.of(
                    "spec",
                    Map.of(
                        "display_name",
                        "Scoped",
                        "cloud",
                        "AWS",
                        "environment",
                        Map.of("id", ENVIRONMENT))))
            .expect(202);
    String id = plugin.path("id").asText();
    assertThat(api.get(CCPM + "/" + id + "?environment=env-empty").status()).isEqualTo(404);
    assertThat(api.get(CCPM + "?environment=env-empty").expect(200).path("data").size()).isZero();
    ConfluentCloudTestClient.Response noEnvironment = api.get(CCPM);
    assertThat(noEnvironment.status()).isEqualTo(400);
    assertThat(noEnvironment.json().path("errors").path(0).path("detail").asText())
        .contains("environment");
    JsonNode renamed =
        api.patch(
                CCPM + "/" + id,
                Map.of(
                    "spec",
                    Map.of("display_name", "Renamed", "environment", Map.of("id", ENVIRONMENT))))
            .expect(200);
    assertThat(renamed.path("spec").path("display_name").asText()).isEqualTo("Renamed");
    assertThat(api.delete(CCPM + "/" + id + "?environment=" + ENVIRONMENT).status()).isEqualTo(204);
  }

  private static String createVersion(
      String pluginId, String version, byte[] archive, String type) {
    String uploadId =
        fixture.upload(
            "/ccpm/v1/presigned-upload-url",
            Map.of(
                "content_format", "ZIP", "cloud", "AWS", "environment", Map.of("id", ENVIRONMENT)),
            archive,
            "plugin.zip");
    JsonNode created =
        api.post(CCPM + "/" + pluginId + "/versions", versionRequest(version, uploadId, type))
            .expect(202);
    return created.path("id").asText();
  }

  private static Map<String, Object> versionRequest(String version, String uploadId, String type) {
    return Map.of(
        "spec",
        Map.of(
            "version",
            version,
            "connector_classes",
            List.of(Map.of("class_name", type, "type", "SOURCE")),
            "sensitive_config_properties",
            List.of("file.password"),
            "environment",
            Map.of("id", ENVIRONMENT),
            "upload_source",
            Map.of("location", "PRESIGNED_URL_LOCATION", "upload_id", uploadId)));
  }

  private static String phase(String pluginId, String versionId) {
    return version(pluginId, versionId).path("status").path("phase").asText();
  }

  private static String errorMessage(String pluginId, String versionId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !phase(pluginId, versionId).equals("PROCESSING"));
    return version(pluginId, versionId).path("status").path("error_message").asText();
  }

  private static JsonNode version(String pluginId, String versionId) {
    return api.get(CCPM + "/" + pluginId + "/versions/" + versionId + "?environment=" + ENVIRONMENT)
        .expect(200);
  }

  private static String pathOf(String url) {
    URI uri = URI.create(url);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
