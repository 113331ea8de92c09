package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code connect/v1}: presigned upload URLs, legacy custom connector plugins and runtimes
 * (reference: ccloud-api.md 2.1-2.3).
 */
final class PluginApi {

  private final PluginCatalog catalog;
  private final Uploads uploads;
  private final String organization;
  private final Function<String, List<String>> connectorsUsing;

  PluginApi(
      PluginCatalog catalog,
      Uploads uploads,
      String organization,
      Function<String, List<String>> connectorsUsing) {
    this.catalog = catalog;
    this.uploads = uploads;
    this.organization = organization;
    this.connectorsUsing = connectorsUsing;
  }

  void register(Router router) {
    router.add("POST", "/connect/v1/presigned-upload-url", ErrorShape.FAILURE, this::presign);
    router.add("POST", "/connect/v1/custom-connector-plugins", ErrorShape.FAILURE, this::create);
    router.add("GET", "/connect/v1/custom-connector-plugins", ErrorShape.FAILURE, this::list);
    router.add(
        "GET",
        "/connect/v1/custom-connector-plugins/{id}",
        ErrorShape.FAILURE,
        call -> Reply.json(200, render(call, find(call))));
    router.add(
        "PATCH", "/connect/v1/custom-connector-plugins/{id}", ErrorShape.FAILURE, this::update);
    router.add(
        "DELETE", "/connect/v1/custom-connector-plugins/{id}", ErrorShape.FAILURE, this::delete);
    router.add("GET", "/connect/v1/custom-connector-runtimes", ErrorShape.FAILURE, this::runtimes);
  }

  private Reply presign(Call call) {
    JsonNode body = call.json();
    return Reply.json(
        200,
        uploads.presign(
            call.base, "connect/v1", text(body, "cloud"), text(body, "content_format"), null));
  }

  private Reply create(Call call) {
    JsonNode body = call.json();
    String displayName = Fields.required(body, "display_name", "/display_name", 60);
    String description = Fields.optional(body, "description", "/description", 256);
    String link =
        Fields.link(
            Fields.optional(body, "documentation_link", "/documentation_link", 512),
            "/documentation_link");
    String type =
        Fields.oneOf(
            Fields.required(body, "connector_type", "/connector_type", 10),
            "connector_type",
            "/connector_type",
            "SOURCE",
            "SINK");
    String cloud =
        Fields.oneOf(
            body.hasNonNull("cloud") ? body.get("cloud").asText() : "AWS",
            "cloud",
            "/cloud",
            "AWS",
            "GCP",
            "AZURE");
    String className =
        Fields.className(
            Fields.required(body, "connector_class", "/connector_class", 150), "/connector_class");
    List<String> sensitive = Fields.sensitive(body, "/sensitive_config_properties");
    JsonNode source = body.path("upload_source");
    if (!"PRESIGNED_URL_LOCATION".equals(source.path("location").asText())) {
      throw ApiException.invalid(
          "/upload_source/location", "upload_source.location must be PRESIGNED_URL_LOCATION");
    }
    Uploads.Upload upload =
        uploads.uploaded(source.path("upload_id").asText(null), "/upload_source/upload_id");
    if (!upload.cloud().equals(cloud)) {
      throw ApiException.invalid(
          "/cloud",
          "cloud " + cloud + " differs from the cloud of the upload (" + upload.cloud() + ")");
    }
    PluginCatalog.Legacy plugin;
    synchronized (catalog) {
      boolean taken =
          catalog.legacy.values().stream()
              .anyMatch(p -> p.displayName().equals(displayName) && p.cloud().equals(cloud));
      if (taken) {
        throw ApiException.conflict(
            "A custom connector plugin named '" + displayName + "' already exists");
      }
      plugin =
          new PluginCatalog.Legacy(
              Ids.next("ccp"),
              displayName,
              description == null ? "" : description,
              link == null ? "" : link,
              className,
              type,
              cloud,
              upload.format(),
              text(body, "runtime_language"),
              sensitive,
              upload.content(),
              catalog.now(),
              catalog.now());
      catalog.legacy.put(plugin.id(), plugin);
    }
    return Reply.json(201, render(call, plugin));
  }

  private Reply list(Call call) {
    List<Object> plugins = new ArrayList<>();
    synchronized (catalog) {
      for (PluginCatalog.Legacy plugin : catalog.legacy.values()) {
        if (call.query("cloud").map(cloud -> cloud.equalsIgnoreCase(plugin.cloud())).orElse(true)) {
          plugins.add(render(call, plugin));
        }
      }
    }
    return Reply.json(200, Page.of(call, "connect/v1", "CustomConnectorPluginList", plugins));
  }

