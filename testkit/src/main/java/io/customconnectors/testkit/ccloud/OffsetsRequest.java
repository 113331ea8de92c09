package io.customconnectors.testkit.ccloud;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * One alter offsets request of a connector (reference: ccloud-api.md 3.5): what was asked, and how
 * far the emulator got carrying it out. Guarded by its {@link OffsetsRequests}.
 */
final class OffsetsRequest {

  enum Phase {
    PENDING,
    APPLIED,
    FAILED
  }

  final EmulatedConnector connector;
  final String type;
  final JsonNode offsets;
  final Instant requestedAt;
  Phase phase = Phase.PENDING;

  /** Handed to the worker: the test's delay no longer holds it back. */
  boolean started;

  String message;
  JsonNode previousOffsets;
  Instant appliedAt;

  private OffsetsRequest(EmulatedConnector connector, String type, JsonNode offsets, Instant at) {
    this.connector = connector;
    this.type = type;
    this.offsets = offsets;
    this.requestedAt = at;
  }

  /**
   * The request a POST body asks for; a malformed body is refused with a message naming the field.
   */
  static OffsetsRequest parse(EmulatedConnector connector, JsonNode body, Instant at) {
    if (!body.isObject()) {
      throw ApiException.badRequest("The alter offsets request must be a JSON object");
    }
    JsonNode type = body.path("type");
    if (type.isMissingNode() || type.isNull()) {
      throw ApiException.badRequest("type is required: PATCH or DELETE");
    }
    if (!type.isTextual() || !List.of("PATCH", "DELETE").contains(type.asText())) {
      throw ApiException.badRequest("type must be PATCH or DELETE, not " + type);
    }
    if (type.asText().equals("DELETE")) {
      // Kafka Connect resets all of a connector's offsets; partitions sent with DELETE are ignored.
      return new OffsetsRequest(connector, "DELETE", Call.JSON.createArrayNode(), at);
    }
    return new OffsetsRequest(connector, "PATCH", patchOffsets(body.path("offsets")), at);
  }

  private static ArrayNode patchOffsets(JsonNode offsets) {
    if (!offsets.isArray() || offsets.isEmpty()) {
      throw ApiException.badRequest(
          "offsets must be a non-empty array of {partition, offset} for a PATCH request");
    }
    for (int i = 0; i < offsets.size(); i++) {
      JsonNode entry = offsets.get(i);
      String field = "offsets[" + i + "]";
      if (!entry.isObject()) {
        throw ApiException.badRequest(field + " must be an object with partition and offset");
      }
      if (!entry.path("partition").isObject()) {
        throw ApiException.badRequest(field + ".partition must be an object");
      }
      // null removes the partition's offset, as Kafka Connect's PATCH allows.
      if (!entry.has("offset")
          || !(entry.get("offset").isObject() || entry.get("offset").isNull())) {
        throw ApiException.badRequest(field + ".offset must be an object or null");
      }
    }
    return (ArrayNode) offsets.deepCopy();
  }

  boolean pending() {
    return phase == Phase.PENDING;
  }

  /** The request as the 202 answer echoes it ({@code connect.v1.AlterOffsetRequestInfo}). */
  Map<String, Object> info() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("id", connector.id);
    info.put("name", connector.name);
    info.put("offsets", offsets);
    info.put("requested_at", rfc3339(requestedAt));
    info.put("type", type);
    return info;
  }

  /** How the request went ({@code connect.v1.AlterOffsetStatus}). */
  Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", phase.name());
    if (message != null) {
      status.put("message", message);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request", info());
    body.put("status", status);
    // Absent until the offsets were read, as in the document's example of a pending request.
    if (previousOffsets != null) {
      body.put("previous_offsets", previousOffsets);
    }
    body.put("applied_at", appliedAt == null ? null : rfc3339(appliedAt));
    return body;
  }

  /** Whole seconds in UTC, as the document's examples show them. */
  private static String rfc3339(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
