package io.customconnectors.operator.backend.confluentcloud;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.backend.Retrying;

import com.fasterxml.jackson.databind.JsonNode;

/** {@link CustomPlugins} through Custom Connect Plugin Management, {@code ccpm/v1}. */
public final class CustomPluginsApi implements CustomPlugins {

  private final ConfluentCloudConnection connection;
  private final ConfluentCloudRest rest;
  private final Retrying retrying;

  public CustomPluginsApi(ConfluentCloudConnection connection, Retrying retrying) {
    this.connection = connection;
    this.rest = new ConfluentCloudRest(connection, Duration.ofSeconds(30));
    this.retrying = retrying;
  }

  @Override
  public String describe() {
    return "ccloud/" + connection.environment();
  }

  private Map<String, List<String>> inEnvironment() {
    return Map.of("environment", List.of(connection.environment()));
  }

  private Map<String, Object> environment() {
    return Map.of("id", connection.environment());
  }

  @Override
  public Optional<Plugin> plugin(String id) {
    JsonNode plugin;
    try {
      plugin =
          retrying.call(
              "read plugin " + id,
              () ->
                  rest.send(
                      "GET",
                      List.of("ccpm", "v1", "plugins", id),
                      inEnvironment(),
                      null,
                      200,
                      404));
    } catch (BackendException e) {
      if (e.status() == 403 && plugins().stream().noneMatch(p -> p.id().equals(id))) {
        return Optional.empty();
      }
      throw e;
    }
    return plugin.isObject() ? Optional.of(plugin(plugin)) : Optional.empty();
  }

  private static Plugin plugin(JsonNode json) {
    return new Plugin(
        json.path("id").asText(),
        json.path("spec").path("display_name").asText(),
        json.path("spec").path("description").asText(""));
  }

  @Override
  public List<Plugin> plugins() {
    List<Plugin> all = new ArrayList<>();
    for (JsonNode item : pages("list plugins", List.of("ccpm", "v1", "plugins"))) {
      all.add(plugin(item));
    }
    return all;
  }

