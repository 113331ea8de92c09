package io.customconnectors.testkit.ccloud;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The alter offsets requests of all connectors (reference: ccloud-api.md 3.5): the latest one per
 * connector, one PENDING at a time. The runtime's tick hands due requests to a thread of their own,
 * so status mirroring goes on while a connector is stopped for its offsets.
 *
 * <p>Where Confluent's behaviour is unknown, the emulator assumes: a second request while one is
 * PENDING is refused with 400 (the document says only "one at a time" and declares no 409); the
 * status of a connector that never had a request is 404; DELETE resets all of the connector's
 * offsets, ignoring any partitions sent with it; a not yet (or not successfully) provisioned
 * connector's offsets cannot be altered (400); deleting a connector forgets its request.
 */
final class OffsetsRequests implements AutoCloseable {

  private final Clock clock;
  private final WorkerOffsetsAlteration alteration;
  private final ExecutorService carrier =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "ccloud-offsets");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<String, OffsetsRequest> latestByConnectorId = new HashMap<>();
  private final Map<String, Integer> postedByName = new HashMap<>();
  private volatile Duration delay = Duration.ZERO;

  OffsetsRequests(Clock clock, WorkerOffsetsAlteration alteration) {
    this.clock = clock;
    this.alteration = alteration;
  }

  /** Counts a POST whatever its answer, so a test sees duplicates that were refused too. */
  synchronized void counted(String connectorName) {
    postedByName.merge(connectorName, 1, Integer::sum);
  }

  synchronized int posted(String connectorName) {
    return postedByName.getOrDefault(connectorName, 0);
  }

  /** Holds requests back this long after they were made; read when they fall due. */
  void delay(Duration carryOutAfter) {
    this.delay = carryOutAfter;
  }

  /** Accepts a request and answers with its echo, unless one is PENDING still. */
  synchronized Map<String, Object> submit(EmulatedConnector connector, JsonNode body) {
    OffsetsRequest request = OffsetsRequest.parse(connector, body, clock.instant());
    OffsetsRequest previous = latestByConnectorId.get(connector.id);
    if (previous != null && previous.pending()) {
      throw ApiException.badRequest(
          "An alter offsets request for connector "
              + connector.name
              + " is still PENDING (requested at "
              + previous.info().get("requested_at")
              + "): you can only make one alter offsets request at a time");
    }
    latestByConnectorId.put(connector.id, request);
    return request.info();
  }

  synchronized Optional<Map<String, Object>> status(EmulatedConnector connector) {
    return Optional.ofNullable(latestByConnectorId.get(connector.id)).map(OffsetsRequest::status);
  }

  synchronized void forget(EmulatedConnector connector) {
    latestByConnectorId.remove(connector.id);
  }

  /** Starts carrying out the requests whose delay has passed; called by the runtime's tick. */
  void startDue() {
    List<OffsetsRequest> due = new ArrayList<>();
    synchronized (this) {
      for (OffsetsRequest request : latestByConnectorId.values()) {
        if (request.pending()
            && !request.started
            && !clock.instant().isBefore(request.requestedAt.plus(delay))) {
          request.started = true;
          due.add(request);
        }
      }
    }
    due.forEach(request -> carrier.execute(() -> carryOut(request)));
  }

  private void carryOut(OffsetsRequest request) {
    WorkerOffsetsAlteration.Outcome outcome = alteration.carryOut(request);
    synchronized (this) {
      request.phase =
          outcome.applied() ? OffsetsRequest.Phase.APPLIED : OffsetsRequest.Phase.FAILED;
      request.message = outcome.message();
      request.previousOffsets = outcome.previousOffsets();
      request.appliedAt = outcome.applied() ? clock.instant() : null;
    }
  }

  @Override
  public void close() {
    carrier.shutdownNow();
  }
}
