package io.customconnectors.testkit.ccloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ccpm/v1}: environment-scoped plugins whose versions are checked asynchronously
 * (PROCESSING, then READY or FAILED with {@code error_message}); reference: ccloud-api.md 2.4.
 */
final class CcpmApi {

  private static final String SEMVER = "^v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?$";

  private final PluginCatalog catalog;
  private final Uploads uploads;
  private final String organization;
  private final Set<String> environments;
  private final Function<String, List<String>> connectorsUsing;
  private final CcpmBodies bodies;

  CcpmApi(
      PluginCatalog catalog,
      Uploads uploads,
      String organization,
      Set<String> environments,
      Function<String, List<String>> connectorsUsing) {
    this.catalog = catalog;
    this.uploads = uploads;
    this.organization = organization;
    this.environments = environments;
    this.connectorsUsing = connectorsUsing;
    this.bodies = new CcpmBodies(organization);
  }

  void register(Router router) {
    router.add("POST", "/ccpm/v1/presigned-upload-url", ErrorShape.FAILURE, this::presign);
    router.add("POST", "/ccpm/v1/plugins", ErrorShape.FAILURE, this::createPlugin);
    router.add("GET", "/ccpm/v1/plugins", ErrorShape.FAILURE, this::listPlugins);
    router.add(
        "GET",
        "/ccpm/v1/plugins/{id}",
        ErrorShape.FAILURE,
        call -> Reply.json(200, bodies.render(call, plugin(call, call.param("id")))));
    router.add("PATCH", "/ccpm/v1/plugins/{id}", ErrorShape.FAILURE, this::updatePlugin);
    router.add("DELETE", "/ccpm/v1/plugins/{id}", ErrorShape.FAILURE, this::deletePlugin);
    router.add(
        "POST", "/ccpm/v1/plugins/{plugin_id}/versions", ErrorShape.FAILURE, this::createVersion);
    router.add(
        "GET", "/ccpm/v1/plugins/{plugin_id}/versions", ErrorShape.FAILURE, this::listVersions);
    router.add(
        "GET",
        "/ccpm/v1/plugins/{plugin_id}/versions/{id}",
        ErrorShape.FAILURE,
        call -> Reply.json(200, bodies.render(call, version(call))));
    router.add(
        "DELETE",
        "/ccpm/v1/plugins/{plugin_id}/versions/{id}",
        ErrorShape.FAILURE,
        this::deleteVersion);
  }

  private Reply presign(Call call) {
    JsonNode body = call.json();
    String environment =
        environmentOf(body.path("environment").path("id").asText(null), "/environment/id");
    Map<String, Object> presigned =
        uploads.presign(
            call.base, "ccpm/v1", upper(body, "cloud"), upper(body, "content_format"), environment);
    presigned.put("environment", bodies.environment(call, environment));
    return Reply.json(201, presigned);
  }

  private Reply createPlugin(Call call) {
    JsonNode spec = call.json().path("spec");
    String environment =
        environmentOf(spec.path("environment").path("id").asText(null), "/spec/environment/id");
    String displayName = Fields.required(spec, "display_name", "/spec/display_name", 60);
    String description = Fields.optional(spec, "description", "/spec/description", 256);
    // Required by the documents; the service picks no default cloud.
    String cloud =
        Fields.oneOf(
            Fields.required(spec, "cloud", "/spec/cloud", 5),
            "cloud",
            "/spec/cloud",
            "AWS",
            "GCP",
            "AZURE");
    PluginCatalog.CcpmPlugin plugin;
    synchronized (catalog) {
      if (catalog.ccpm.values().stream()
          .anyMatch(
              p -> p.environment().equals(environment) && p.displayName().equals(displayName))) {
        throw ApiException.conflict(
            "A plugin named '" + displayName + "' already exists in " + environment);
      }
      plugin =
          new PluginCatalog.CcpmPlugin(
              Ids.next("ccp"),
              environment,
              displayName,
              description == null ? "" : description,
              cloud,
              catalog.now(),
              catalog.now());
      catalog.ccpm.put(plugin.id(), plugin);
    }
    return Reply.json(202, bodies.render(call, plugin));
  }

