package io.customconnectors.testkit.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real kube-apiserver backed by a real etcd, started by {@code io.fabric8:kube-api-test} once per
 * JVM and stopped when the JVM exits. Same API semantics as a cluster: schema validation, CEL
 * rules, server-side apply, watches, printer columns.
 */
public final class KubeApiServer {

  private static final Logger log = LoggerFactory.getLogger(KubeApiServer.class);
  private static final int STARTUP_TIMEOUT_MILLIS = 120_000;

  private static KubeApiServer shared;
  private static TestAbortedException unavailable;

  private final KubeAPIServer server;
  private final String kubeconfigYaml;
  private final Path kubeconfigFile;
  private final Duration startupTime;
  private final Kubectl kubectl;

  private KubeApiServer(KubeAPIServer server, Duration startupTime) {
    this.server = server;
    this.startupTime = startupTime;
    this.kubeconfigYaml = server.getKubeConfigYaml();
    try {
      this.kubeconfigFile = Files.createTempFile("kubeconfig", ".yaml");
      Files.writeString(kubeconfigFile, kubeconfigYaml);
      kubeconfigFile.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.kubectl =
        new Kubectl(KubeApiServerBinaries.kubectl(), kubeconfigFile, Kubectl.newCacheDir());
  }

  /**
   * The JVM's API server, started on first use. When no binaries are available (not built here, and
   * kube-api-test could not download them either) this aborts the calling test with a message that
   * names the command to build them, so the test is reported as skipped rather than failed.
   */
  public static synchronized KubeApiServer shared() {
    if (unavailable != null) {
      throw unavailable;
    }
    if (shared == null) {
      Optional<String> missing = KubeApiServerBinaries.missing();
      try {
        shared = start(missing);
      } catch (RuntimeException e) {
        if (missing.isEmpty()) {
          throw e;
        }
        unavailable =
            new TestAbortedException(
                "Skipped: no real kube-apiserver. "
                    + missing.get()
                    + ". kube-api-test's download failed as well: "
                    + e.getMessage());
        throw unavailable;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "kube-apiserver-stop"));
    }
    return shared;
  }

  private static KubeApiServer start(Optional<String> missing) {
    KubeAPIServerConfigBuilder config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(KubeApiServerBinaries.testDir().toString())
            .withUpdateKubeConfig(false)
            .withStartupTimeout(STARTUP_TIMEOUT_MILLIS);
    if (missing.isEmpty()) {
      config.withOfflineMode(true).withApiServerVersion(KubeApiServerBinaries.kubernetesVersion());
    } else {
      log.warn(
          "{}; trying kube-api-test's download of the envtest release binaries", missing.get());
    }
    long started = System.nanoTime();
    KubeAPIServer server = new KubeAPIServer(config.build());
    server.start();
    Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
    log.info("kube-apiserver and etcd ready in {} ms", startupTime.toMillis());
    return new KubeApiServer(server, startupTime);
  }

  /** A new client for this server; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** kubectl, of the same release, pointed at this server. */
  public Kubectl kubectl() {
    return kubectl;
  }

  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  public Path kubeconfigFile() {
    return kubeconfigFile;
  }

  /** Wall time from launching etcd to an API server that serves the default namespace. */
  public Duration startupTime() {
    return startupTime;
  }

  private void stop() {
    server.stop();
  }
}
