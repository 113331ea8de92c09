package io.customconnectors.connect.dynamodb.config;

import java.time.Duration;
import java.util.OptionalInt;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How tables are read in full: mode, parallel scan segments, page size and hand-over to streams.
 */
public record SnapshotSettings(
    SnapshotMode mode,
    Duration initialDelay,
    int segments,
    OptionalInt pageSize,
    boolean consistentRead,
    Duration streamOverlap,
    int readCapacityPercent,
    int onDemandReadUnits) {

  public static final String GROUP = "Snapshot";

  public static final String MODE = "snapshot.mode";
  public static final String INIT_SYNC_DELAY = "init.sync.delay.period";
  public static final String SEGMENTS = "snapshot.scan.segments";
  public static final String PAGE_SIZE = "snapshot.scan.page.size";
  public static final String CONSISTENT_READ = "snapshot.scan.consistent.read";
  public static final String STREAM_OVERLAP_MS = "snapshot.stream.overlap.ms";
  public static final String READ_CAPACITY_PERCENT = "snapshot.read.capacity.percent";
  public static final String ON_DEMAND_READ_UNITS = "snapshot.read.capacity.on.demand";

  private static final Choice<SnapshotMode> MODES = Choice.of(SnapshotMode.class);

  static void define(ConfigDef def) {
    int order = 0;
    def.define(
            MODE,
            Type.STRING,
            Choice.nameOf(SnapshotMode.SNAPSHOT_THEN_STREAM),
            MODES,
            Importance.HIGH,
            "snapshot_then_stream (default): scan each table, then follow its stream from before"
                + " the scan started. stream_only: no scan, stream from its oldest record."
                + " snapshot_only: scan once, never stream.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Snapshot mode",
            MODES)
        .define(
            INIT_SYNC_DELAY,
            Type.INT,
            0,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Seconds to wait before a table's snapshot starts (trustpilot waited 60 by default to"
                + " ride out rebalances; snapshots here resume from offsets, so 0 is safe).",
            GROUP,
            ++order,
            Width.SHORT,
            "Snapshot delay")
        .define(
            SEGMENTS,
            Type.INT,
            4,
            ConfigDef.Range.between(1, 1_000),
            Importance.MEDIUM,
            "Parallel Scan segments per table; each resumes from its own position after a restart.",
            GROUP,
            ++order,
            Width.SHORT,
            "Scan segments")
        .define(
            PAGE_SIZE,
            Type.INT,
            0,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Items per Scan call (Limit); 0 lets DynamoDB fill 1 MB pages.",
            GROUP,
            ++order,
            Width.SHORT,
            "Scan page size")
        .define(
            CONSISTENT_READ,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Strongly consistent scans (twice the read capacity).",
            GROUP,
            ++order,
            Width.SHORT,
            "Consistent scans")
        .define(
            STREAM_OVERLAP_MS,
            Type.LONG,
            300_000L,
            ConfigDef.Range.atLeast(0),
            Importance.LOW,
            "Stream records created up to this long before a snapshot started are replayed after"
                + " it, so clock skew cannot open a gap (at-least-once). Milliseconds.",
            GROUP,
            ++order,
            Width.SHORT,
            "Stream overlap")
        .define(
            READ_CAPACITY_PERCENT,
            Type.INT,
            50,
            ConfigDef.Range.between(1, 100),
            Importance.MEDIUM,
            "Share of a provisioned table's read capacity units (as DescribeTable reports them when"
                + " the task starts) that its snapshot may use, in percent, all scan segments"
                + " together; the rest stays for the table's own readers. Measured from the"
                + " consumed capacity each Scan reports. trustpilot's connector used 50.",
            GROUP,
            ++order,
            Width.SHORT,
            "Snapshot read share")
        .define(
            ON_DEMAND_READ_UNITS,
            Type.INT,
            1_000,
            ConfigDef.Range.atLeast(0),
            Importance.MEDIUM,
            "Read capacity units per second the snapshot of an on-demand table may use, all scan"
                + " segments together (on-demand tables have no provisioned capacity to take a share"
                + " of, and every unit read is billed). 1000 units/s is about 8 MB/s of items with"
                + " eventually consistent reads. 0: no limit, as trustpilot's connector did.",
            GROUP,
            ++order,
            Width.SHORT,
            "Snapshot on-demand read units");
  }

  static SnapshotSettings from(AbstractConfig config) {
    int pageSize = config.getInt(PAGE_SIZE);
    return new SnapshotSettings(
        MODES.parse(config.getString(MODE)),
        Duration.ofSeconds(config.getInt(INIT_SYNC_DELAY)),
        config.getInt(SEGMENTS),
        pageSize == 0 ? OptionalInt.empty() : OptionalInt.of(pageSize),
        config.getBoolean(CONSISTENT_READ),
        Duration.ofMillis(config.getLong(STREAM_OVERLAP_MS)),
        config.getInt(READ_CAPACITY_PERCENT),
        config.getInt(ON_DEMAND_READ_UNITS));
  }
}