  private Reply listPlugins(Call call) {
    String environment = requiredEnvironment(call);
    List<Object> plugins = new ArrayList<>();
    synchronized (catalog) {
      for (PluginCatalog.CcpmPlugin plugin : catalog.ccpm.values()) {
        boolean cloud =
            call.query("spec.cloud").map(c -> c.equalsIgnoreCase(plugin.cloud())).orElse(true);
        if (plugin.environment().equals(environment) && cloud) {
          plugins.add(bodies.render(call, plugin));
        }
      }
    }
    return Reply.json(200, Page.of(call, "ccpm/v1", "CustomConnectPluginList", plugins));
  }

  private Reply updatePlugin(Call call) {
    JsonNode spec = call.json().path("spec");
    if (spec.has("cloud")) {
      throw ApiException.invalid("/spec/cloud", "cloud cannot be changed");
    }
    synchronized (catalog) {
      PluginCatalog.CcpmPlugin plugin =
          plugin(call, call.param("id"), spec.path("environment").path("id").asText(null));
      PluginCatalog.CcpmPlugin updated =
          new PluginCatalog.CcpmPlugin(
              plugin.id(),
              plugin.environment(),
              spec.has("display_name")
                  ? Fields.required(spec, "display_name", "/spec/display_name", 60)
                  : plugin.displayName(),
              spec.has("description")
                  ? Fields.optional(spec, "description", "/spec/description", 256)
                  : plugin.description(),
              plugin.cloud(),
              plugin.created(),
              catalog.now());
      catalog.ccpm.put(updated.id(), updated);
      return Reply.json(200, bodies.render(call, updated));
    }
  }

  private Reply deletePlugin(Call call) {
    synchronized (catalog) {
      PluginCatalog.CcpmPlugin plugin = plugin(call, call.param("id"));
      long versions =
          catalog.versions.values().stream().filter(v -> v.pluginId().equals(plugin.id())).count();
      if (versions > 0) {
        throw new ApiException(
            400,
            "bad_request",
            "Plugin " + plugin.id() + " still has " + versions + " version(s): delete them first",
            null,
            null);
      }
      catalog.ccpm.remove(plugin.id());
    }
    return Reply.empty(204);
  }

  private Reply createVersion(Call call) {
    JsonNode spec = call.json().path("spec");
    PluginCatalog.Version version;
    synchronized (catalog) {
      PluginCatalog.CcpmPlugin plugin =
          forbiddenIfMissing(
              () ->
                  plugin(
                      call,
                      call.param("plugin_id"),
                      spec.path("environment").path("id").asText(null)));
      String number = Fields.required(spec, "version", "/spec/version", 64);
      if (!number.matches(SEMVER)) {
        throw ApiException.invalid(
            "/spec/version", "version must be a semantic version such as 1.2.3 or v1.2.3");
      }
      boolean duplicate =
          catalog.versions.values().stream()
              .anyMatch(
                  v ->
                      v.pluginId().equals(plugin.id())
                          && PluginCatalog.normalise(v.version())
                              .equals(PluginCatalog.normalise(number)));
      if (duplicate) {
        throw ApiException.conflict(
            "Version " + number + " of plugin " + plugin.id() + " already exists");
      }
      List<PluginCatalog.ConnectorClass> classes = new ArrayList<>();
      for (JsonNode type : spec.path("connector_classes")) {
        classes.add(
            new PluginCatalog.ConnectorClass(
                Fields.className(
                    Fields.required(type, "class_name", "/spec/connector_classes/class_name", 150),
                    "/spec/connector_classes"),
                Fields.oneOf(
                    type.path("type").asText(),
                    "type",
                    "/spec/connector_classes/type",
                    "SOURCE",
                    "SINK")));
      }
      if (classes.isEmpty() || classes.size() > 10) {
        throw ApiException.invalid(
            "/spec/connector_classes", "connector_classes must list 1 to 10 classes");
      }
      JsonNode source = spec.path("upload_source");
      Uploads.Upload upload =
          uploads.uploaded(source.path("upload_id").asText(null), "/spec/upload_source/upload_id");
      version =
          new PluginCatalog.Version(
              Ids.next("ver"),
              plugin.id(),
              plugin.environment(),
              number,
              classes,
              Fields.sensitive(spec, "/spec/sensitive_config_properties"),
              Fields.link(
                  Fields.optional(spec, "documentation_link", "/spec/documentation_link", 512),
                  "/spec/documentation_link"),
              upload.format(),
              upload.content(),
              catalog.now(),
              catalog.now().plus(catalog.versionCheckDelay),
              "PROCESSING",
              null);
      catalog.versions.put(version.id(), version);
    }
    return Reply.json(202, bodies.render(call, version));
  }

