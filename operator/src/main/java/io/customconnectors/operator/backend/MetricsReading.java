package io.customconnectors.operator.backend;

import java.time.Duration;
import java.time.Instant;

/**
 * What a connector did over one window, as its target's metrics say; a field is null where the
 * target does not report it. Windows of one connector follow each other without gaps, so counts add
 * up to everything it did.
 *
 * @param recordsIn records a sink read from Kafka
 * @param recordsOut records a source wrote to Kafka
 * @param workerCpuMillicores CPU the worker process used (Kafka Connect's metrics endpoint)
 * @param workerCpuLoadPercent the worker's CPU load as Confluent Cloud reports it
 * @param workerMemoryFreeBytes heap the worker can still use
 */
public record MetricsReading(
    Long recordsIn,
    Long recordsOut,
    Long bytesIn,
    Long bytesOut,
    Long deadLetterQueueRecords,
    Long lag,
    Long workerCpuMillicores,
    Long workerCpuLoadPercent,
    Long workerMemoryFreeBytes,
    Duration window,
    Instant at) {

  /** Records in and out per second over the window. */
  public double recordsPerSecond() {
    double seconds = Math.max(1, window.toMillis()) / 1000.0;
    long records = (recordsIn == null ? 0 : recordsIn) + (recordsOut == null ? 0 : recordsOut);
    return records / seconds;
  }
}
