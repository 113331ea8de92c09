package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.management.AttributeNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what really happened from the Connect worker over JMX: records and bytes each connector's
 * tasks wrote or read, dead letter queue writes and lag, and the worker's CPU load and free heap.
 */
final class MetricsSampler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsSampler.class);

  private final int jmxPort;
  private final Supplier<Set<String>> connectorIds;
  private final MetricsStore store;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "ccloud-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private JMXConnector connector;

  MetricsSampler(
      int jmxPort,
      Supplier<Set<String>> connectorIds,
      MetricsStore store,
      Clock clock,
      Duration every) {
    this.jmxPort = jmxPort;
    this.connectorIds = connectorIds;
    this.store = store;
    this.clock = clock;
    timer.scheduleWithFixedDelay(
        this::sample, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      MBeanServerConnection jmx = connection();
      double cpu =
          number(
              jmx.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "ProcessCpuLoad"));
      CompositeData heap =
          (CompositeData)
              jmx.getAttribute(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage");
      double free = number(heap.get("max")) - number(heap.get("used"));
      for (String id : connectorIds.get()) {
        Map<String, Double> values = new HashMap<>();
        values.put(
            MetricsStore.PREFIX + "sent_records",
            sum(
                jmx,
                "kafka.connect:type=source-task-metrics,connector=" + id + ",task=*",
                "source-record-write-total"));
        values.put(
            MetricsStore.PREFIX + "received_records",
            sum(
                jmx,
                "kafka.connect:type=sink-task-metrics,connector=" + id + ",task=*",
                "sink-record-read-total"));
        values.put(
            MetricsStore.PREFIX + "sent_bytes",
            sum(
                jmx,
                "kafka.producer:type=producer-metrics,client-id=connector-producer-" + id + "-*",
                "outgoing-byte-total"));
        values.put(
            MetricsStore.PREFIX + "received_bytes",
            sum(
                jmx,
                "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-"
                    + id
                    + "-*",
                "bytes-consumed-total"));
        values.put(
            MetricsStore.PREFIX + "dead_letter_queue_records",
            sum(
                jmx,
                "kafka.connect:type=task-error-metrics,connector=" + id + ",task=*",
                "deadletterqueue-produce-requests"));
        values.put(
            MetricsStore.PREFIX + "records_lag_max",
            sum(
                jmx,
                "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=connector-consumer-"
                    + id
                    + "-*",
                "records-lag-max"));
        values.put(MetricsStore.PREFIX + "custom_worker_cpu_load", cpu);
        values.put(MetricsStore.PREFIX + "custom_worker_memory_free_bytes", free);
        store.record(id, clock.instant(), values);
      }
    } catch (Exception e) {
      log.debug("Metrics sample failed (worker restarting?): {}", e.getMessage());
      closeConnection();
    }
  }

  private static double sum(MBeanServerConnection jmx, String pattern, String attribute)
      throws Exception {
    double total = 0;
    for (ObjectName name : jmx.queryNames(new ObjectName(pattern), null)) {
      try {
        double value = number(jmx.getAttribute(name, attribute));
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
          total += Math.max(0, value);
        }
      } catch (AttributeNotFoundException missing) {
        // not this kind of task
      }
    }
    return total;
  }

  private static double number(Object value) {
    return value instanceof Number number ? number.doubleValue() : 0;
  }

  private synchronized MBeanServerConnection connection() throws IOException {
    if (connector == null) {
      connector =
          JMXConnectorFactory.connect(
              new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
    }
    return connector.getMBeanServerConnection();
  }

  private synchronized void closeConnection() {
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException ignored) {
        // reconnect next time
      }
      connector = null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    closeConnection();
  }
}
