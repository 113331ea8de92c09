package io.customconnectors.connect.dynamodb.config;

import java.time.Duration;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** How DynamoDB Streams are followed. */
public record StreamSettings(
    Duration pollInterval,
    int recordsPerRequest,
    Duration describeInterval,
    DataLossAction dataLossAction) {

  public static final String GROUP = "Streams";

  public static final String POLL_INTERVAL_MS = "streams.poll.interval.ms";
  public static final String RECORDS_PER_REQUEST = "streams.records.per.request";
  public static final String DESCRIBE_INTERVAL_MS = "streams.describe.interval.ms";
  public static final String DATA_LOSS_ACTION = "streams.data.loss.action";

  private static final Choice<DataLossAction> ACTIONS = Choice.of(DataLossAction.class);

  static void define(ConfigDef def) {
    int order = 0;
    def.define(
            POLL_INTERVAL_MS,
            Type.LONG,
            250L,
            ConfigDef.Range.atLeast(10),
            Importance.MEDIUM,
            "Pause after a round in which no shard returned records, in milliseconds. Lower means"
                + " lower latency and more GetRecords calls (DynamoDB allows about 5 per shard per"
                + " second).",
            GROUP,
            ++order,
            Width.SHORT,
            "Poll interval")
        .define(
            RECORDS_PER_REQUEST,
            Type.INT,
            1_000,
            ConfigDef.Range.between(1, 1_000),
            Importance.LOW,
            "Limit of one GetRecords call.",
            GROUP,
            ++order,
            Width.SHORT,
            "Records per request")
        .define(
            DESCRIBE_INTERVAL_MS,
            Type.LONG,
            10_000L,
            ConfigDef.Range.atLeast(100),
            Importance.LOW,
            "How often shards are listed again (DescribeStream) to find new ones, in milliseconds.",
            GROUP,
            ++order,
            Width.SHORT,
            "Shard refresh")
        .define(
            DATA_LOSS_ACTION,
            Type.STRING,
            Choice.nameOf(DataLossAction.RESNAPSHOT),
            ACTIONS,
            Importance.MEDIUM,
            "When stream records expired (24 h retention) before they were read: resnapshot"
                + " (default) logs the loss and reads the table again; fail stops the task with the"
                + " table and the lost interval. Nothing is ever skipped silently.",
            GROUP,
            ++order,
            Width.SHORT,
            "On data loss",
            ACTIONS);
  }

  static StreamSettings from(AbstractConfig config) {
    return new StreamSettings(
        Duration.ofMillis(config.getLong(POLL_INTERVAL_MS)),
        config.getInt(RECORDS_PER_REQUEST),
        Duration.ofMillis(config.getLong(DESCRIBE_INTERVAL_MS)),
        ACTIONS.parse(config.getString(DATA_LOSS_ACTION)));
  }
}