  private Reply listVersions(Call call) {
    List<Object> versions = new ArrayList<>();
    synchronized (catalog) {
      PluginCatalog.CcpmPlugin plugin =
          forbiddenIfMissing(() -> plugin(call, call.param("plugin_id")));
      catalog.checkDueVersions();
      for (PluginCatalog.Version version : catalog.versions.values()) {
        if (version.pluginId().equals(plugin.id())) {
          versions.add(bodies.render(call, version));
        }
      }
    }
    return Reply.json(200, Page.of(call, "ccpm/v1", "CustomConnectPluginVersionList", versions));
  }

  private Reply deleteVersion(Call call) {
    synchronized (catalog) {
      PluginCatalog.Version version = version(call);
      List<String> users = connectorsUsing.apply(version.id());
      if (!users.isEmpty()) {
        throw new ApiException(
            400,
            "bad_request",
            "Version " + version.version() + " is used by connectors " + users,
            null,
            null);
      }
      catalog.versions.remove(version.id());
    }
    return Reply.empty(204);
  }

  private PluginCatalog.Version version(Call call) {
    synchronized (catalog) {
      PluginCatalog.CcpmPlugin plugin = plugin(call, call.param("plugin_id"));
      catalog.checkDueVersions();
      PluginCatalog.Version version = catalog.versions.get(call.param("id"));
      if (version == null || !version.pluginId().equals(plugin.id())) {
        throw ApiException.notFound(
            "Version " + call.param("id") + " of plugin " + plugin.id() + " was not found");
      }
      return version;
    }
  }

  /**
   * Version create and list do not declare 404: like Confluent's "not found or unauthorized", a
   * missing plugin is a 403 there.
   */
  private static PluginCatalog.CcpmPlugin forbiddenIfMissing(
      Supplier<PluginCatalog.CcpmPlugin> lookup) {
    try {
      return lookup.get();
    } catch (ApiException e) {
      if (e.status != 404) {
        throw e;
      }
      throw new ApiException(403, "user_unauthorized", e.getMessage(), null, null);
    }
  }

  private PluginCatalog.CcpmPlugin plugin(Call call, String id) {
    return plugin(call, id, requiredEnvironment(call));
  }

  private PluginCatalog.CcpmPlugin plugin(Call call, String id, String environmentFromBody) {
    String environment =
        environmentFromBody != null ? environmentFromBody : requiredEnvironment(call);
    synchronized (catalog) {
      PluginCatalog.CcpmPlugin plugin = catalog.ccpm.get(id);
      if (plugin == null || !plugin.environment().equals(environment)) {
        throw ApiException.notFound(
            "Plugin " + id + " was not found in environment " + environment);
      }
      return plugin;
    }
  }

  private String requiredEnvironment(Call call) {
    return environmentOf(
        call.query("environment")
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "invalid_filter",
                        "environment is a required query parameter",
                        null,
                        null)),
        null);
  }

  private String environmentOf(String id, String pointer) {
    if (id == null || id.isBlank()) {
      throw ApiException.invalid(pointer, "environment.id is required");
    }
    if (!environments.contains(id)) {
      throw new ApiException(
          403,
          "user_unauthorized",
          "Environment " + id + " was not found or this API key has no access to it",
          pointer,
          null);
    }
    return id;
  }

  private static String upper(JsonNode body, String field) {
    return body.hasNonNull(field) ? body.get(field).asText().toUpperCase(Locale.ROOT) : null;
  }
}
