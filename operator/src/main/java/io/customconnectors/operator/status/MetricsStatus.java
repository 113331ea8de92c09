package io.customconnectors.operator.status;

import java.time.temporal.ChronoUnit;

import io.customconnectors.operator.api.v1alpha1.ConnectorMetrics;
import io.customconnectors.operator.api.v1alpha1.CustomConnectorStatus;
import io.customconnectors.operator.backend.MetricsReading;

/**
 * {@code status.metrics} from the newest reading of the connector's metrics; the previous figures
 * stay until a newer reading replaces them (a reconcile between two readings changes nothing), and
 * go when metrics are turned off. A pure function.
 */
public final class MetricsStatus {

  private MetricsStatus() {}

  public static CustomConnectorStatus apply(
      CustomConnectorStatus status,
      CustomConnectorStatus previous,
      MetricsReading reading,
      boolean enabled) {
    if (!enabled) {
      status.setMetrics(null);
    } else if (reading != null) {
      status.setMetrics(of(reading));
    } else if (previous != null) {
      status.setMetrics(previous.getMetrics());
    }
    return status;
  }

  static ConnectorMetrics of(MetricsReading reading) {
    ConnectorMetrics metrics = new ConnectorMetrics();
    metrics.setRecordsIn(reading.recordsIn());
    metrics.setRecordsOut(reading.recordsOut());
    metrics.setBytesIn(reading.bytesIn());
    metrics.setBytesOut(reading.bytesOut());
    metrics.setDeadLetterQueueRecords(reading.deadLetterQueueRecords());
    metrics.setLag(reading.lag());
    // Two decimals: enough for a column, and a rate that did not change does not look changed.
    metrics.setRecordsPerSecond(Math.round(reading.recordsPerSecond() * 100) / 100.0);
    metrics.setWorkerCpuMillicores(reading.workerCpuMillicores());
    metrics.setWorkerCpuLoadPercent(reading.workerCpuLoadPercent());
    metrics.setWorkerMemoryFreeBytes(reading.workerMemoryFreeBytes());
    metrics.setWindow(reading.window().toString());
    metrics.setUpdatedAt(reading.at().truncatedTo(ChronoUnit.SECONDS).toString());
    return metrics;
  }
}
