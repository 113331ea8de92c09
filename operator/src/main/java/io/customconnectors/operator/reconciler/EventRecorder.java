package io.customconnectors.operator.reconciler;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes Kubernetes Events about our resources ({@code kubectl describe} and {@code kubectl get
 * events} show them). Callers pass messages that were already redacted; a failure to write an event
 * is logged and otherwise ignored, as events are best effort.
 */
public class EventRecorder {

  /** Normal or Warning, as Kubernetes defines them. */
  public enum Type {
    Normal,
    Warning
  }

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "custom-connector-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  /** {@code instance} names this replica in each event (the pod's name), next to the component. */
  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  public void record(HasMetadata resource, Type type, String reason, String message) {
    Instant now = clock.instant();
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
