package io.customconnectors.connect.dynamodb.config;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The connector's configuration, one settings object per concern. */
public final class DynamoDbSourceConfig extends AbstractConfig {

  private static final ConfigDef CONFIG_DEF = newConfigDef();

  private final AwsSettings aws;
  private final DiscoverySettings discovery;
  private final SnapshotSettings snapshot;
  private final StreamSettings streams;
  private final RecordSettings records;

  public DynamoDbSourceConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    this.aws = AwsSettings.from(this);
    this.discovery = DiscoverySettings.from(this);
    this.snapshot = SnapshotSettings.from(this);
    this.streams = StreamSettings.from(this);
    this.records = RecordSettings.from(this);
  }

  public static ConfigDef configDef() {
    return CONFIG_DEF;
  }

  private static ConfigDef newConfigDef() {
    ConfigDef def = new ConfigDef();
    AwsSettings.define(def);
    DiscoverySettings.define(def);
    SnapshotSettings.define(def);
    StreamSettings.define(def);
    RecordSettings.define(def);
    return def;
  }

  public AwsSettings aws() {
    return aws;
  }

  public DiscoverySettings discovery() {
    return discovery;
  }

  public SnapshotSettings snapshot() {
    return snapshot;
  }

  public StreamSettings streams() {
    return streams;
  }

  public RecordSettings records() {
    return records;
  }
}
