package io.customconnectors.testkit.ccloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;

/** The log search API's validation, filters, order and paging, without a server. */
class LogSearchApiTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final String ORG = "0b1c2d3e-org";
  private static final String TOKEN = "data-plane-token";
  private static final URI BASE = URI.create("http://127.0.0.1:8090");
  private static final String CRN =
      "crn://confluent.cloud/organization="
          + ORG
          + "/environment=env-1/cloud-cluster=lkc-1/connector=orders";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final LogBook book = new LogBook(LogBook.DEFAULT_CAPACITY);
  private final ConnectorRegistry registry = new ConnectorRegistry();
  private final RateLimit rateLimit = new RateLimit(100, Duration.ofMinutes(1), clock);
  private final LogSearchApi api =
      new LogSearchApi(book, Set.of(TOKEN), ORG, registry, rateLimit, clock);

  LogSearchApiTest() {
    KafkaCluster cluster = new KafkaCluster("env-1", "lkc-1", "AWS", "us-east-2", Map.of());
    registry.add(new EmulatedConnector("clcc-1", cluster, "orders", Map.of(), null, NOW, NOW));
    registry.add(new EmulatedConnector("clcc-2", cluster, "other", Map.of(), null, NOW, NOW));
  }

  @Test
  void aMissingOrUnknownTokenIs401AndCountsNothing() {
    assertThat(search(null, body("")).status()).isEqualTo(401);
    Reply basic = search("Basic a2V5OnNlY3JldA==", body(""));
    assertThat(basic.status()).isEqualTo(401);
    assertThat(basic.headers()).containsKey("WWW-Authenticate");
    assertThat(json(search("Bearer nope", body(""))).path("errors").path(0).path("code").asText())
        .isEqualTo("user_unauthenticated");
    assertThat(api.searches()).isEqualTo(new ConfluentCloudEmulator.LogSearches(0, 0));
  }

  @Test
  void aCrnOfNoConnectorHereIsForbidden() {
    assertRefused(body("").replace("connector=orders", "connector=gone"), 403, "gone");
    assertRefused(body("").replace(ORG, "another-org"), 403, "another-org");
    assertRefused(body("").replace("lkc-1", "lkc-2"), 403, "lkc-2");
    assertRefused(body("").replace("crn://confluent.cloud/", "crn://elsewhere/"), 400, "crn");
  }

  @Test
  void invalidFieldsAre400NamingTheField() {
    assertRefused(body(",\"search\":{\"level\":[\"DEBUG\"]}"), 400, "search.level");
    assertRefused(body(",\"search\":{\"level\":\"ERROR\"}"), 400, "search.level");
    assertRefused(body(",\"search\":{\"id\":\"clcc-2\"}"), 400, "search.id");
    assertRefused(body("").replace("\"desc\"", "\"newest\""), 400, "sort");
    assertRefused(
        body("").replace("2026-12-01T11:00:00Z", "2026-12-01 11:00:00"), 400, "start_time");
    assertRefused(
        body("").replace("2026-12-01T11:00:00Z", "2026-11-28T11:59:59Z"), 400, "start_time");
    assertRefused(
        body("").replace("2026-12-01T12:00:00Z", "2026-12-01T10:59:59Z"), 400, "end_time");
    assertRefused(body("").replace(",\"end_time\":\"2026-12-01T12:00:00Z\"", ""), 400, "end_time");
    assertThat(search("Bearer " + TOKEN, body(""), "page_size=1001").status()).isEqualTo(400);
    assertThat(search("Bearer " + TOKEN, body(""), "page_token=%21%21").status()).isEqualTo(400);
    assertThatThrownBy(() -> LogSearchApi.Cursor.parse("eA")).isInstanceOf(ApiException.class);
  }

  @Test
  void exactlySeventyTwoHoursBackIsAllowed() {
    String body = body("").replace("2026-12-01T11:00:00Z", "2026-11-28T12:00:00Z");
    assertThat(search("Bearer " + TOKEN, body).status()).isEqualTo(200);
  }

  @Test
  void findsTheConnectorsEntriesOfTheAskedLevelsNewestFirstInPages() {
    for (int i = 0; i < 5; i++) {
      log("clcc-1", NOW.minusSeconds(50 - i), i % 2 == 0 ? "INFO" : "WARN", "line " + i);
    }
    log("clcc-1", NOW.minusSeconds(30), "ERROR", "Task failed");
    log("clcc-2", NOW.minusSeconds(20), "ERROR", "not ours");
    log("clcc-1", NOW.minusSeconds(7200), "ERROR", "before start_time");
    log("clcc-1", NOW.plusMillis(999), "INFO", "within end_time's second");

    List<String> messages = new ArrayList<>();
    String query = "page_size=2";
    int pages = 0;
    while (query != null) {
      JsonNode page = json(search("Bearer " + TOKEN, body(""), query));
      assertThat(page.path("api_version").asText()).isEqualTo("v1");
      assertThat(page.path("kind").asText()).isEqualTo("LoggingSearchResponse");
      assertThat(page.path("data").size()).isLessThanOrEqualTo(2);
      page.path("data").forEach(entry -> messages.add(entry.path("message").asText()));
      String next = page.path("metadata").path("next").asText(null);
      assertThat(next == null || next.startsWith(BASE + "/logs/v1/search?")).isTrue();
      query = next == null ? null : URI.create(next).getRawQuery();
      pages++;
    }
    assertThat(pages).isEqualTo(4);
    assertThat(messages)
        .containsExactly(
            "within end_time's second",
            "Task failed",
            "line 4",
            "line 3",
            "line 2",
            "line 1",
            "line 0");

    JsonNode errors = json(search("Bearer " + TOKEN, body(",\"search\":{\"level\":[\"ERROR\"]}")));
    assertThat(errors.path("data")).hasSize(1);
    JsonNode failed = errors.path("data").path(0);
    assertThat(failed.path("id").asText()).isEqualTo("clcc-1");
    assertThat(failed.path("task_id").asText()).isEqualTo("task-0");
    assertThat(failed.path("exception").path("stacktrace").asText()).contains("at Task.poll");
    assertThat(failed.path("timestamp").asText()).isEqualTo("2026-12-01T11:59:30.000Z");
    assertThat(errors.has("metadata")).as("one page only").isFalse();

    JsonNode ascending =
        json(
            search(
                "Bearer " + TOKEN,
                body(",\"search\":{\"level\":[\"INFO\",\"WARN\"],\"search_text\":\"LINE\"}")
                    .replace("\"desc\"", "\"asc\"")));
    assertThat(ascending.path("data").findValuesAsText("message"))
        .containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
  }

  @Test
  void entriesWrittenBetweenPagesDoNotShiftThem() {
    for (int i = 0; i < 4; i++) {
      log("clcc-1", NOW.minusSeconds(40 - i), "INFO", "line " + i);
    }
    JsonNode first = json(search("Bearer " + TOKEN, body(""), "page_size=2"));
    log("clcc-1", NOW.minusSeconds(1), "INFO", "newer");
    String next = first.path("metadata").path("next").asText();
    JsonNode second = json(search("Bearer " + TOKEN, body(""), URI.create(next).getRawQuery()));
    assertThat(second.path("data").findValuesAsText("message")).containsExactly("line 1", "line 0");
  }

  @Test
  void theSixthSearchOfAConnectorInAMinuteIs429WithRetryAfter() {
    rateLimit.limit(5);
    for (int i = 0; i < 5; i++) {
      assertThat(search("Bearer " + TOKEN, body("")).status()).isEqualTo(200);
    }
    Reply refused = search("Bearer " + TOKEN, body(""));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers()).containsEntry("Retry-After", "60");
    assertThat(search("Bearer " + TOKEN, body("").replace("=orders", "=other")).status())
        .as("the limit is per connector")
        .isEqualTo(200);
    assertThat(api.searches()).isEqualTo(new ConfluentCloudEmulator.LogSearches(6, 1));
  }

  @Test
  void theBookKeepsTheNewestEntriesOfEachConnector() {
    LogBook small = new LogBook(2);
    for (int i = 0; i < 3; i++) {
      small.add("clcc-1", NOW.plusSeconds(i), "INFO", "line " + i, null, null);
    }
    assertThat(small.of("clcc-1"))
        .extracting(LogBook.Entry::message)
        .containsExactly("line 1", "line 2");
    assertThat(small.of("clcc-9")).isEmpty();
  }

  private void log(String connector, Instant at, String level, String message) {
    book.add(
        connector,
        at,
        level,
        message,
        "task-0",
        level.equals("ERROR") ? "java.lang.IllegalStateException: boom\n\tat Task.poll" : null);
  }

  private void assertRefused(String body, int status, String named) {
    Reply reply;
    try {
      reply = search("Bearer " + TOKEN, body);
    } catch (ApiException e) {
      reply = e.reply(ErrorShape.FAILURE);
    }
    assertThat(reply.status()).as(reply.bodyText()).isEqualTo(status);
    assertThat(json(reply).path("errors").path(0).path("detail").asText()).contains(named);
  }

  /** A valid body for the last hour, {@code extra} fields appended. */
  private static String body(String extra) {
    return "{\"crn\":\""
        + CRN
        + "\",\"sort\":\"desc\",\"start_time\":\"2026-12-01T11:00:00Z\""
        + ",\"end_time\":\"2026-12-01T12:00:00Z\""
        + extra
        + "}";
  }

  private Reply search(String authorization, String body) {
    return search(authorization, body, null);
  }

  private Reply search(String authorization, String body, String query) {
    Headers headers = new Headers();
    if (authorization != null) {
      headers.add("Authorization", authorization);
    }
    URI uri = URI.create(LogSearchApi.PATH + (query == null ? "" : "?" + query));
    Call call = new Call("POST", uri, headers, body.getBytes(StandardCharsets.UTF_8), BASE, "ip");
    try {
      return api.search(call);
    } catch (ApiException e) {
      return e.reply(ErrorShape.FAILURE);
    }
  }

  private static JsonNode json(Reply reply) {
    try {
      return Call.JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