  @Override
  public Plugin createPlugin(String displayName, String description) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("display_name", displayName);
    spec.put("description", description == null ? "" : description);
    spec.put("cloud", connection.cloud());
    spec.put("environment", environment());
    // Not retried: a POST that timed out may have created the plugin; the caller looks it up by
    // name on the next reconcile instead of creating a second one.
    JsonNode created =
        rest.send(
            "POST",
            List.of("ccpm", "v1", "plugins"),
            Map.of(),
            Map.of("spec", spec),
            200,
            201,
            202);
    return plugin(created);
  }

  @Override
  public void updatePlugin(String id, String displayName, String description) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("display_name", displayName);
    spec.put("description", description == null ? "" : description);
    spec.put("environment", environment());
    retrying.run(
        "update plugin " + id,
        () ->
            rest.send(
                "PATCH",
                List.of("ccpm", "v1", "plugins", id),
                Map.of(),
                Map.of("spec", spec),
                200));
  }

  @Override
  public boolean deletePlugin(String id) {
    return deleted("delete plugin " + id, List.of("ccpm", "v1", "plugins", id));
  }

  @Override
  public List<Version> versions(String pluginId) {
    List<Version> all = new ArrayList<>();
    for (JsonNode item :
        pages(
            "list versions of " + pluginId,
            List.of("ccpm", "v1", "plugins", pluginId, "versions"))) {
      all.add(version(item));
    }
    return all;
  }

  private static Version version(JsonNode json) {
    String error = json.path("status").path("error_message").asText("");
    return new Version(
        json.path("id").asText(),
        json.path("spec").path("version").asText(),
        json.path("status").path("phase").asText("PROCESSING"),
        error.isBlank() ? null : error);
  }

  @Override
  public Version createVersion(String pluginId, VersionSpec spec, Path archive) {
    String fileName = archive.getFileName().toString();
    String format = fileName.toLowerCase(Locale.ROOT).endsWith(".jar") ? "JAR" : "ZIP";
    String uploadId =
        retrying.call(
            "upload " + fileName,
            () -> {
              Map<String, Object> request = new LinkedHashMap<>();
              request.put("content_format", format);
              request.put("cloud", connection.cloud());
              request.put("environment", environment());
              JsonNode presigned =
                  rest.send(
                      "POST",
                      List.of("ccpm", "v1", "presigned-upload-url"),
                      Map.of(),
                      request,
                      200,
                      201);
              rest.upload(presigned, fileName, archive);
              return presigned.path("upload_id").asText();
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", spec.version());
    body.put(
        "connector_classes",
        List.of(Map.of("class_name", spec.connectorClass(), "type", spec.connectorType())));
    body.put("sensitive_config_properties", spec.sensitiveConfigProperties());
    if (spec.documentationLink() != null && !spec.documentationLink().isBlank()) {
      body.put("documentation_link", spec.documentationLink());
    }
    body.put("upload_source", Map.of("location", "PRESIGNED_URL_LOCATION", "upload_id", uploadId));
    body.put("environment", environment());
    // Not retried here: a POST that timed out may have created the version, and the next
    // reconcile finds it by its name rather than creating a second one.
    JsonNode created =
        rest.send(
            "POST",
            List.of("ccpm", "v1", "plugins", pluginId, "versions"),
            Map.of(),
            Map.of("spec", body),
            200,
            201,
            202);
    return version(created);
  }

  @Override
  public boolean deleteVersion(String pluginId, String versionId) {
    return deleted(
        "delete version " + versionId + " of " + pluginId,
        List.of("ccpm", "v1", "plugins", pluginId, "versions", versionId));
  }

  private boolean deleted(String action, List<String> path) {
    try {
      retrying.run(action, () -> rest.send("DELETE", path, inEnvironment(), null, 200, 202, 204));
      return true;
    } catch (BackendException e) {
      if (e.kind() == BackendException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** What a version declares: its classes (class name to SOURCE or SINK) and sensitive keys. */
  public record Declaration(
      String version,
      String phase,
      Map<String, String> connectorClasses,
      List<String> sensitiveConfigProperties,
      String documentationLink) {}

  /** Every version of the plugin with what it declares, oldest first. */
  public List<Declaration> declarations(String pluginId) {
    List<Declaration> all = new ArrayList<>();
    for (JsonNode item :
        pages(
            "list versions of " + pluginId,
            List.of("ccpm", "v1", "plugins", pluginId, "versions"))) {
      JsonNode spec = item.path("spec");
      Map<String, String> classes = new LinkedHashMap<>();
      for (JsonNode type : spec.path("connector_classes")) {
        classes.put(type.path("class_name").asText(), type.path("type").asText());
      }
      List<String> sensitive = new ArrayList<>();
      spec.path("sensitive_config_properties").forEach(key -> sensitive.add(key.asText()));
      String link = spec.path("documentation_link").asText("");
      all.add(
          new Declaration(
              spec.path("version").asText(),
              item.path("status").path("phase").asText("PROCESSING"),
              classes,
              sensitive,
              link.isBlank() ? null : link));
    }
    return all;
  }

  /** The connector classes of the environment's plugins that have a READY version. */
  public List<InstalledPlugin> installed() {
    List<InstalledPlugin> installed = new ArrayList<>();
    for (Plugin plugin : plugins()) {
      List<JsonNode> versions =
          pages(
              "list versions of " + plugin.id(),
              List.of("ccpm", "v1", "plugins", plugin.id(), "versions"));
      for (JsonNode version : versions) {
        if (!version.path("status").path("phase").asText().equals("READY")) {
          continue;
        }
        for (JsonNode type : version.path("spec").path("connector_classes")) {
          installed.add(
              new InstalledPlugin(
                  type.path("class_name").asText(),
                  type.path("type").asText().toLowerCase(Locale.ROOT),
                  version.path("spec").path("version").asText(null)));
        }
      }
    }
    return installed;
  }

  private List<JsonNode> pages(String action, List<String> path) {
    List<JsonNode> items = new ArrayList<>();
    String token = null;
    do {
      Map<String, List<String>> query = new LinkedHashMap<>(inEnvironment());
      query.put("page_size", List.of("100"));
      if (token != null) {
        query.put("page_token", List.of(token));
      }
      JsonNode page = retrying.call(action, () -> rest.send("GET", path, query, null, 200));
      page.path("data").forEach(items::add);
      token = nextPageToken(page.path("metadata").path("next").asText(null));
    } while (token != null);
    return items;
  }

  /** The {@code page_token} of a {@code metadata.next} URL, or null on the last page. */
  static String nextPageToken(String next) {
    if (next == null || next.isBlank()) {
      return null;
    }
    okhttp3.HttpUrl url = okhttp3.HttpUrl.parse(next);
    if (url == null) {
      url = okhttp3.HttpUrl.parse("https://placeholder" + (next.startsWith("/") ? "" : "/") + next);
    }
    String token = url == null ? null : url.queryParameter("page_token");
    return token == null || token.isBlank() ? null : token;
  }
}
