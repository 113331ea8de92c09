package io.customconnectors.connect.dynamodb.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.connect.dynamodb.aws.TableApi;
import io.customconnectors.connect.dynamodb.aws.TableApi.TableInfo;
import io.customconnectors.connect.dynamodb.aws.TagApi;
import io.customconnectors.connect.dynamodb.config.DiscoverySettings;
import io.customconnectors.connect.dynamodb.config.SnapshotMode;

import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Finds the tables to read: the configured list, or the tables carrying the ingestion tag whose
 * environment tag matches (Resource Groups Tagging API). Tables that cannot be streamed are
 * reported, not silently read without their changes.
 */
public final class TableDiscovery {

  private static final Logger log = LoggerFactory.getLogger(TableDiscovery.class);

  private final DiscoverySettings settings;
  private final SnapshotMode mode;
  private final TableApi tables;
  private final TagApi tags;

  public TableDiscovery(
      DiscoverySettings settings, SnapshotMode mode, TableApi tables, TagApi tags) {
    this.settings = settings;
    this.mode = mode;
    this.tables = tables;
    this.tags = tags;
  }

  /** What a discovery found: tables to read, and problems a user should fix, per table. */
  public record Result(List<String> tables, List<String> problems) {}

  public Result discover() {
    List<String> candidates = settings.listed() ? settings.tables() : tagged();
    List<String> readable = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String table : candidates) {
      problem(table).ifPresentOrElse(problems::add, () -> readable.add(table));
    }
    return new Result(List.copyOf(readable), List.copyOf(problems));
  }

  private List<String> tagged() {
    TreeSet<String> names = new TreeSet<>();
    for (String arn :
        tags.taggedTables(
            settings.ingestionTagKey(), settings.envTagKey(), settings.envTagValue())) {
      names.add(arn.substring(arn.indexOf(":table/") + ":table/".length()));
    }
    log.debug(
        "Tables tagged {} and {}={}: {}",
        settings.ingestionTagKey(),
        settings.envTagKey(),
        settings.envTagValue(),
        names);
    return List.copyOf(names);
  }

  private Optional<String> problem(String table) {
    TableInfo info;
    try {
      info = tables.describe(table);
    } catch (ResourceNotFoundException e) {
      return Optional.of(
          "Table "
              + table
              + " does not exist (or is not visible with these credentials) in this region");
    }
    if (!mode.streams()) {
      return Optional.empty();
    }
    if (info.streamArn().isEmpty()) {
      return Optional.of(
          "Table "
              + table
              + " has no stream: enable DynamoDB Streams with NEW_AND_OLD_IMAGES (or NEW_IMAGE),"
              + " or set snapshot.mode=snapshot_only");
    }
    if (!info.streamHasNewImages()) {
      return Optional.of(
          "Table "
              + table
              + "'s stream has view type "
              + info.streamViewType().map(Object::toString).orElse("?")
              + ", which lacks item images: switch it to NEW_AND_OLD_IMAGES (or NEW_IMAGE)");
    }
    return Optional.empty();
  }
}
