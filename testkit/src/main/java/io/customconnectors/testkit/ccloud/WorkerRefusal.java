package io.customconnectors.testkit.ccloud;

import java.io.IOException;

/**
 * The reason a Connect worker gave for refusing a call, out of the failure {@code
 * ConnectWorker.send} throws ({@code "PUT /path answered 400: {"error_code":400,"message":...}"}).
 */
final class WorkerRefusal {

  private WorkerRefusal() {}

  /** Connect's own message where its answer has one, else the whole failure. */
  static String reason(RuntimeException refused) {
    String text = refused.getMessage() == null ? refused.toString() : refused.getMessage();
    int body = text.indexOf(": {");
    if (body < 0) {
      return text;
    }
    try {
      String message = Call.JSON.readTree(text.substring(body + 2)).path("message").asText("");
      return message.isEmpty() ? text : message;
    } catch (IOException notJson) {
      return text;
    }
  }
}
