package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Checks every exchange of an emulator against Confluent's published OpenAPI documents (the copies
 * under {@code openapi/}): the request, when the emulator accepted it, and the response, always.
 * Attach it with {@link ConfluentCloudEmulator#onExchange} and assert that {@link #violations()} is
 * empty at the end of a test.
 *
 * <p>Two adaptations, both because the documents cannot say these things in OpenAPI: connect/v1
 * declares its expanded connector list under the literal path key {@code connectors?expand=...}, so
 * those calls are checked against that operation under a path of its own; and a comma-separated
 * {@code expand=id,info} is checked as the repeated {@code expand=id&expand=info} it is equivalent
 * to on the real API. Where the service itself differs from the documents, the contract follows the
 * service, case by case, as {@link KnownDeviations} lists.
 */
public final class OpenApiContract implements ConfluentCloudEmulator.ExchangeListener {

  private static final String EXPANDED_KEY = "/connectors?expand=info,status,id:";
  private static final String EXPANDED_PATH = "/connectors/_expanded";
  private static final List<String> EXPANDABLE = List.of("id", "info", "status");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, OpenApiInteractionValidator> validators = new LinkedHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicInteger checked = new AtomicInteger();

  public OpenApiContract() {
    for (String document :
        List.of("connect-v1", "connect-custom-plugin-v1", "ccpm-v1", "metrics-v2")) {
      validators.put(document, validator(document));
    }
  }

  private static OpenApiInteractionValidator validator(String document) {
    String file = document + ".yaml";
    try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/" + file)) {
      if (in == null) {
        throw new IllegalStateException("openapi/" + file + " is not on the classpath");
      }
      String spec =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace(EXPANDED_KEY, EXPANDED_PATH + ":");
      ObjectNode schemas = AllOfMerge.apply((ObjectNode) YAML.readTree(spec));
      KnownDeviations.applyTo(document, schemas);
      StrictMapValues.apply(schemas);
      return OpenApiInteractionValidator.createForInlineApiSpecification(
              YAML.writeValueAsString(schemas))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The document an API path belongs to; empty for the emulator's fake object store, for the log
   * search API ({@code /logs/v1/search}), which has no published document (its shape comes from
   * ccloud-api.md 4b and the CLI; {@code LogSearchApiTest} checks it instead), and for the one
   * org/v2 call the emulator answers ({@code GET /org/v2/environments/{id}}, whose document is not
   * among the references; {@code OrgApiTest} checks its shape).
   */
  static Optional<String> documentFor(String path) {
    if (path.startsWith("/connect/v1/environments/")) {
      return Optional.of("connect-v1");
    }
    if (path.startsWith("/connect/v1/")) {
      return Optional.of("connect-custom-plugin-v1");
    }
    if (path.startsWith("/ccpm/v1/")) {
      return Optional.of("ccpm-v1");
    }
    if (path.startsWith("/v2/metrics/")) {
      return Optional.of("metrics-v2");
    }
    return Optional.empty();
  }

  @Override
  public void exchanged(ConfluentCloudEmulator.Exchange exchange) {
    Optional<String> document = documentFor(exchange.path());
    if (document.isEmpty() || exchange.route().isEmpty()) {
      return;
    }
    Map<String, List<String>> query = query(exchange.query());
    String path = exchange.path();
    if (exchange.method().equals("GET")
        && path.matches("/connect/v1/environments/[^/]+/clusters/[^/]+/connectors")
        && query.containsKey("expand")) {
      path = path + EXPANDED_PATH.substring("/connectors".length());
      List<String> expand =
          query.remove("expand").stream().flatMap(v -> Arrays.stream(v.split(","))).toList();
      if (exchange.status() < 400 && !EXPANDABLE.containsAll(expand)) {
        violations.add("GET " + exchange.path() + "?" + exchange.query() + ": expand " + expand);
      }
    }
    SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), path);
    exchange.requestHeaders().forEach((name, value) -> request.withHeader(name, value));
    query.forEach(request::withQueryParam);
    if (exchange.requestBody().length > 0) {
      request.withBody(new String(exchange.requestBody(), StandardCharsets.UTF_8));
    }
    SimpleResponse response = withStatus(exchange, exchange.status());
    if (KnownDeviations.isRecordedUndeclaredAnswer(document.get(), exchange)) {
      checked.incrementAndGet();
      return;
    }
    OpenApiInteractionValidator validator = validators.get(document.get());
    Request.Method method = Request.Method.valueOf(exchange.method());
    ValidationReport report =
        exchange.status() < 400
            ? validator.validate(request.build(), response)
            : validator.validateResponse(path, method, response);
    OptionalInt standIn = KnownDeviations.declaredStandIn(exchange.status());
    if (standIn.isPresent() && onlyUndeclaredStatus(report)) {
      report = validator.validateResponse(path, method, withStatus(exchange, standIn.getAsInt()));
    }
    checked.incrementAndGet();
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() == ValidationReport.Level.ERROR) {
        violations.add(
            exchange.method()
                + " "
                + exchange.path()
                + (exchange.query() == null ? "" : "?" + exchange.query())
                + " -> "
                + exchange.status()
                + ": ["
                + message.getKey()
                + "] "
                + describe(message));
      }
    }
  }

  private static boolean onlyUndeclaredStatus(ValidationReport report) {
    return !report.getMessages().isEmpty()
        && report.getMessages().stream()
            .allMatch(message -> message.getKey().equals("validation.response.status.unknown"));
  }

  private static SimpleResponse withStatus(ConfluentCloudEmulator.Exchange exchange, int status) {
    SimpleResponse.Builder response = new SimpleResponse.Builder(status);
    exchange.responseHeaders().forEach((name, value) -> response.withHeader(name, value));
    if (exchange.responseBody().length > 0) {
      response.withBody(new String(exchange.responseBody(), StandardCharsets.UTF_8));
    }
    return response.build();
  }

  /** Every way the emulator broke the contract so far; empty when it kept it. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** The violations so far, forgotten, so each test answers for its own. */
  public List<String> takeViolations() {
    List<String> taken = List.copyOf(violations);
    violations.removeAll(taken);
    return taken;
  }

  private static String describe(ValidationReport.Message message) {
    StringBuilder text = new StringBuilder(message.getMessage());
    for (ValidationReport.Message nested : message.getNestedMessages()) {
      text.append("\n    - ").append(describe(nested).replace("\n", "\n  "));
    }
    return text.toString();
  }

  /** How many exchanges were checked (so a test can tell it checked something). */
  public int checked() {
    return checked.get();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
