package io.customconnectors.testkit.ccloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The error bodies Confluent Cloud uses (reference: ccloud-api.md 1.3) and which one each operation
 * answers with for each status, as its OpenAPI document declares.
 */
enum ErrorShape {
  /**
   * {@code {"errors":[{"id","status":"404","code":"not_found","title","detail"}]}}: plugin and ccpm
   * APIs.
   */
  FAILURE,
  /** The Metrics API's variant of {@link #FAILURE}: no {@code title} and no {@code source}. */
  METRICS_FAILURE,
  /** {@code {"error":{"code":404,"message":"..."}}}: connect/v1 connectors. */
  CONNECT,
  /** {@code {"error_code":500,"message":"..."}}: connect/v1 for Kafka Connect's own errors. */
  KAFKA_CONNECT,
  /** {@code {"code":400,"message":"..."}}: what connect/v1 declares for a refused create. */
  CONNECT_FLAT,
  /** Connector create: 400 {@link #CONNECT_FLAT}, 500 {@link #KAFKA_CONNECT}, else CONNECT. */
  CONNECT_CREATE,
  /** Connector config update: 500 {@link #KAFKA_CONNECT}, else {@link #CONNECT}. */
  CONNECT_UPDATE;

  /** The body form this operation uses for {@code status}. */
  ErrorShape forStatus(int status) {
    return switch (this) {
      case CONNECT_CREATE -> status == 400 ? CONNECT_FLAT : status == 500 ? KAFKA_CONNECT : CONNECT;
      case CONNECT_UPDATE -> status == 500 ? KAFKA_CONNECT : CONNECT;
      default -> this;
    };
  }

  /** Whether this is one of the connect/v1 forms (no error code strings, no titles). */
  boolean connect() {
    return this != FAILURE && this != METRICS_FAILURE;
  }

  Object body(int status, String code, String message, String pointer) {
    return switch (forStatus(status)) {
      case FAILURE, METRICS_FAILURE -> {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("id", UUID.randomUUID().toString());
        error.put("status", Integer.toString(status));
        error.put("code", code);
        if (this == FAILURE) {
          error.put("title", title(status));
        }
        error.put("detail", message);
        if (pointer != null && this == FAILURE) {
          error.put("source", Map.of("pointer", pointer));
        }
        yield Map.of("errors", List.of(error));
      }
      case KAFKA_CONNECT -> Map.of("error_code", status, "message", message);
      case CONNECT_FLAT -> Map.of("code", status, "message", message);
      default -> Map.of("error", Map.of("code", status, "message", message));
    };
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }
}
