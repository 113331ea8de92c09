package io.customconnectors.testkit.ccloud;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

/** An HTTP response of the emulator. */
record Reply(int status, Map<String, String> headers, byte[] body) {

  static Reply json(int status, Object value) {
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      return new Reply(status, headers, Call.JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Reply empty(int status) {
    return new Reply(status, new LinkedHashMap<>(), new byte[0]);
  }

  static Reply text(int status, String contentType, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  Reply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, copy, body);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
