package io.customconnectors.testkit.ccloud;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Metrics API's time syntax: intervals {@code start/end}, {@code start/duration} and {@code
 * duration/end}, with {@code now}, offsets ({@code now-2m}) and truncation ({@code now|h}); and the
 * granularity limits (PT1M only up to 6 hours, and so on).
 */
final class Intervals {

  record Interval(Instant start, Instant end) {}

  static final Map<String, Duration> GRANULARITIES =
      Map.ofEntries(
          Map.entry("PT1M", Duration.ofMinutes(1)),
          Map.entry("PT5M", Duration.ofMinutes(5)),
          Map.entry("PT15M", Duration.ofMinutes(15)),
          Map.entry("PT30M", Duration.ofMinutes(30)),
          Map.entry("PT1H", Duration.ofHours(1)),
          Map.entry("PT4H", Duration.ofHours(4)),
          Map.entry("PT6H", Duration.ofHours(6)),
          Map.entry("PT12H", Duration.ofHours(12)),
          Map.entry("P1D", Duration.ofDays(1)));

  private static final Map<String, Duration> MAX_INTERVAL =
      Map.of(
          "PT1M", Duration.ofHours(6),
          "PT5M", Duration.ofDays(1),
          "PT15M", Duration.ofDays(4),
          "PT30M", Duration.ofDays(7));

  private static final Pattern NOW =
      Pattern.compile("^now(?:([+-])(\\d+)([smhd]))?(?:\\|([smhd]))?$");

  private Intervals() {}

  static Interval parse(String text, Instant now) {
    String[] parts = text.split("/");
    if (parts.length != 2) {
      throw ApiException.badRequest(
          "interval '" + text + "' must be start/end, start/duration or duration/end");
    }
    if (parts[0].startsWith("P")) {
      Instant end = instant(parts[1], now);
      return checked(new Interval(end.minus(duration(parts[0])), end), text);
    }
    Instant start = instant(parts[0], now);
    Instant end =
        parts[1].startsWith("P") ? start.plus(duration(parts[1])) : instant(parts[1], now);
    return checked(new Interval(start, end), text);
  }

  /** Checks a granularity and that the interval is not too long for it. */
  static Duration granularity(String name, Interval interval) {
    if (name.equals("ALL")) {
      return Duration.between(interval.start(), interval.end());
    }
    Duration step = GRANULARITIES.get(name);
    if (step == null) {
      throw ApiException.badRequest(
          "granularity must be one of " + GRANULARITIES.keySet() + " or ALL");
    }
    Duration max = MAX_INTERVAL.get(name);
    if (max != null && Duration.between(interval.start(), interval.end()).compareTo(max) > 0) {
      throw ApiException.badRequest(
          "granularity " + name + " is only allowed for intervals up to " + max);
    }
    return step;
  }

  private static Interval checked(Interval interval, String text) {
    if (!interval.end().isAfter(interval.start())) {
      throw ApiException.badRequest("interval '" + text + "' ends before it starts");
    }
    return interval;
  }

  private static Instant instant(String text, Instant now) {
    Matcher relative = NOW.matcher(text);
    if (relative.matches()) {
      Instant value = now;
      if (relative.group(1) != null) {
        Duration offset = unit(relative.group(3)).multipliedBy(Long.parseLong(relative.group(2)));
        value = relative.group(1).equals("-") ? value.minus(offset) : value.plus(offset);
      }
      if (relative.group(4) != null) {
        value = value.truncatedTo(chrono(relative.group(4)));
      }
      return value;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("'" + text + "' is not an ISO-8601 time or a now expression");
    }
  }

  private static Duration duration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("'" + text + "' is not an ISO-8601 duration");
    }
  }

  private static Duration unit(String unit) {
    return Duration.of(1, chrono(unit));
  }

  private static ChronoUnit chrono(String unit) {
    return switch (unit) {
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      default -> ChronoUnit.DAYS;
    };
  }
}
