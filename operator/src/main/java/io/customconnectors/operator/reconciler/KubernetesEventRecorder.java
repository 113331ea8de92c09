package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes Events through the Kubernetes API ({@code kubectl describe} and {@code kubectl get events}
 * show them), on a thread of its own: a reconcile does not wait for an event to be written. Events
 * are best effort: a failure to write one is logged, and when a burst outruns the API server the
 * excess is dropped rather than queued without bound.
 */
public final class KubernetesEventRecorder implements EventRecorder, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final String COMPONENT = "custom-connector-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final ThreadPoolExecutor writer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(1_000),
          runnable -> {
            Thread thread = new Thread(runnable, "event-writer");
            thread.setDaemon(true);
            return thread;
          },
          (dropped, pool) -> log.debug("Dropped an event: {} events wait already", 1_000));

  /** {@code instance} names this replica in each event (the pod's name), next to the component. */
  public KubernetesEventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  @Override
  public void record(HasMetadata resource, Type type, String reason, String message) {
    Instant now = clock.instant();
    writer.execute(() -> write(resource, type, reason, message, now));
  }

  /** Writes what is queued (for at most a few seconds), then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(HasMetadata resource, Type type, String reason, String message, Instant now) {
    String namespace = resource.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      resource.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 8))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(resource.getApiVersion())
                          .withKind(resource.getKind())
                          .withName(resource.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(resource.getMetadata().getUid())
                          .build())
                  .withType(type.name())
                  .withReason(reason)
                  .withMessage(message.length() > 1024 ? message.substring(0, 1023) + "…" : message)
                  .withFirstTimestamp(now.toString())
                  .withLastTimestamp(now.toString())
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .withHost(instance)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .withReportingInstance(instance)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not record event {} for {}/{}: {}",
          reason,
          namespace,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
