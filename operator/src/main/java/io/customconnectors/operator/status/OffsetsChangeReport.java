package io.customconnectors.operator.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.customconnectors.operator.api.v1alpha1.Condition;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.api.v1alpha1.OffsetsChange;
import io.customconnectors.operator.api.v1alpha1.OffsetsChangeStatus;
import io.customconnectors.operator.api.v1alpha1.PartitionOffsetChange;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.backend.OffsetsRequest;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.SourceOffset;

/**
 * The pure half of spec.offsets: whether a request is right and can be taken now, what the target
 * is sent, and the {@code Offsets} condition (with Ready while the connector is held for the
 * change). No client, no I/O.
 */
public final class OffsetsChangeReport {

  public static final String OFFSETS = "Offsets";

  /** Where a change stands; the order is the order of its steps. */
  public enum Phase {
    /** Not started: the connector is not there yet, or not in a state to take it. */
    Waiting,
    /** Wrong: nothing was changed; checked again when anything changes. */
    Rejected,
    /** Confluent Cloud: recorded, the request about to be sent. */
    Pending,
    /** Kafka Connect: the connector is being stopped. */
    Stopping,
    /** Confluent Cloud: the request was sent and is followed. */
    Requested,
    Applied,
    Failed;

    public static Phase of(String name) {
      try {
        return name == null ? Waiting : valueOf(name);
      } catch (IllegalArgumentException e) {
        return Waiting;
      }
    }

    /** Carried out (or refused by the target): never taken again for this requestId. */
    public boolean finished() {
      return this == Applied || this == Failed;
    }

    /** The connector's state belongs to the change: nothing resumes or restarts it meanwhile. */
    public boolean holding() {
      return this == Pending || this == Stopping || this == Requested;
    }
  }

  private OffsetsChangeReport() {}

  /** Why the connector cannot take a change now; empty when it can. */
  public static Optional<String> notNow(RemoteConnector remote) {
    if (remote == null) {
      return Optional.of("Waiting for the connector to be created before changing its offsets");
    }
    return switch (remote.state()) {
      case "PROVISIONING", "UNASSIGNED", "RESTARTING" ->
          Optional.of(
              "Waiting for the connector, "
                  + remote.state()
                  + ", to be running before changing its offsets");
      default -> Optional.empty();
    };
  }

  /**
   * What is wrong with the request, naming the field; empty when it is right. {@code current} is
   * the source connector's offsets as the target lists them (null for a sink or a reset): a
   * partition must be one of them.
   */
  public static Optional<String> wrong(
      OffsetsChange asked, RemoteConnector remote, List<SourceOffset> current) {
    if (asked.getAlter() == null) {
      return Optional.empty();
    }
    Map<String, Integer> seen = new HashMap<>();
    boolean sink = "sink".equalsIgnoreCase(remote.type());
    for (int i = 0; i < asked.getAlter().size(); i++) {
      String field = "spec.offsets.alter[" + i + "]";
      PartitionOffsetChange entry = asked.getAlter().get(i);
      if (entry.getPartition() == null || entry.getPartition().isEmpty()) {
        return Optional.of(
            field
                + ".partition is empty: name the partition as status.offsets shows it, e.g."
                + " {protocol: 1, table: Orders}");
      }
      Optional<String> nested = nested(field + ".partition", entry.getPartition());
      if (nested.isEmpty() && entry.getOffset() != null) {
        nested = nested(field + ".offset", entry.getOffset());
      }
      if (nested.isPresent()) {
        return nested;
      }
      Integer before = seen.put(canonical(entry.getPartition()), i);
      if (before != null) {
        return Optional.of(
            field
                + ".partition is the partition of spec.offsets.alter["
                + before
                + "] again: name each partition once");
      }
      if (sink) {
        Optional<String> shape = sinkShape(field, entry);
        if (shape.isPresent()) {
          return shape;
        }
      } else if (current != null && !owned(entry.getPartition(), current)) {
        return Optional.of(
            field
                + ".partition "
                + new TreeMap<>(entry.getPartition())
                + " is not a partition of connector '"
                + remote.name()
                + "': "
                + (current.isEmpty()
                    ? "it has no offsets yet (a partition has one once the connector commits for"
                        + " it)"
                    : "its partitions are "
                        + current.stream()
                            .limit(5)
                            .map(offset -> new TreeMap<>(offset.partition()).toString())
                            .toList()
                        + (current.size() > 5 ? " and " + (current.size() - 5) + " more" : "")
                        + " (see status.offsets)"));
      }
    }
    return Optional.empty();
  }

