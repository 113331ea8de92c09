package io.customconnectors.connect.dynamodb.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which tables the connector reads: an explicit list, or (trustpilot's behaviour) every table that
 * carries the ingestion tag and whose environment tag has the configured value.
 */
public record DiscoverySettings(
    List<String> tables,
    String envTagKey,
    String envTagValue,
    String ingestionTagKey,
    Duration rediscoveryPeriod) {

  public static final String GROUP = "Tables";

  public static final String ENV_TAG_KEY = "dynamodb.table.env.tag.key";
  public static final String ENV_TAG_VALUE = "dynamodb.table.env.tag.value";
  public static final String INGESTION_TAG_KEY = "dynamodb.table.ingestion.tag.key";
  public static final String WHITELIST = "dynamodb.table.whitelist";
  public static final String INCLUDE = "dynamodb.tables.include";
  public static final String REDISCOVERY_PERIOD_MS = "connect.dynamodb.rediscovery.period";

  static void define(ConfigDef def) {
    int order = 0;
    def.define(
            INCLUDE,
            Type.LIST,
            "",
            new TableNames(),
            Importance.HIGH,
            "Tables to read, comma-separated. When this or dynamodb.table.whitelist is set, tags are"
                + " not used.",
            GROUP,
            ++order,
            Width.LONG,
            "Tables")
        .define(
            WHITELIST,
            Type.LIST,
            "",
            new TableNames(),
            Importance.MEDIUM,
            "Tables to read (trustpilot's name for dynamodb.tables.include; both lists are merged).",
            GROUP,
            ++order,
            Width.LONG,
            "Table whitelist")
        .define(
            INGESTION_TAG_KEY,
            Type.STRING,
            "datalake-ingest",
            Importance.MEDIUM,
            "Without a table list: read tables carrying this tag key (any value).",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Ingestion tag key")
        .define(
            ENV_TAG_KEY,
            Type.STRING,
            "environment",
            Importance.MEDIUM,
            "Without a table list: the tag key naming a table's environment.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Environment tag key")
        .define(
            ENV_TAG_VALUE,
            Type.STRING,
            "dev",
            Importance.MEDIUM,
            "Without a table list: read only tables whose environment tag has this value.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Environment tag value")
        .define(
            REDISCOVERY_PERIOD_MS,
            Type.LONG,
            60_000L,
            ConfigDef.Range.atLeast(1_000),
            Importance.LOW,
            "How often tables are discovered again, in milliseconds; new and removed tables"
                + " reconfigure the tasks.",
            GROUP,
            ++order,
            Width.SHORT,
            "Rediscovery period");
  }

  static DiscoverySettings from(AbstractConfig config) {
    TreeSet<String> tables = new TreeSet<>();
    tables.addAll(trimmed(config.getList(INCLUDE)));
    tables.addAll(trimmed(config.getList(WHITELIST)));
    return new DiscoverySettings(
        List.copyOf(tables),
        config.getString(ENV_TAG_KEY),
        config.getString(ENV_TAG_VALUE),
        config.getString(INGESTION_TAG_KEY),
        Duration.ofMillis(config.getLong(REDISCOVERY_PERIOD_MS)));
  }

  /** Whether tables come from a list (else from tags). */
  public boolean listed() {
    return !tables.isEmpty();
  }

  /** The config key a user edits to change which tables are read. */
  public String tablesKey() {
    return listed() ? INCLUDE : INGESTION_TAG_KEY;
  }

  private static List<String> trimmed(List<String> values) {
    List<String> result = new ArrayList<>();
    for (String value : values) {
      if (!value.isBlank()) {
        result.add(value.trim());
      }
    }
    return result;
  }

  /** DynamoDB table names: 3-255 characters of letters, digits, '_', '-' and '.'. */
  static final class TableNames implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!(value instanceof List<?> list)) {
        return;
      }
      for (Object item : list) {
        String table = item.toString().trim();
        if (!table.isEmpty() && !table.matches("[A-Za-z0-9_.-]{3,255}")) {
          throw new ConfigException(
              name,
              value,
              "'"
                  + table
                  + "' is not a DynamoDB table name (3-255 letters, digits, '_', '-' or '.')");
        }
      }
    }

    @Override
    public String toString() {
      return "comma-separated DynamoDB table names";
    }
  }
}
