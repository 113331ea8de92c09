package io.customconnectors.operator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.customconnectors.operator.archive.PluginArchives;
import io.customconnectors.operator.backend.AllowedTargets;
import io.customconnectors.operator.backend.logs.LogTopicErrors;

/**
 * The operator's settings, from environment variables (the Helm chart sets them):
 *
 * <ul>
 *   <li>{@code WATCH_NAMESPACES}: comma-separated namespaces to watch; empty or unset: all
 *   <li>{@code POLL_INTERVAL}: how often each Connect cluster is listed, e.g. {@code 10s}, {@code
 *       PT30S}; default 10s
 *   <li>{@code LEADER_ELECTION_LEASE}: a Lease name turns leader election on (for more than one
 *       replica); {@code LEADER_ELECTION_NAMESPACE} is where it lives (default: the pod's); the
 *       holder is named by {@code HOSTNAME} (the pod's name), or a random id
 *   <li>{@code HEALTH_PORT}: port of {@code /healthz} and {@code /readyz}; default 8080, 0 = off
 *   <li>{@code RECONCILE_THREADS}: concurrent reconciliations; default 10
 *   <li>{@code BUNDLED_ARCHIVES_DIR}: where the image keeps the plugin archives it ships ({@code
 *       spec.archive.bundled}); default /opt/customconnectors/archives
 *   <li>{@code ARCHIVE_CACHE_DIR}: where downloaded plugin archives are kept; default a directory
 *       under java.io.tmpdir
 *   <li>{@code ALLOWED_CONFLUENT_CLOUD_ENDPOINTS}, {@code ALLOWED_KAFKA_CONNECT_URLS}: where the
 *       operator may send credentials and Secrets ({@link AllowedTargets}); default Confluent's own
 *       endpoints, and any Kafka Connect
 *   <li>{@code ARCHIVE_MAX_MB}: the largest plugin archive downloaded, in MiB; default 1024, the
 *       largest Confluent's CLI uploads
 *   <li>{@code SECRET_LABEL_SELECTOR}: when set (e.g. {@code customconnectors.io/use=true}), only
 *       Secrets with these labels are cached and usable; default all but Helm release and
 *       service-account-token Secrets
 *   <li>{@code METRICS_INTERVAL}: how often connector metrics are read into status where {@code
 *       spec.observability.intervalSeconds} does not say; default 60s
 *   <li>{@code CONFLUENT_METRICS_DELAY}: how far behind now Confluent's Metrics API is read, as its
 *       figures arrive late; default 5m
 *   <li>{@code LOG_TOPIC_PATTERN}: the name of a custom connector's log topic on Confluent Cloud,
 *       {@code {id}} standing for its id; default {@code {id}-app-logs}
 *   <li>{@code LOG_LEVEL}: log levels, {@code debug} or {@code info,io.customconnectors=debug}
 *       ({@link LogLevels}, read by {@link OperatorMain}); default info
 * </ul>
 */
