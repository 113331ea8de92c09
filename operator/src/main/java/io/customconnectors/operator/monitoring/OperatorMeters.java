package io.customconnectors.operator.monitoring;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.customconnectors.operator.backend.MetricsReading;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The operator's own meters, on Micrometer's global registry (what {@code /metrics} serves through
 * {@link #prometheus()}, with the JVM's heap and the process's CPU): backend calls ({@code
 * customconnectors_backend_requests_seconds}, timed where they are made), polls by kind and
 * outcome, connectors by state, and each connector's record rates from its newest metrics reading.
 * Per-connector meters go with the connector.
 */
public final class OperatorMeters {

  public static final String POLLS = "customconnectors.polls";
  public static final String CONNECTORS = "customconnectors.connectors";
  public static final String CONNECTOR_RECORDS = "customconnectors.connector.records.per.second";

  private static PrometheusMeterRegistry prometheus;
  private static final Map<ResourceID, String> states = new ConcurrentHashMap<>();
  private static final Set<String> stateGauges = ConcurrentHashMap.newKeySet();
  private static final Map<ResourceID, Set<Meter.Id>> connectorMeters = new ConcurrentHashMap<>();

  private OperatorMeters() {}

  /** The Prometheus registry, added to the global one on first use. */
  public static synchronized PrometheusMeterRegistry prometheus() {
    if (prometheus == null) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(prometheus);
      new ProcessorMetrics().bindTo(prometheus);
      Metrics.addRegistry(prometheus);
    }
    return prometheus;
  }

  private static MeterRegistry registry() {
    return Metrics.globalRegistry;
  }

  /** How long polls of one kind ({@code connectors}, {@code metrics}) take, by outcome. */
  public static Timer poll(String kind, String outcome) {
    return Timer.builder(POLLS)
        .description("Polls of Connect clusters and metrics endpoints")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry());
  }

  /** The connector's state as last recorded in its status (RUNNING, FAILED, Unknown, ...). */
  public static void connectorState(ResourceID resource, String state) {
    String value = state == null || state.isBlank() ? "UNKNOWN" : state;
    states.put(resource, value);
    if (stateGauges.add(value)) {
      Gauge.builder(CONNECTORS, states, all -> count(all, value))
          .description("CustomConnectors by the state their status reports")
          .tag("state", value)
          .register(registry());
    }
  }

  private static double count(Map<ResourceID, String> all, String state) {
    return all.values().stream().filter(state::equals).count();
  }

  /** Gauges of the connector's record rates, read from {@code latest} when scraped. */
  public static void connectorReading(
      ResourceID resource, Function<ResourceID, MetricsReading> latest) {
    connectorMeters.computeIfAbsent(
        resource,
        id -> {
          Set<Meter.Id> ids = ConcurrentHashMap.newKeySet();
          ids.add(rate(id, "in", latest).getId());
          ids.add(rate(id, "out", latest).getId());
          return ids;
        });
  }

  private static Gauge rate(
      ResourceID id, String direction, Function<ResourceID, MetricsReading> latest) {
    return Gauge.builder(
            CONNECTOR_RECORDS,
            id,
            resource -> {
              MetricsReading reading = latest.apply(resource);
              if (reading == null) {
                return Double.NaN;
              }
              Long records = direction.equals("in") ? reading.recordsIn() : reading.recordsOut();
              double seconds = Math.max(1, reading.window().toMillis()) / 1000.0;
              return records == null ? Double.NaN : records / seconds;
            })
        .description("Records per second a connector read (in) or wrote (out), newest window")
        .tag("namespace", id.getNamespace().orElse(""))
        .tag("name", id.getName())
        .tag("direction", direction)
        .register(registry());
  }

  /** The connector's resource is gone: its meters and its state go too. */
  public static void forgetConnector(ResourceID resource) {
    states.remove(resource);
    Set<Meter.Id> ids = connectorMeters.remove(resource);
    if (ids != null) {
      ids.forEach(id -> registry().remove(id));
    }
  }
}
