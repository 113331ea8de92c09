package io.customconnectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SandboxIT {

  @Test
  void startsWithCrdsAndInClusterSamplesAppliedAndWritesAKubeconfig() throws Exception {
    Sandbox sandbox = Sandbox.start(Path.of(System.getProperty("repository.root", "..")));

    assertThat(
            sandbox
                .kubectl("get", "customconnectors", "-n", Sandbox.NAMESPACE, "-o", "name")
                .stdout())
        .contains("customconnector.customconnectors.io/dynamodb-supermarket");
    assertThat(
            sandbox
                .kubectl("get", "connectorplugins", "-n", Sandbox.NAMESPACE, "-o", "name")
                .stdout())
        .contains("connectorplugin.customconnectors.io/dynamodb-source");
    assertThat(Files.readString(sandbox.kubeconfig())).contains("server: https://");
    assertThat(sandbox.instructions()).contains("export KUBECONFIG=" + sandbox.kubeconfig());
  }
}
