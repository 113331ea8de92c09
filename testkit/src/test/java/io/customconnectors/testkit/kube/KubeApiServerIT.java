package io.customconnectors.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

class KubeApiServerIT {

  private static KubeApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = KubeApiServer.shared();
    client = server.newClient();
    System.out.printf(
        "kube-apiserver %s + etcd started in %d ms%n",
        KubeApiServerBinaries.kubernetesVersion(), server.startupTime().toMillis());
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void servesThePinnedKubernetesRelease() {
    assertThat(client.getKubernetesVersion().getGitVersion())
        .isEqualTo("v" + KubeApiServerBinaries.kubernetesVersion());
  }

  @Test
  void kubectlOfTheSameReleaseCreatesAndListsObjects() {
    Kubectl.Result created = server.kubectl().run("create", "namespace", "kubectl-smoke");
    assertThat(created.succeeded()).as("%s", created).isTrue();

    Kubectl.Result listed = server.kubectl().run("get", "namespaces", "-o", "name");
    assertThat(listed.stdout()).contains("namespace/kubectl-smoke", "namespace/default");

    Kubectl.Result version = server.kubectl().run("version", "-o", "json");
    assertThat(version.stdout())
        .contains("\"serverVersion\"")
        .contains("\"gitVersion\": \"v" + KubeApiServerBinaries.kubernetesVersion() + "\"");
  }

  @Test
  void serverSideApplyMergesFieldsOfTwoManagers() {
    ConfigMap first =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("ssa-probe")
            .withNamespace("default")
            .endMetadata()
            .withData(Map.of("owned-by-first", "1"))
            .build();
    ConfigMap second = new ConfigMapBuilder(first).withData(Map.of("owned-by-second", "2")).build();

    client.resource(first).fieldManager("first").serverSideApply();
    client.resource(second).fieldManager("second").serverSideApply();

    assertThat(client.configMaps().inNamespace("default").withName("ssa-probe").get().getData())
        .containsEntry("owned-by-first", "1")
        .containsEntry("owned-by-second", "2");
  }
}
