package io.customconnectors.operator.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.customconnectors.operator.api.v1alpha1.ConnectorOffsets;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.PartitionOffset;
import io.customconnectors.operator.backend.SourceOffset;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code status.offsets} from the newest read of the connector's offsets: bounded, values cut, and
 * the DynamoDB connector's offsets put in words (table, phase, snapshot, shards). The previous
 * offsets stay until a newer read replaces them. A pure function.
 */
public final class OffsetsStatus {

  static final int MAX_PARTITIONS = 20;
  static final int MAX_VALUE = 200;

  /** A read of the offsets: what they were, and when. */
  public record Read(List<SourceOffset> offsets, Instant at) {}

  private OffsetsStatus() {}

  public static CustomConnectorStatus apply(
      CustomConnectorStatus status, CustomConnectorStatus previous, Read read) {
    if (read != null) {
      status.setOffsets(read.offsets().isEmpty() ? null : of(read));
    } else if (previous != null) {
      status.setOffsets(previous.getOffsets());
    }
    return status;
  }

  static ConnectorOffsets of(Read read) {
    ConnectorOffsets offsets = new ConnectorOffsets();
    read.offsets().stream()
        .sorted(Comparator.comparing(offset -> new TreeMap<>(offset.partition()).toString()))
        .limit(MAX_PARTITIONS)
        .forEach(
            offset -> {
              PartitionOffset entry = new PartitionOffset();
              entry.setPartition(strings(offset.partition()));
              entry.setOffset(strings(offset.offset()));
              entry.setSummary(summary(offset));
              offsets.getPartitions().add(entry);
            });
    offsets.setTotal(read.offsets().size());
    offsets.setUpdatedAt(read.at().truncatedTo(ChronoUnit.SECONDS).toString());
    return offsets;
  }

  private static Map<String, String> strings(Map<String, Object> values) {
    Map<String, String> strings = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          String text = String.valueOf(value);
          strings.put(
              key,
              text.length() <= MAX_VALUE
                  ? text
                  : text.substring(0, MAX_VALUE) + "… (" + text.length() + " characters)");
        });
    return strings;
  }

  /** The DynamoDB connector's offset in words; null for a format this does not know. */
  static String summary(SourceOffset offset) {
    Object table = offset.partition().get("table");
    Object phase = offset.offset().get("phase");
    if (table == null || phase == null) {
      return null;
    }
    StringBuilder words =
        new StringBuilder("table " + table + ": " + phase.toString().toLowerCase());
    long records = number(offset.offset().get("snapshot_records"));
    long ended = number(offset.offset().get("snapshot_ended_ms"));
    if (records > 0 || ended > 0) {
      words.append(" (snapshot of ").append(records).append(" records");
      words.append(ended > 0 ? " done at " + Instant.ofEpochMilli(ended) : " in progress");
      words.append(')');
    }
    JsonNode shards = JsonHttp.tree(String.valueOf(offset.offset().get("shards")));
    if (shards != null && shards.isObject()) {
      Map<String, Boolean> seen = new LinkedHashMap<>();
      shards.path("positions").fieldNames().forEachRemaining(id -> seen.put(id, true));
      shards.path("starts").fieldNames().forEachRemaining(id -> seen.put(id, true));
      int done = shards.path("done").size();
      if (!seen.isEmpty() || done > 0) {
        words.append(", ").append(seen.size()).append(" shards read");
        if (done > 0) {
          words.append(", ").append(done).append(" closed");
        }
      }
    }
    return words.toString();
  }

  private static long number(Object value) {
    return value instanceof Number number ? number.longValue() : 0;
  }
}
