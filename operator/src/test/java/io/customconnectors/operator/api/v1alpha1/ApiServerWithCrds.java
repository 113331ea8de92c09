package io.customconnectors.operator.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.customconnectors.testkit.kube.KubeApiServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The test bed's real kube-apiserver with the checked-in CRDs applied by server-side apply, once
 * per JVM. A CRD the server rejects fails every test that uses it, with the server's reason. The
 * statuses written on it are recorded for the Argo CD health checks (ObservedStatuses).
 */
public final class ApiServerWithCrds {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static KubernetesClient client;

  private ApiServerWithCrds() {}

  public static synchronized KubernetesClient client() {
    if (client == null) {
      KubernetesClient started = server().newClient();
      for (CustomResourceDefinition crd : checkedInCrds()) {
        started.resource(crd).fieldManager("crds-test").forceConflicts().serverSideApply();
        started
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(crd.getMetadata().getName())
            .waitUntilCondition(ApiServerWithCrds::established, 30, TimeUnit.SECONDS);
      }
      ObservedStatuses.recordFrom(started);
      client = started;
    }
    return client;
  }

  public static KubeApiServer server() {
    return KubeApiServer.shared();
  }

  /** A fresh namespace, so tests never see each other's objects. */
  public static String newNamespace(String prefix) {
    String name = prefix + "-" + NAMESPACES.incrementAndGet();
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  static List<CustomResourceDefinition> checkedInCrds() {
    try (Stream<Path> files = Files.list(Crds.directory())) {
      return files
          .sorted()
          .map(ApiServerWithCrds::read)
          .map(yaml -> Serialization.unmarshal(yaml, CustomResourceDefinition.class))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
