package io.customconnectors.testkit.ccloud;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The connector log search API, {@code POST /logs/v1/search?page_size=N[&page_token=T]} (on
 * Confluent Cloud at api.logging.confluent.cloud). There is no OpenAPI document for it: request and
 * answer follow ccloud-api.md 4b and the Confluent CLI's {@code pkg/ccloudv2/logging.go}, which
 * sends {@code Authorization: Bearer <data-plane token>} and a body naming the connector by CRN.
 *
 * <p>The emulator's choices where the reference is silent: error bodies use Confluent's standard
 * {@code {"errors":[...]}} form (the service's own is unconfirmed; the CLI prints any body as is);
 * a CRN naming no connector of this organization is 403, as the service authorizes on the CRN and
 * cannot tell "not yours" from "not there" (the emulator's Metrics API answers a foreign connector
 * id the same way); {@code search.id} may be left out (older CLIs do) but must name the CRN's
 * connector when given; {@code search_text} matches message or stack trace, ignoring case; {@code
 * end_time} includes its whole second. About 5 requests per minute per connector are admitted (the
 * CLI's advice), counted once the connector is known.
 */
final class LogSearchApi {

  static final String PATH = "/logs/v1/search";
  static final int DEFAULT_PAGE_SIZE = 200;
  static final int MAX_PAGE_SIZE = 1000;
  static final Duration LOOKBACK = Duration.ofHours(72);
  static final Set<String> LEVELS = Set.of("INFO", "WARN", "ERROR");

  private static final Pattern CRN =
      Pattern.compile(
          "^crn://confluent\\.cloud/organization=([^/]+)/environment=([^/]+)"
              + "/cloud-cluster=([^/]+)/connector=([^/]+)$");
  private static final Pattern TIME =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final LogBook book;
  private final Set<String> tokens;
  private final String organization;
  private final ConnectorRegistry registry;
  private final RateLimit rateLimit;
  private final Clock clock;
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  LogSearchApi(
      LogBook book,
      Set<String> tokens,
      String organization,
      ConnectorRegistry registry,
      RateLimit rateLimit,
      Clock clock) {
    this.book = book;
    this.tokens = Set.copyOf(tokens);
    this.organization = organization;
    this.registry = registry;
    this.rateLimit = rateLimit;
    this.clock = clock;
  }

  /** Public as far as Cloud API keys go: this API has its own bearer tokens. */
  void register(Router router) {
    router.addPublic("POST", PATH, ErrorShape.FAILURE, this::search);
  }

  /** Requests the rate limit admitted (whatever the answer) and refused. */
  ConfluentCloudEmulator.LogSearches searches() {
    return new ConfluentCloudEmulator.LogSearches(answered.get(), refused.get());
  }

  Reply search(Call call) {
    Optional<String> authorization = call.header("Authorization");
    if (authorization.isEmpty()
        || !authorization.get().startsWith("Bearer ")
        || !tokens.contains(authorization.get().substring("Bearer ".length()).trim())) {
      // The shape of the service's 401 is unconfirmed; this is Confluent's standard one.
      return new ApiException(
              401,
              "user_unauthenticated",
              "A valid data-plane bearer token is required",
              null,
              null)
          .reply(ErrorShape.FAILURE)
          .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    JsonNode body = call.json();
    EmulatedConnector connector = connector(body.path("crn"));
    RateLimit.Verdict verdict = rateLimit.admit(connector.id);
    if (!verdict.admitted()) {
      refused.incrementAndGet();
      return verdict.annotate(
          new ApiException(
                  429,
                  "too_many_requests",
                  "Too many log searches for connector "
                      + connector.id
                      + " (limit: "
                      + verdict.limit()
                      + " per minute)",
                  null,
                  null)
              .reply(ErrorShape.FAILURE));
    }
    answered.incrementAndGet();
    Reply reply;
    try {
      Search search =
          Search.parse(
              body, connector.id, call.query("page_size"), call.query("page_token"), clock);
      reply = Reply.json(200, answer(search.page(book.of(connector.id)), search, call));
    } catch (ApiException e) {
      reply = e.reply(ErrorShape.FAILURE);
    }
    return verdict.annotate(reply);
  }

  private EmulatedConnector connector(JsonNode crn) {
    Matcher parts = CRN.matcher(crn.asText(""));
    if (!parts.matches()) {
      throw invalid(
          "crn",
          "crn must be crn://confluent.cloud/organization=<org>/environment=<env>"
              + "/cloud-cluster=<lkc>/connector=<connector name>");
    }
    return registry.all().stream()
        .filter(
            c ->
                parts.group(1).equals(organization)
                    && c.cluster.environment().equals(parts.group(2))
                    && c.cluster.id().equals(parts.group(3))
                    && c.name.equals(parts.group(4)))
        .findFirst()
        .orElseThrow(
            () ->
                new ApiException(
                    403,
                    "user_unauthorized",
                    "Not authorized to search the logs of " + crn.asText(),
                    null,
                    null));
  }

  private static Map<String, Object> answer(Page page, Search search, Call call) {
    List<Object> data = new ArrayList<>();
    for (LogBook.Entry entry : page.entries()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("timestamp", MILLIS.format(entry.timestamp()));
      item.put("level", entry.level());
      item.put("message", entry.message());
      if (entry.taskId() != null) {
        item.put("task_id", entry.taskId());
      }
      item.put("id", entry.connectorId());
      if (entry.stacktrace() != null) {
        item.put("exception", Map.of("stacktrace", entry.stacktrace()));
      }
      data.add(item);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("api_version", "v1");
    answer.put("kind", "LoggingSearchResponse");
    answer.put("data", data);
    page.nextToken()
        .ifPresent(
            token ->
                answer.put(
                    "metadata",
                    Map.of(
                        "next",
                        call.base.resolve(PATH)
                            + "?page_size="
                            + search.pageSize()
                            + "&page_token="
                            + token)));
    return answer;
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_request", message, "/" + field.replace('.', '/'), null);
  }

  /** One page of entries and the token of the next, if there are more. */
  record Page(List<LogBook.Entry> entries, Optional<String> nextToken) {}

  /** A validated search request. */
  record Search(
      Set<String> levels,
      String text,
      boolean descending,
      Instant start,
      Instant end,
      int pageSize,
      Optional<Cursor> after) {

    static Search parse(
        JsonNode body,
        String connectorId,
        Optional<String> pageSize,
        Optional<String> pageToken,
        Clock clock) {
      JsonNode search = body.path("search");
      if (!search.isMissingNode() && !search.isObject()) {
        throw invalid("search", "search must be an object");
      }
      Set<String> levels = LEVELS;
      if (!search.path("level").isMissingNode()) {
        if (!search.path("level").isArray()) {
          throw invalid("search.level", "search.level must be an array of INFO, WARN, ERROR");
        }
        List<String> asked = new ArrayList<>();
        for (JsonNode level : search.path("level")) {
          if (!LEVELS.contains(level.asText())) {
            throw invalid(
                "search.level",
                "search.level holds " + level + "; the levels are INFO, WARN and ERROR");
          }
          asked.add(level.asText());
        }
        levels = asked.isEmpty() ? LEVELS : Set.copyOf(asked);
      }
      String id = search.path("id").asText("");
      if (!id.isEmpty() && !id.equals(connectorId)) {
        throw invalid("search.id", "search.id " + id + " is not the connector the crn names");
      }
      String sort = body.path("sort").asText("desc");
      if (!sort.equals("asc") && !sort.equals("desc")) {
        throw invalid("sort", "sort must be asc or desc, not " + sort);
      }
      Instant start = time(body, "start_time");
      Instant end = time(body, "end_time");
      if (start.isBefore(clock.instant().minus(LOOKBACK))) {
        throw invalid("start_time", "start_time must be within the last 72 hours");
      }
      if (end.isBefore(start)) {
        throw invalid("end_time", "end_time must not be before start_time");
      }
      return new Search(
          levels,
          search.path("search_text").asText("").toLowerCase(Locale.ROOT),
          sort.equals("desc"),
          start,
          end,
          pageSize.map(Search::pageSize).orElse(DEFAULT_PAGE_SIZE),
          pageToken.map(Cursor::parse));
    }

    private static Instant time(JsonNode body, String field) {
      String text = body.path(field).asText("");
      if (!TIME.matcher(text).matches()) {
        throw invalid(field, field + " must be given as YYYY-MM-DDTHH:MM:SSZ, not '" + text + "'");
      }
      try {
        return Instant.parse(text);
      } catch (RuntimeException e) {
        throw invalid(field, field + " is not a valid time: " + text);
      }
    }

    private static int pageSize(String text) {
      try {
        int size = Integer.parseInt(text);
        if (size >= 1 && size <= MAX_PAGE_SIZE) {
          return size;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw ApiException.badRequest("page_size must be a number from 1 to " + MAX_PAGE_SIZE);
    }

    /** The entries this search selects, in its order, after its cursor, at most a page. */
    Page page(List<LogBook.Entry> entries) {
      Comparator<LogBook.Entry> order =
          Comparator.comparing(LogBook.Entry::timestamp).thenComparingLong(LogBook.Entry::sequence);
      if (descending) {
        order = order.reversed();
      }
      Instant endExclusive = end.plusSeconds(1);
      Comparator<LogBook.Entry> sorted = order;
      List<LogBook.Entry> selected =
          entries.stream()
              .filter(e -> levels.contains(e.level()))
              .filter(e -> !e.timestamp().isBefore(start) && e.timestamp().isBefore(endExclusive))
              .filter(this::matchesText)
              .filter(e -> after.isEmpty() || sorted.compare(e, after.get().entry()) > 0)
              .sorted(sorted)
              .toList();
      List<LogBook.Entry> page = selected.subList(0, Math.min(pageSize, selected.size()));
      Optional<String> next =
          selected.size() > pageSize
              ? Optional.of(Cursor.of(page.get(page.size() - 1)).token())
              : Optional.empty();
      return new Page(page, next);
    }

    private boolean matchesText(LogBook.Entry entry) {
      return text.isEmpty()
          || entry.message().toLowerCase(Locale.ROOT).contains(text)
          || (entry.stacktrace() != null
              && entry.stacktrace().toLowerCase(Locale.ROOT).contains(text));
    }
  }

  /** Where the previous page ended: its last entry's timestamp and sequence, as an opaque token. */
  record Cursor(Instant timestamp, long sequence) {

    static Cursor of(LogBook.Entry entry) {
      return new Cursor(entry.timestamp(), entry.sequence());
    }

    LogBook.Entry entry() {
      return new LogBook.Entry(sequence, timestamp, "", "", null, "", null);
    }

    String token() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((timestamp + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int slash = text.lastIndexOf('/');
        return new Cursor(
            Instant.parse(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
      } catch (RuntimeException e) {
        throw ApiException.badRequest("page_token is invalid; take it from metadata.next");
      }
    }
  }
}
