package io.customconnectors.connect.dynamodb.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference shipped in the archive ({@code doc/configuration.md}) is generated
 * from the ConfigDef, so it cannot drift. Run with {@code -Dupdate.docs=true} to rewrite it.
 */
class ConfigurationDocTest {

  private static final Path DOC = Path.of("src/main/package/doc/configuration.md");

  @Test
  void configurationReferenceMatchesTheConfigDef() throws IOException {
    String generated = generate();
    if (Boolean.getBoolean("update.docs")) {
      Files.writeString(DOC, generated);
    }
    assertThat(Files.readString(DOC))
        .as(
            "%s is generated from the ConfigDef; regenerate it with ./mvnw -pl connector test"
                + " -Dtest=ConfigurationDocTest -Dupdate.docs=true",
            DOC)
        .isEqualTo(generated);
  }

  static String generate() {
    StringBuilder doc = new StringBuilder();
    doc.append("# DynamoDB source connector: configuration\n\n");
    doc.append(
        "Generated from the connector's ConfigDef. Keys marked *trustpilot* keep the meaning\n");
    doc.append("they had in trustpilot/kafka-connect-dynamodb.\n");
    String group = null;
    List<String> trustpilot =
        List.of(
            "aws.region",
            "aws.access.key.id",
            "aws.secret.key",
            "dynamodb.table.env.tag.key",
            "dynamodb.table.env.tag.value",
            "dynamodb.table.ingestion.tag.key",
            "dynamodb.table.whitelist",
            "dynamodb.service.endpoint",
            "resource.tagging.service.endpoint",
            "kafka.topic.prefix",
            "init.sync.delay.period",
            "connect.dynamodb.rediscovery.period");
    ConfigDef def = DynamoDbSourceConfig.configDef();
    List<ConfigDef.ConfigKey> keys =
        def.configKeys().values().stream()
            .sorted(
                java.util.Comparator.comparingInt(
                        (ConfigDef.ConfigKey key) -> def.groups().indexOf(key.group))
                    .thenComparingInt(key -> key.orderInGroup))
            .toList();
    for (ConfigDef.ConfigKey key : keys) {
      if (!key.group.equals(group)) {
        group = key.group;
        doc.append("\n## ").append(group).append("\n\n");
        doc.append("| key | type | default | valid values | description |\n");
        doc.append("| --- | --- | --- | --- | --- |\n");
      }
      doc.append("| `")
          .append(key.name)
          .append('`')
          .append(trustpilot.contains(key.name) ? " *trustpilot*" : "")
          .append(" | ")
          .append(key.type.name().toLowerCase())
          .append(" | ")
          .append(defaultText(key))
          .append(" | ")
          .append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
          .append(" | ")
          .append(key.documentation.replace("|", "\\|"))
          .append(" |\n");
    }
    return doc.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    Object value = key.defaultValue;
    if (value == null || (value instanceof Password password && password.value().isEmpty())) {
      return "";
    }
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(Object::toString).toList())
            : value.toString();
    return text.isEmpty() ? "" : "`" + text + "`";
  }
}