  private Reply update(Call call) {
    JsonNode body = call.json();
    for (String immutable :
        List.of("connector_class", "connector_type", "cloud", "upload_source")) {
      if (body.has(immutable)) {
        throw ApiException.invalid(
            "/" + immutable, immutable + " cannot be changed: create a new plugin");
      }
    }
    synchronized (catalog) {
      PluginCatalog.Legacy plugin = find(call);
      PluginCatalog.Legacy updated =
          new PluginCatalog.Legacy(
              plugin.id(),
              body.has("display_name")
                  ? Fields.required(body, "display_name", "/display_name", 60)
                  : plugin.displayName(),
              body.has("description")
                  ? Fields.optional(body, "description", "/description", 256)
                  : plugin.description(),
              body.has("documentation_link")
                  ? Fields.link(
                      Fields.optional(body, "documentation_link", "/documentation_link", 512),
                      "/documentation_link")
                  : plugin.documentationLink(),
              plugin.connectorClass(),
              plugin.connectorType(),
              plugin.cloud(),
              plugin.contentFormat(),
              plugin.runtimeLanguage(),
              body.has("sensitive_config_properties")
                  ? Fields.sensitive(body, "/sensitive_config_properties")
                  : plugin.sensitive(),
              plugin.archive(),
              plugin.created(),
              catalog.now());
      catalog.legacy.put(updated.id(), updated);
      return Reply.json(200, render(call, updated));
    }
  }

  private Reply delete(Call call) {
    synchronized (catalog) {
      PluginCatalog.Legacy plugin = find(call);
      List<String> users = connectorsUsing.apply(plugin.id());
      if (!users.isEmpty()) {
        throw new ApiException(
            400,
            "bad_request",
            "Custom connector plugin "
                + plugin.id()
                + " is used by connectors "
                + users
                + ": delete them first",
            null,
            null);
      }
      catalog.legacy.remove(plugin.id());
    }
    return Reply.empty(204);
  }

  private Reply runtimes(Call call) {
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("api_version", "connect/v1");
    runtime.put("kind", "CustomConnectorRuntime");
    runtime.put("id", "ccrt-emulator");
    runtime.put("metadata", Map.of("self", call.base.resolve(call.path) + "/ccrt-emulator"));
    runtime.put("custom_connect_plugin_runtime_name", "4.3.1");
    runtime.put("runtime_ak_version", "4.3.1");
    runtime.put("supported_java_versions", List.of("17"));
    runtime.put("product_maturity", "GA");
    runtime.put("description", "Apache Kafka 4.3.1 Connect runtime of the emulator's worker");
    return Reply.json(
        200, Page.of(call, "connect/v1", "CustomConnectorRuntimeList", List.of(runtime)));
  }

  private PluginCatalog.Legacy find(Call call) {
    synchronized (catalog) {
      PluginCatalog.Legacy plugin = catalog.legacy.get(call.param("id"));
      if (plugin == null) {
        throw ApiException.notFound("failed to retrieve custom plugin: Not Found");
      }
      return plugin;
    }
  }

  private Map<String, Object> render(Call call, PluginCatalog.Legacy plugin) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(
        "self",
        call.base.resolve("/connect/v1/custom-connector-plugins/" + plugin.id()).toString());
    metadata.put(
        "resource_name",
        "crn://confluent.cloud/organization="
            + organization
            + "/custom-connector-plugin="
            + plugin.id());
    metadata.put("created_at", plugin.created().toString());
    metadata.put("updated_at", plugin.updated().toString());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("api_version", "connect/v1");
    json.put("kind", "CustomConnectorPlugin");
    json.put("id", plugin.id());
    json.put("metadata", metadata);
    json.put("display_name", plugin.displayName());
    json.put("description", plugin.description());
    json.put("documentation_link", plugin.documentationLink());
    json.put("connector_class", plugin.connectorClass());
    json.put("connector_type", plugin.connectorType());
    json.put("cloud", plugin.cloud());
    json.put("content_format", plugin.contentFormat());
    if (plugin.runtimeLanguage() != null) {
      // Recorded answers carry it only when the create set it, and never upload_source.
      json.put("runtime_language", plugin.runtimeLanguage());
    }
    json.put("sensitive_config_properties", plugin.sensitive());
    return json;
  }

  private static String text(JsonNode body, String field) {
    return body.hasNonNull(field) ? body.get(field).asText().toUpperCase(Locale.ROOT) : null;
  }
}
