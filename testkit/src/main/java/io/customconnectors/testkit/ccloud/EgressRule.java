package io.customconnectors.testkit.ccloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a plugin's traffic to one AWS service is routed through the egress firewall: the config key
 * the plugin takes an endpoint override from, and the real endpoint the plugin would call, with
 * {@code {key}} placeholders filled from the connector's config. Applies only when the user did not
 * set the key and the config has every placeholder (and {@code requires}, if given).
 */
public record EgressRule(String configKey, String hostTemplate, int port, String requires) {

  /** The rules for this project's DynamoDB source connector. */
  public static List<EgressRule> dynamoDbSourceConnector() {
    return List.of(
        new EgressRule(
            "dynamodb.service.endpoint", "dynamodb.{aws.region}.amazonaws.com", 443, null),
        new EgressRule(
            "dynamodb.streams.service.endpoint",
            "streams.dynamodb.{aws.region}.amazonaws.com",
            443,
            null),
        new EgressRule(
            "resource.tagging.service.endpoint", "tagging.{aws.region}.amazonaws.com", 443, null),
        new EgressRule(
            "aws.sts.endpoint", "sts.{aws.region}.amazonaws.com", 443, "aws.assume.role.arn"));
  }

  /** The endpoint this rule routes for a config, if it applies. */
  Optional<ConnectorRules.Endpoint> endpoint(Map<String, String> config) {
    if (config.containsKey(configKey) || (requires != null && !config.containsKey(requires))) {
      return Optional.empty();
    }
    String host = hostTemplate;
    Matcher placeholder = Pattern.compile("\\{([^}]+)}").matcher(hostTemplate);
    while (placeholder.find()) {
      String value = config.get(placeholder.group(1));
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      host = host.replace(placeholder.group(), value.trim());
    }
    return Optional.of(new ConnectorRules.Endpoint(host, port));
  }
}
