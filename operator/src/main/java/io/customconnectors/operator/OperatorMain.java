package io.customconnectors.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Runs the operator with the current kubeconfig, or the pod's service account in a cluster, until
 * the JVM is told to stop (SIGTERM stops reconciling gracefully).
 */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Before any class makes its logger: the simple logger reads its levels once.
    LogLevels.apply(System.getenv(LogLevels.SETTING));
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    CustomConnectorOperator operator = new CustomConnectorOperator(client, settings).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                },
                "operator-shutdown"));
    Thread.currentThread().join();
  }
}
