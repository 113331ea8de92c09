package io.customconnectors.testkit.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the test bed's etcd, kube-apiserver and kubectl live: the layout {@code
 * io.fabric8:kube-api-test} reads, {@code
 * ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-<os>-<arch>/}. They are built from Go modules
 * by {@code testkit/envtest/build.sh}, which {@code ./mvnw verify} runs.
 */
public final class KubeApiServerBinaries {

  static final String BUILD_COMMAND = "testkit/envtest/build.sh";
  private static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kubectl");

  private KubeApiServerBinaries() {}

  /**
   * The Kubernetes release the test bed builds, from {@code testkit/envtest/KUBERNETES_VERSION}.
   */
  public static String kubernetesVersion() {
    try (InputStream in = KubeApiServerBinaries.class.getResourceAsStream("KUBERNETES_VERSION")) {
      if (in == null) {
        throw new IllegalStateException("KUBERNETES_VERSION is missing from the testkit jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory kube-api-test uses for binaries and certificates. */
  public static Path testDir() {
    String configured = System.getenv("KUBE_API_TEST_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".kubeapitest");
  }

  /** The directory holding this release's binaries. */
  public static Path binaryDir() {
    return testDir().resolve("k8s").resolve(kubernetesVersion() + "-" + platform());
  }

  /** kubectl of the same release as the API server. */
  public static Path kubectl() {
    return binaryDir().resolve("kubectl");
  }

  /** Empty when all three binaries are present, else a message that says how to get them. */
  public static Optional<String> missing() {
    List<String> absent =
        BINARIES.stream().filter(name -> !Files.isExecutable(binaryDir().resolve(name))).toList();
    if (absent.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(", ", absent)
            + " "
            + kubernetesVersion()
            + " not found in "
            + binaryDir()
            + ": run "
            + BUILD_COMMAND
            + " (needs Go 1.26+ on the PATH; ./mvnw verify runs it by itself)");
  }

  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String goOs = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
    String goArch =
        switch (arch) {
          case "x86_64", "amd64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          default -> arch;
        };
    return goOs + "-" + goArch;
  }
}