public record OperatorSettings(
    Set<String> namespaces,
    Duration pollInterval,
    Optional<String> leaseName,
    Optional<String> leaseNamespace,
    Optional<String> identity,
    int healthPort,
    int reconcileThreads,
    Path bundledArchives,
    Path archiveCache,
    Optional<String> secretLabelSelector,
    AllowedTargets allowedTargets,
    long archiveMaxBytes,
    Duration metricsInterval,
    Duration confluentMetricsDelay,
    String logTopicPattern) {

  public OperatorSettings {
    if (pollInterval.isZero() || pollInterval.isNegative()) {
      throw new IllegalArgumentException(
          "POLL_INTERVAL is "
              + pollInterval
              + ": it must be positive, e.g. 10s (every cluster is listed once per interval)");
    }
    if (metricsInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "METRICS_INTERVAL is " + metricsInterval + ": use at least 1s, e.g. 60s");
    }
    if (confluentMetricsDelay.isNegative()) {
      throw new IllegalArgumentException(
          "CONFLUENT_METRICS_DELAY is " + confluentMetricsDelay + ": it cannot be negative");
    }
    if (archiveMaxBytes < 1) {
      throw new IllegalArgumentException("ARCHIVE_MAX_MB must be at least 1");
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException(
          "RECONCILE_THREADS is " + reconcileThreads + ": at least 1 is needed");
    }
  }

  private static final Path BUNDLED_ARCHIVES = Path.of("/opt/customconnectors/archives");
  private static final Path ARCHIVE_CACHE =
      Path.of(System.getProperty("java.io.tmpdir"), "customconnectors-archives");

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        duration("POLL_INTERVAL", env.getOrDefault("POLL_INTERVAL", "10s")),
        Optional.ofNullable(env.get("LEADER_ELECTION_LEASE")).filter(s -> !s.isBlank()),
        Optional.ofNullable(env.get("LEADER_ELECTION_NAMESPACE")).filter(s -> !s.isBlank()),
        Optional.ofNullable(env.get("HOSTNAME")).filter(s -> !s.isBlank()),
        integer("HEALTH_PORT", env.getOrDefault("HEALTH_PORT", "8080")),
        integer("RECONCILE_THREADS", env.getOrDefault("RECONCILE_THREADS", "10")),
        Optional.ofNullable(env.get("BUNDLED_ARCHIVES_DIR"))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElse(BUNDLED_ARCHIVES),
        Optional.ofNullable(env.get("ARCHIVE_CACHE_DIR"))
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .orElse(ARCHIVE_CACHE),
        Optional.ofNullable(env.get("SECRET_LABEL_SELECTOR")).filter(s -> !s.isBlank()),
        AllowedTargets.parse(
            env.get(AllowedTargets.CONFLUENT_CLOUD_SETTING),
            env.get(AllowedTargets.KAFKA_CONNECT_SETTING)),
        ((long) integer("ARCHIVE_MAX_MB", env.getOrDefault("ARCHIVE_MAX_MB", "1024"))) << 20,
        duration("METRICS_INTERVAL", env.getOrDefault("METRICS_INTERVAL", "60s")),
        duration("CONFLUENT_METRICS_DELAY", env.getOrDefault("CONFLUENT_METRICS_DELAY", "5m")),
        env.getOrDefault("LOG_TOPIC_PATTERN", LogTopicErrors.DEFAULT_TOPIC));
  }

  /**
   * For tests: all namespaces, the given poll interval, no leader election, no health port, and
   * Confluent Cloud on loopback (the emulator, whose figures are not late) besides Confluent's own
   * endpoints, and metrics read every 10 s.
   */
  public static OperatorSettings forTests(Duration pollInterval) {
    return new OperatorSettings(
        Set.of(),
        pollInterval,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        10,
        BUNDLED_ARCHIVES,
        ARCHIVE_CACHE,
        Optional.empty(),
        AllowedTargets.parse(
            AllowedTargets.CONFLUENT_CLOUD_DEFAULT + ",http://127.0.0.1,http://localhost", null),
        PluginArchives.DEFAULT_MAX_BYTES,
        Duration.ofSeconds(10),
        Duration.ZERO,
        LogTopicErrors.DEFAULT_TOPIC);
  }

  /** The same settings with plugin archives shipped in {@code directory}. */
  public OperatorSettings withBundledArchives(Path directory) {
    return new OperatorSettings(
        namespaces,
        pollInterval,
        leaseName,
        leaseNamespace,
        identity,
        healthPort,
        reconcileThreads,
        directory,
        archiveCache,
        secretLabelSelector,
        allowedTargets,
        archiveMaxBytes,
        metricsInterval,
        confluentMetricsDelay,
        logTopicPattern);
  }

  /** The same settings watching only {@code watched} (all namespaces when empty). */
  public OperatorSettings withNamespaces(Set<String> watched) {
    return new OperatorSettings(
        Set.copyOf(watched),
        pollInterval,
        leaseName,
        leaseNamespace,
        identity,
        healthPort,
        reconcileThreads,
        bundledArchives,
        archiveCache,
        secretLabelSelector,
        allowedTargets,
        archiveMaxBytes,
        metricsInterval,
        confluentMetricsDelay,
        logTopicPattern);
  }

  /** The same settings with the health and metrics endpoints on {@code port}. */
  public OperatorSettings withHealthPort(int port) {
    return new OperatorSettings(
        namespaces,
        pollInterval,
        leaseName,
        leaseNamespace,
        identity,
        port,
        reconcileThreads,
        bundledArchives,
        archiveCache,
        secretLabelSelector,
        allowedTargets,
        archiveMaxBytes,
        metricsInterval,
        confluentMetricsDelay,
        logTopicPattern);
  }

  static Duration duration(String name, String text) {
    String value = text.trim();
    try {
      if (value.startsWith("P") || value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + "=" + text + " is not a duration: use e.g. 500ms, 10s, 2m or PT30S", e);
    }
  }

  private static int integer(String name, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + text + " is not a number", e);
    }
  }
}
