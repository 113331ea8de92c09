package io.customconnectors.testkit.ccloud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /org/v2/environments/{id}}: an environment as Confluent's org/v2 API shows it to a
 * Cloud API key of the organization, whose {@code metadata.resource_name} is the CRN that names the
 * organization (what the connector log search API's {@code crn} starts with).
 */
final class OrgApi {

  private final String organization;
  private final Set<String> environments;

  OrgApi(String organization, Set<String> environments) {
    this.organization = organization;
    this.environments = environments;
  }

  void register(Router router) {
    router.add("GET", "/org/v2/environments/{id}", ErrorShape.FAILURE, this::environment);
  }

  private Reply environment(Call call) {
    String id = call.param("id");
    if (!environments.contains(id)) {
      throw ApiException.notFound("Environment " + id + " not found");
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("self", call.base.resolve("/org/v2/environments/" + id).toString());
    metadata.put(
        "resource_name",
        "crn://confluent.cloud/organization=" + organization + "/environment=" + id);
    metadata.put("created_at", "2026-01-01T00:00:00Z");
    metadata.put("updated_at", "2026-01-01T00:00:00Z");
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("api_version", "org/v2");
    environment.put("kind", "Environment");
    environment.put("id", id);
    environment.put("metadata", metadata);
    environment.put("display_name", id);
    return Reply.json(200, environment);
  }
}
