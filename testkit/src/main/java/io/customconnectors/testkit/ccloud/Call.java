package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;

/** One HTTP request to the emulator, with its path parameters once a route matched it. */
final class Call {

  static final ObjectMapper JSON = new ObjectMapper();

  final String method;
  final String path;
  final String rawQuery;
  final Map<String, List<String>> query;
  final Headers headers;
  final byte[] body;
  final URI base;

  /** The client's IP address, as rate limits per IP see it. */
  final String client;

  Map<String, String> pathParams = Map.of();

  Call(String method, URI uri, Headers headers, byte[] body, URI base, String client) {
    this.method = method;
    this.path = uri.getRawPath();
    this.rawQuery = uri.getRawQuery();
    this.query = parseQuery(uri.getRawQuery());
    this.headers = headers;
    this.body = body;
    this.base = base;
    this.client = client;
  }

  String param(String name) {
    return pathParams.get(name);
  }

  Optional<String> query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Every value of a repeatable query parameter, also split on commas ({@code
   * expand=a,b&expand=c}).
   */
  List<String> queryValues(String name) {
    List<String> values = new ArrayList<>();
    for (String value : query.getOrDefault(name, List.of())) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          values.add(part.trim());
        }
      }
    }
    return values;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(headers.getFirst(name));
  }

  /** The body as JSON; an unparsable body is the client's error. */
  JsonNode json() {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("Request body is empty; a JSON document is required");
      }
      return node;
    } catch (IOException e) {
      throw ApiException.badRequest("Request body is not valid JSON: " + e.getMessage());
    }
  }

  String pathAndQuery() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  private static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
