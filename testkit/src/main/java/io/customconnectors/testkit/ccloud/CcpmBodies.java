package io.customconnectors.testkit.ccloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of {@code ccpm/v1} plugins and versions, as the service renders them. */
final class CcpmBodies {

  private final String organization;

  CcpmBodies(String organization) {
    this.organization = organization;
  }

  Map<String, Object> render(Call call, PluginCatalog.CcpmPlugin plugin) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("display_name", plugin.displayName());
    spec.put("description", plugin.description());
    spec.put("cloud", plugin.cloud());
    spec.put("runtime_language", "JAVA");
    spec.put("environment", environment(call, plugin.environment()));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("api_version", "ccpm/v1");
    json.put("kind", "CustomConnectPlugin");
    json.put("id", plugin.id());
    json.put(
        "metadata",
        metadata(
            call,
            "/ccpm/v1/plugins/" + plugin.id(),
            "plugin=" + plugin.id(),
            plugin.created(),
            plugin.updated()));
    json.put("spec", spec);
    return json;
  }

  Map<String, Object> render(Call call, PluginCatalog.Version version) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("version", version.version());
    List<Object> classes = new ArrayList<>();
    version
        .classes()
        .forEach(c -> classes.add(Map.of("class_name", c.className(), "type", c.type())));
    spec.put("connector_classes", classes);
    spec.put("sensitive_config_properties", version.sensitive());
    spec.put(
        "documentation_link",
        version.documentationLink() == null ? "" : version.documentationLink());
    spec.put("content_format", version.contentFormat());
    // Required in answers by the documents; the upload it came from is not named again.
    spec.put("upload_source", Map.of("location", "PRESIGNED_URL_LOCATION", "upload_id", ""));
    spec.put("environment", environment(call, version.environment()));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", version.phase());
    if (version.errorMessage() != null) {
      status.put(
          "error_message",
          version.errorMessage().length() > 256
              ? version.errorMessage().substring(0, 256)
              : version.errorMessage());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("api_version", "ccpm/v1");
    json.put("kind", "CustomConnectPluginVersion");
    json.put("id", version.id());
    json.put(
        "metadata",
        metadata(
            call,
            "/ccpm/v1/plugins/" + version.pluginId() + "/versions/" + version.id(),
            "plugin=" + version.pluginId() + "/version=" + version.id(),
            version.created(),
            version.created()));
    json.put("spec", spec);
    json.put("status", status);
    return json;
  }

  private Map<String, Object> metadata(
      Call call, String path, String resource, Instant created, Instant updated) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("self", call.base.resolve(path).toString());
    metadata.put(
        "resource_name", "crn://confluent.cloud/organization=" + organization + "/" + resource);
    metadata.put("created_at", created.toString());
    metadata.put("updated_at", updated.toString());
    return metadata;
  }

  Map<String, Object> environment(Call call, String id) {
    return Map.of(
        "id",
        id,
        "related",
        call.base.resolve("/org/v2/environments/" + id).toString(),
        "resource_name",
        "crn://confluent.cloud/organization=" + organization + "/environment=" + id);
  }
}
