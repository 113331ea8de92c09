package io.customconnectors.operator.backend.logs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.customconnectors.operator.backend.BackendException;
import io.customconnectors.operator.backend.ConnectorLogSource;
import io.customconnectors.operator.backend.LogEntry;
import io.customconnectors.operator.backend.RemoteConnector;
import io.customconnectors.operator.backend.confluentcloud.ConfluentCloudConnection;
import io.customconnectors.operator.backend.http.JsonHttp;

import com.fasterxml.jackson.databind.JsonNode;

import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * Confluent's connector log search API ({@code POST /logs/v1/search}, a bearer token): the ERROR
 * entries of each connector since the last read, oldest first. The API admits about 5 requests a
 * minute per connector, so a connector is searched at most every 15 s. The search names a connector
 * by a CRN that starts with the organization's, read once from the environment ({@code GET
 * /org/v2/environments/{id}} with the target's Cloud API key).
 */
public final class LogSearchErrors implements ConnectorLogSource {

  public static final String DEFAULT_ENDPOINT = "https://api.logging.confluent.cloud";
  static final Duration MIN_GAP = Duration.ofSeconds(15);

  /** How far back Confluent lets a search start (72 h), less a margin for the request's trip. */
  private static final Duration HISTORY = Duration.ofHours(72).minusMinutes(5);

  private final JsonHttp search;
  private final JsonHttp org;
  private final ConfluentCloudConnection connection;
  private final Clock clock;
  private final Map<String, Instant> lastSearched = new ConcurrentHashMap<>();
  private volatile String environmentCrn;

  public LogSearchErrors(
      String endpoint, String token, ConfluentCloudConnection connection, Clock clock) {
    Duration timeout = Duration.ofSeconds(30);
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .callTimeout(timeout.multipliedBy(2))
            .build();
    this.search =
        new JsonHttp(
            "Confluent Cloud log search",
            "Confluent Cloud log search: ",
            JsonHttp.parse(endpoint),
            http,
            Map.of("Authorization", "Bearer " + token),
            null);
    this.org =
        new JsonHttp(
            "Confluent Cloud",
            "Confluent Cloud: ",
            JsonHttp.parse(
                connection.endpoint() == null || connection.endpoint().isBlank()
                    ? ConfluentCloudConnection.DEFAULT_ENDPOINT
                    : connection.endpoint()),
            http,
            Map.of(
                "Authorization",
                Credentials.basic(
                    connection.apiKey(), connection.apiSecret(), StandardCharsets.UTF_8)),
            null);
    this.connection = connection;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "LogSearch";
  }

  @Override
  public Map<String, List<LogEntry>> errors(
      Collection<RemoteConnector> connectors, Map<String, Instant> after, int limit) {
    Instant now = clock.instant();
    Map<String, List<LogEntry>> errors = new LinkedHashMap<>();
    for (RemoteConnector connector : connectors) {
      Instant last = lastSearched.get(connector.name());
      if (connector.id() == null || (last != null && last.plus(MIN_GAP).isAfter(now))) {
        continue;
      }
      lastSearched.put(connector.name(), now);
      Instant since = after.getOrDefault(connector.name(), Instant.EPOCH);
      Instant start = since.isBefore(now.minus(HISTORY)) ? now.minus(HISTORY) : since;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put(
          "crn",
          environmentCrn()
              + "/cloud-cluster="
              + connection.kafkaCluster()
              + "/connector="
              + connector.name());
      body.put("search", Map.of("level", List.of("ERROR"), "id", connector.id()));
      body.put("sort", "asc");
      body.put("start_time", second(start.truncatedTo(ChronoUnit.SECONDS)));
      body.put("end_time", second(now.plusSeconds(1)));
      JsonNode answer =
          search.send(
              "POST",
              List.of("logs", "v1", "search"),
              Map.of("page_size", List.of(Integer.toString(Math.max(1, limit)))),
              body,
              200);
      List<LogEntry> entries = new ArrayList<>();
      for (JsonNode entry : answer.path("data")) {
        Instant at;
        try {
          at = Instant.parse(entry.path("timestamp").asText());
        } catch (RuntimeException notATime) {
          continue;
        }
        if (at.isAfter(since) && entry.path("level").asText().equals("ERROR")) {
          entries.add(
              new LogEntry(
                  at,
                  "LogSearch",
                  LogTopicErrors.task(entry.path("task_id").asText("")),
                  entry.path("message").asText(""),
                  entry.path("exception").path("stacktrace").asText("")));
        }
      }
      if (!entries.isEmpty()) {
        errors.put(connector.name(), entries);
      }
    }
    return errors;
  }

  /** {@code crn://confluent.cloud/organization=<org>/environment=<env>}, read once. */
  private String environmentCrn() {
    if (environmentCrn == null) {
      JsonNode environment =
          org.send(
              "GET",
              List.of("org", "v2", "environments", connection.environment()),
              Map.of(),
              null,
              200);
      String crn = environment.path("metadata").path("resource_name").asText("");
      if (!crn.startsWith("crn://")) {
        throw new BackendException(
            502,
            "Confluent Cloud did not name the organization of " + connection.environment(),
            0,
            null);
      }
      environmentCrn = crn;
    }
    return environmentCrn;
  }

  /** The API's time format, YYYY-MM-DDTHH:MM:SSZ. */
  private static String second(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
