package io.customconnectors.connect.dynamodb.config;

import java.time.Duration;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Topic naming, record shape and how records are handed to Connect. */
public record RecordSettings(
    String topicPrefix,
    String topicNameFormat,
    DocumentFormat documentFormat,
    boolean tombstones,
    int batchSize,
    Duration pollTimeout,
    int queueCapacity,
    long queueMaxBytes) {

  public static final String GROUP = "Records";

  public static final String TOPIC_PREFIX = "kafka.topic.prefix";
  public static final String TOPIC_NAME_FORMAT = "topic.name.format";
  public static final String DOCUMENT_FORMAT = "document.format";
  public static final String TOMBSTONES = "tombstones.on.delete";
  public static final String BATCH_SIZE = "poll.max.records";
  public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
  public static final String QUEUE_CAPACITY = "poll.queue.capacity";
  public static final String QUEUE_MAX_BYTES = "poll.queue.max.bytes";

  private static final Choice<DocumentFormat> FORMATS = Choice.of(DocumentFormat.class);

  static void define(ConfigDef def) {
    int order = 0;
    def.define(
            TOPIC_PREFIX,
            Type.STRING,
            "dynamodb-",
            Importance.HIGH,
            "Prefix of each table's topic. The topic is prefix + table name with no separator added"
                + " (supermarket-customer + Supermarket_dynamodb = supermarket-customerSupermarket_dynamodb).",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Topic prefix")
        .define(
            TOPIC_NAME_FORMAT,
            Type.STRING,
            "{prefix}{table}",
            new TopicFormat(),
            Importance.LOW,
            "Topic name built from {prefix} and {table}, e.g. {prefix}.{table} to add a dot.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Topic name format")
        .define(
            DOCUMENT_FORMAT,
            Type.STRING,
            Choice.nameOf(DocumentFormat.JSON),
            FORMATS,
            Importance.LOW,
            "How document and old_document hold the item. json (default): plain JSON with exact"
                + " numbers ({\"Sales\":561}); not trustpilot's format. dynamodb_json: DynamoDB's"
                + " typed JSON ({\"Sales\":{\"N\":\"561\"}}), keeps sets and binary apart from"
                + " lists and strings. trustpilot: what trustpilot's connector wrote, for its"
                + " consumers: typed JSON with lower-case tags ({\"Sales\":{\"n\":\"561\"}}),"
                + " top-level attribute names and key field names sanitised by its rules"
                + " (\"Ship Mode\" becomes ShipMode).",
            GROUP,
            ++order,
            Width.SHORT,
            "Document format",
            FORMATS)
        .define(
            TOMBSTONES,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "After a delete event, also send a tombstone (same key, null value) for log compaction.",
            GROUP,
            ++order,
            Width.SHORT,
            "Tombstones")
        .define(
            BATCH_SIZE,
            Type.INT,
            2_000,
            ConfigDef.Range.between(1, 100_000),
            Importance.LOW,
            "Most records one poll() hands to Connect.",
            GROUP,
            ++order,
            Width.SHORT,
            "Batch size")
        .define(
            POLL_TIMEOUT_MS,
            Type.LONG,
            500L,
            ConfigDef.Range.between(1, 10_000),
            Importance.LOW,
            "Longest time poll() waits for records before returning none, in milliseconds.",
            GROUP,
            ++order,
            Width.SHORT,
            "Poll timeout")
        .define(
            QUEUE_CAPACITY,
            Type.INT,
            20_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Records read from DynamoDB and not yet handed to Connect; readers wait when it is full.",
            GROUP,
            ++order,
            Width.SHORT,
            "Queue capacity")
        .define(
            QUEUE_MAX_BYTES,
            Type.LONG,
            64L * 1024 * 1024,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Bytes of the records read from DynamoDB and not yet handed to Connect, estimated from"
                + " each record's item JSON and key; readers wait when the next record would"
                + " exceed it, so large items cannot fill the task's heap before "
                + QUEUE_CAPACITY
                + " is reached. A single record larger than this still passes, alone.",
            GROUP,
            ++order,
            Width.SHORT,
            "Queue bytes");
  }

  static RecordSettings from(AbstractConfig config) {
    return new RecordSettings(
        config.getString(TOPIC_PREFIX),
        config.getString(TOPIC_NAME_FORMAT),
        FORMATS.parse(config.getString(DOCUMENT_FORMAT)),
        config.getBoolean(TOMBSTONES),
        config.getInt(BATCH_SIZE),
        Duration.ofMillis(config.getLong(POLL_TIMEOUT_MS)),
        config.getInt(QUEUE_CAPACITY),
        config.getLong(QUEUE_MAX_BYTES));
  }

  /** The topic of a table's records. */
  public String topicFor(String table) {
    return topicNameFormat.replace("{prefix}", topicPrefix).replace("{table}", table);
  }

  static final class TopicFormat implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String format = value == null ? "" : value.toString();
      if (!format.contains("{table}")) {
        throw new ConfigException(
            name, value, "must contain {table}, or every table would write to the same topic");
      }
      String sample = format.replace("{prefix}", "p").replace("{table}", "t");
      if (!sample.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new ConfigException(
            name,
            value,
            "may only add letters, digits, '.', '_' and '-' around {prefix} and {table}");
      }
    }

    @Override
    public String toString() {
      return "a topic name with {table} and optionally {prefix}";
    }
  }
}