  /** Kafka Connect keeps only strings, numbers, booleans and null in partitions and offsets. */
  private static Optional<String> nested(String field, Map<String, Object> values) {
    for (Map.Entry<String, Object> value : values.entrySet()) {
      if (value.getValue() instanceof Map<?, ?> || value.getValue() instanceof Collection<?>) {
        return Optional.of(
            field
                + "."
                + value.getKey()
                + " is "
                + (value.getValue() instanceof Map<?, ?> ? "an object" : "a list")
                + ": Kafka Connect stores only strings, numbers, booleans and null there; write"
                + " a nested value as JSON text (a string)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> sinkShape(String field, PartitionOffsetChange entry) {
    if (!(entry.getPartition().get("kafka_topic") instanceof String)
        || !(entry.getPartition().get("kafka_partition") instanceof Number)) {
      return Optional.of(
          field
              + ".partition of a sink connector is {kafka_topic: <topic>, kafka_partition:"
              + " <number>}, not "
              + new TreeMap<>(entry.getPartition()));
    }
    if (entry.getOffset() != null && !(entry.getOffset().get("kafka_offset") instanceof Number)) {
      return Optional.of(
          field + ".offset of a sink connector is {kafka_offset: <number>}, or none to reset it");
    }
    return Optional.empty();
  }

  private static boolean owned(Map<String, Object> partition, List<SourceOffset> current) {
    String wanted = canonical(partition);
    return current.stream().anyMatch(offset -> canonical(offset.partition()).equals(wanted));
  }

  /**
   * A partition in a form that compares as the target does: 1 from YAML and 1 from JSON are the
   * same number whatever their Java types, "1" is a string and another partition.
   */
  static String canonical(Map<String, ?> values) {
    Map<String, String> sorted = new TreeMap<>();
    values.forEach(
        (key, value) ->
            sorted.put(
                key,
                value instanceof Number number
                    ? "n:" + new BigDecimal(number.toString()).stripTrailingZeros().toPlainString()
                    : value instanceof Boolean ? "b:" + value : "s:" + value));
    return sorted.toString();
  }

  /** The request the target is sent. */
  public static OffsetsRequest request(OffsetsChange asked) {
    if (asked.getAlter() == null) {
      return OffsetsRequest.reset();
    }
    List<OffsetsRequest.Entry> entries = new ArrayList<>();
    for (PartitionOffsetChange entry : asked.getAlter()) {
      entries.add(new OffsetsRequest.Entry(entry.getPartition(), entry.getOffset()));
    }
    return new OffsetsRequest(entries);
  }

  /**
   * Puts the change's status and its {@code Offsets} condition into status; while the connector is
   * held for the change ({@code holding}), Ready says so rather than that it is stopped.
   */
  public static CustomConnectorStatus apply(
      CustomConnectorStatus status,
      CustomConnectorStatus previous,
      OffsetsChangeStatus change,
      boolean holding,
      long generation,
      Instant now) {
    OffsetsChangeStatus shown =
        change != null ? change : previous == null ? null : previous.getOffsetsChange();
    status.setOffsetsChange(shown);
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    conditions.removeIf(c -> c.getType().equals(OFFSETS));
    if (shown != null) {
      Phase phase = Phase.of(shown.getPhase());
      conditions.add(
          Conditions.of(
              OFFSETS, phase == Phase.Applied, reason(phase), describe(shown, phase), generation));
      // Only a change this reconcile holds the connector for sets Ready (also when just applied,
      // until status records it); a blocked reconcile keeps its own reason.
      if (change != null && holding) {
        conditions.removeIf(c -> c.getType().equals(ConnectorStatusCalculator.READY));
        conditions.add(
            0,
            Conditions.of(
                ConnectorStatusCalculator.READY,
                false,
                Reason.OffsetsChanging,
                "Changing the connector's offsets (spec.offsets.requestId "
                    + shown.getRequestId()
                    + "): "
                    + shown.getMessage(),
                generation));
      }
    }
    status.setConditions(
        Conditions.carryOver(previous == null ? null : previous.getConditions(), conditions, now));
    return status;
  }

  private static Reason reason(Phase phase) {
    return switch (phase) {
      case Applied -> Reason.OffsetsApplied;
      case Failed -> Reason.OffsetsFailed;
      case Rejected -> Reason.OffsetsRejected;
      default -> Reason.OffsetsChanging;
    };
  }

  private static String describe(OffsetsChangeStatus change, Phase phase) {
    String what =
        change.getAction()
            + (change.getPartitions() != null && change.getPartitions() > 0
                ? " of " + change.getPartitions() + " partition(s)"
                : "")
            + " (requestId "
            + change.getRequestId()
            + ")";
    return switch (phase) {
      case Applied -> what + " applied at " + change.getAppliedAt() + ": " + change.getMessage();
      case Failed ->
          what
              + " failed: "
              + change.getMessage()
              + ". To try again, fix spec.offsets and give it a new requestId";
      case Rejected -> what + " rejected: " + change.getMessage();
      default -> what + ": " + change.getMessage();
    };
  }
}
