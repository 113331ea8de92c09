package io.customconnectors.operator.backend;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A change of a connector's offsets as a target takes it: a reset of all of them ({@code alter}
 * null), or partitions with their new offsets (an offset null resets that partition).
 */
public record OffsetsRequest(List<Entry> alter) {

  /** One partition and its new offset; {@code offset} null resets the partition. */
  public record Entry(Map<String, Object> partition, Map<String, Object> offset) {

    public Entry {
      partition = Collections.unmodifiableMap(new LinkedHashMap<>(partition));
      offset = offset == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(offset));
    }
  }

  public static OffsetsRequest reset() {
    return new OffsetsRequest(null);
  }

  public boolean isReset() {
    return alter == null;
  }

  /** The entries as both targets' JSON bodies carry them, a reset partition with offset null. */
  public List<Map<String, Object>> entries() {
    List<Map<String, Object>> entries = new java.util.ArrayList<>();
    for (Entry entry : alter == null ? List.<Entry>of() : alter) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("partition", entry.partition());
      json.put("offset", entry.offset());
      entries.add(json);
    }
    return entries;
  }

  /**
   * Where a request stands on a target that carries it out on its own (Confluent Cloud): PENDING
   * (or PENDING_VALIDATION), APPLIED or FAILED, with the target's message; {@code requestedAt}
   * tells one request from the next.
   */
  public record Progress(String phase, String message, Instant requestedAt, Instant appliedAt) {

    public boolean applied() {
      return "APPLIED".equals(phase);
    }

    public boolean failed() {
      return "FAILED".equals(phase);
    }
  }

  /**
   * What sending a request did: {@code done} when the target changed the offsets before answering
   * (Kafka Connect), with its message; otherwise the request was accepted at {@code requestedAt}
   * and its {@link Progress} is to be followed.
   */
  public record Outcome(boolean done, String message, Instant requestedAt) {}
}
