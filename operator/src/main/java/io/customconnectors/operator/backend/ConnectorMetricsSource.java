package io.customconnectors.operator.backend;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Where a cluster's connector metrics are read: Confluent's Metrics API, or the Prometheus endpoint
 * of Kafka Connect workers. One instance per cluster keeps what it needs to make windows follow
 * each other (the previous scrape's counters, the previous query's end).
 */
public interface ConnectorMetricsSource {

  /**
   * The figures of these connectors since the previous read, by connector name: one round of calls
   * whatever the number of connectors. A connector without figures yet is left out. {@code
   * firstWindow} is how far back the first read of a connector looks, where the source can look
   * back at all. Throws {@link BackendException} (429 with its Retry-After included).
   */
  Map<String, MetricsReading> read(Collection<RemoteConnector> connectors, Duration firstWindow);

  /** Calls made so far; the figure the README's request budget is measured with. */
  long requests();
}
