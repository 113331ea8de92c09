package io.customconnectors.testkit.ccloud;

import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.testkit.kafka.ConnectWorker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Carries out an alter offsets request on the Connect worker. Connect alters offsets only of a
 * STOPPED connector, so the connector is stopped, altered and brought back to the state its user
 * left it in: the "momentary downtime" Confluent's document warns of.
 */
final class WorkerOffsetsAlteration {

  /** What came of it: Connect's message either way, and the offsets read before altering. */
  record Outcome(boolean applied, String message, JsonNode previousOffsets) {}

  private static final Logger log = LoggerFactory.getLogger(WorkerOffsetsAlteration.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final long STATUS_POLL_MILLIS = 100;

  private final ConnectWorker worker;
  private final ConnectorRegistry registry;

  WorkerOffsetsAlteration(ConnectWorker worker, ConnectorRegistry registry) {
    this.worker = worker;
    this.registry = registry;
  }

  Outcome carryOut(OffsetsRequest request) {
    String connector = "/connectors/" + request.connector.id;
    JsonNode previous = null;
    Outcome outcome;
    try {
      worker.send("PUT", connector + "/stop", null, 202, 204);
      awaitStopped(request.connector.id);
      previous = worker.send("GET", connector + "/offsets", null, 200).path("offsets");
      JsonNode answer =
          request.type.equals("PATCH")
              ? worker.send(
                  "PATCH", connector + "/offsets", Map.of("offsets", request.offsets), 200)
              : worker.send("DELETE", connector + "/offsets", null, 200);
      outcome = new Outcome(true, answer.path("message").asText(""), previous);
    } catch (RuntimeException refused) {
      outcome = new Outcome(false, WorkerRefusal.reason(refused), previous);
    }
    try {
      restore(request.connector);
    } catch (RuntimeException e) {
      log.warn("Connector {} stays stopped after altering its offsets", request.connector.id, e);
      return new Outcome(
          false,
          outcome.message()
              + " (but the connector could not be started again: "
              + WorkerRefusal.reason(e)
              + ")",
          previous);
    }
    return outcome;
  }

  /** Waits until the worker has stopped the connector and its tasks, as a PATCH requires. */
  private void awaitStopped(String id) {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    while (true) {
      JsonNode status = worker.connectorStatus(id);
      if (status.isMissingNode()) {
        throw new IllegalStateException("The connector was deleted while it was being stopped");
      }
      if (status.path("connector").path("state").asText().equals("STOPPED")
          && status.path("tasks").isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The connector did not stop within " + STOP_TIMEOUT.toSeconds() + " s: " + status);
      }
      try {
        Thread.sleep(STATUS_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while stopping the connector", e);
      }
    }
  }

  /** Running again, or paused if its user paused it (also while the request ran). */
  private void restore(EmulatedConnector connector) {
    boolean paused;
    synchronized (registry) {
      paused = connector.paused;
    }
    worker.send("PUT", "/connectors/" + connector.id + (paused ? "/pause" : "/resume"), null, 202);
  }
}
