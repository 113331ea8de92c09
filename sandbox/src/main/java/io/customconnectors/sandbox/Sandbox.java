package io.customconnectors.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.customconnectors.testkit.kube.KubeApiServer;
import io.customconnectors.testkit.kube.KubeApiServerBinaries;
import io.customconnectors.testkit.kube.Kubectl;

/**
 * The local sandbox: a real kube-apiserver + etcd with the CRDs of {@code crds/} and the in-cluster
 * samples of {@code config/samples/kafka-connect} applied, and a kubeconfig to use with kubectl.
 * Later issues add the operator, Kafka, Connect, the AWS and Confluent Cloud stand-ins.
 */
public final class Sandbox {

  public static final String NAMESPACE = "default";

  private final Path repositoryRoot;
  private final KubeApiServer server;
  private final Path kubeconfig;

  private Sandbox(Path repositoryRoot, KubeApiServer server, Path kubeconfig) {
    this.repositoryRoot = repositoryRoot;
    this.server = server;
    this.kubeconfig = kubeconfig;
  }

  /** Starts the API server, applies CRDs and samples, and writes {@code target/kubeconfig}. */
  public static Sandbox start(Path repositoryRoot) {
    Path root = repositoryRoot.toAbsolutePath().normalize();
    KubeApiServer server = KubeApiServer.shared();
    Path kubeconfig = root.resolve("sandbox/target/kubeconfig");
    try {
      Files.createDirectories(kubeconfig.getParent());
      Files.writeString(kubeconfig, server.kubeconfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Sandbox sandbox = new Sandbox(root, server, kubeconfig);
    sandbox.apply(root.resolve("crds"));
    sandbox.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");
    sandbox.apply(root.resolve("config/samples/kafka-connect"));
    return sandbox;
  }

  public Kubectl.Result kubectl(String... args) {
    Kubectl.Result result = server.kubectl().run(args);
    if (!result.succeeded()) {
      throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + result);
    }
    return result;
  }

  private void apply(Path directory) {
    kubectl("apply", "-n", NAMESPACE, "-f", directory.toString());
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  String instructions() {
    Path kubectl = KubeApiServerBinaries.kubectl();
    return String.join(
        "\n",
        "",
        "Sandbox ready: kube-apiserver " + KubeApiServerBinaries.kubernetesVersion() + " with the",
        "CRDs of " + repositoryRoot.resolve("crds") + " and the samples of",
        repositoryRoot.resolve("config/samples/kafka-connect") + " applied.",
        "",
        "In another shell:",
        "  export KUBECONFIG=" + kubeconfig,
        "  alias kubectl=" + kubectl,
        "  kubectl get connectorplugins,customconnectors",
        "  kubectl explain customconnector.spec",
        "",
        "The operator is not part of the sandbox yet, so STATE and READY stay empty.",
        "Press Ctrl-C to stop.",
        "");
  }

  public static void main(String[] args) throws InterruptedException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Sandbox sandbox = start(root);
    System.out.println(
        sandbox.kubectl("get", "connectorplugins,customconnectors", "-n", NAMESPACE).stdout());
    System.out.println(sandbox.instructions());
    new CountDownLatch(1).await();
  }
}
