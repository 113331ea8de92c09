package io.customconnectors.connect.dynamodb;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.customconnectors.connect.dynamodb.aws.AwsApis;
import io.customconnectors.connect.dynamodb.aws.AwsErrors;
import io.customconnectors.connect.dynamodb.config.DiscoverySettings;
import io.customconnectors.connect.dynamodb.config.DynamoDbSourceConfig;
import io.customconnectors.connect.dynamodb.discovery.TableDiscovery;
import io.customconnectors.connect.dynamodb.discovery.TaskAssignment;
import io.customconnectors.connect.dynamodb.task.DynamoDbSourceTask;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * DynamoDB source connector: discovers tables (by list or by tag), spreads them over tasks and
 * rediscovers them periodically; the tasks do the reading.
 */
public class DynamoDbSourceConnector extends SourceConnector {

  private static final Logger log = LoggerFactory.getLogger(DynamoDbSourceConnector.class);

  private Map<String, String> props;
  private DynamoDbSourceConfig config;
  private AwsApis aws;
  private TableDiscovery discovery;
  private volatile List<String> tables = List.of();
  private ScheduledExecutorService rediscovery;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public ConfigDef config() {
    return DynamoDbSourceConfig.configDef();
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    return new ConfigCheck(connectorConfigs, result).withAwsChecks();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    config = new DynamoDbSourceConfig(props);
    aws = AwsApis.connect(config.aws());
    discovery = new TableDiscovery(config.discovery(), config.snapshot().mode(), aws, aws);
    tables = discoverOrFail();
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    rediscovery =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread =
                  new Thread(
                      () -> {
                        if (logContext != null) {
                          MDC.setContextMap(logContext);
                        }
                        runnable.run();
                      },
                      "dynamodb-table-discovery");
              thread.setDaemon(true);
              return thread;
            });
    long period = config.discovery().rediscoveryPeriod().toMillis();
    rediscovery.scheduleWithFixedDelay(this::rediscover, period, period, TimeUnit.MILLISECONDS);
  }

  private List<String> discoverOrFail() {
    TableDiscovery.Result found;
    try {
      found = discovery.discover();
    } catch (SdkException e) {
      throw new ConnectException(
          AwsErrors.explain(
              e,
              "discovering tables",
              config.aws(),
              AwsErrors.host(config.aws().taggingEndpoint(), "tagging", config.aws().region())),
          e);
    }
    if (config.discovery().listed() && !found.problems().isEmpty()) {
      throw new ConnectException(String.join("; ", found.problems()));
    }
    found.problems().forEach(problem -> log.warn("{}; the table is not read", problem));
    if (found.tables().isEmpty()) {
      log.warn(
          "No table to read yet: none in {} carries tag {} with {}={}. Tables tagged later are"
              + " picked up within {} ms.",
          config.aws().region(),
          config.discovery().ingestionTagKey(),
          config.discovery().envTagKey(),
          config.discovery().envTagValue(),
          config.discovery().rediscoveryPeriod().toMillis());
    } else {
      log.info("Tables to read: {}", found.tables());
    }
    return found.tables();
  }

  private void rediscover() {
    try {
      TableDiscovery.Result found = discovery.discover();
      if (!found.tables().equals(tables)) {
        log.info("Tables changed from {} to {}; reconfiguring tasks", tables, found.tables());
        tables = found.tables();
        context.requestTaskReconfiguration();
      }
    } catch (RuntimeException e) {
      log.warn("Rediscovering tables failed, keeping {}: {}", tables, e.getMessage());
    }
  }

  @Override
  public Class<? extends Task> taskClass() {
    return DynamoDbSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> assigned : TaskAssignment.assign(tables, maxTasks)) {
      Map<String, String> task = new HashMap<>(props);
      task.put(DynamoDbSourceTask.TABLES, String.join(",", assigned));
      configs.add(task);
    }
    return configs;
  }

  /**
   * Checks offsets a person alters or resets (Connect's PATCH and DELETE on the connector's
   * offsets, with the connector stopped). A null offset resets a table: it is snapshotted again.
   * Throwing rejects the whole request with the exception's message.
   */
  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
    DiscoverySettings discovery = new DynamoDbSourceConfig(connectorConfig).discovery();
    new OffsetAlterationCheck(discovery, Clock.systemUTC()).check(offsets);
    return true;
  }

  @Override
  public void stop() {
    if (rediscovery != null) {
      rediscovery.shutdownNow();
    }
    if (aws != null) {
      aws.close();
    }
  }
}
