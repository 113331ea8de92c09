package io.customconnectors.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import com.github.dockerjava.api.exception.NotFoundException;

/**
 * A one-node k3s in Docker, with what K3sWalkthroughIT does to it: images copied in from the local
 * Docker daemon, kubectl run on the node, and the address at which pods reach the test's own
 * machine.
 */
final class K3sCluster implements AutoCloseable {

  /** Pinned: a newer k3s is a change to make on purpose. */
  static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.32.5-k3s1");

  /** Testcontainers' name for the machine running the test, in every container it starts. */
  private static final String HOST_NAME = "host.testcontainers.internal";

  private final K3sContainer node = new K3sContainer(K3S);

  /**
   * Starts the node; ports given to {@code Testcontainers.exposeHostPorts} before this are
   * reachable from pods at {@link #hostAddress()}.
   */
  K3sCluster start() {
    node.start();
    return this;
  }

  /** Whether the local Docker daemon holds the image (a jib:dockerBuild puts it there). */
  static boolean hasLocalImage(String image) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Copies an image from the local Docker daemon into k3s's containerd, so that pods with {@code
   * imagePullPolicy: Never} run exactly what was built here.
   */
  void importLocalImage(String image) {
    try {
      Path tar = Files.createTempFile("k3s-image", ".tar");
      try {
        try (InputStream saved =
            DockerClientFactory.instance()
                .client()
                .saveImageCmd(repository(image))
                .withTag(tag(image))
                .exec()) {
          Files.copy(saved, tar, StandardCopyOption.REPLACE_EXISTING);
        }
        String inNode = "/tmp/" + tar.getFileName();
        node.copyFileToContainer(MountableFile.forHostPath(tar), inNode);
        exec("ctr", "-n", "k8s.io", "images", "import", inNode);
      } finally {
        Files.deleteIfExists(tar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl on the node, as its admin; fails with kubectl's output when it fails. */
  String kubectl(String... args) {
    return exec(withKubectl(args));
  }

  /** Like {@link #kubectl}, but the outcome is the caller's to judge. */
  ExecResult tryKubectl(String... args) {
    return run(withKubectl(args));
  }

  private static String[] withKubectl(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "kubectl";
    System.arraycopy(args, 0, command, 1, args.length);
    return command;
  }

  private String exec(String... command) {
    ExecResult result = run(command);
    if (result.getExitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited "
              + result.getExitCode()
              + ":\n"
              + result.getStdout()
              + result.getStderr());
    }
    return result.getStdout();
  }

  private ExecResult run(String... command) {
    try {
      return node.execInContainer(command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  /**
   * The IP address behind {@code host.testcontainers.internal}. The node's /etc/hosts has the name
   * but pods resolve through CoreDNS, which does not; the address itself routes from pods.
   */
  String hostAddress() {
    String[] hosts = node.getContainerInfo().getHostConfig().getExtraHosts();
    List<String> extraHosts = hosts == null ? List.of() : Arrays.asList(hosts);
    return extraHosts.stream()
        .filter(entry -> entry.startsWith(HOST_NAME + ":"))
        .map(entry -> entry.substring(HOST_NAME.length() + 1))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    HOST_NAME
                        + " is not among the node's hosts "
                        + extraHosts
                        + ": call Testcontainers.exposeHostPorts before starting k3s"));
  }

  String kubeConfigYaml() {
    return node.getKubeConfigYaml();
  }

  static String repository(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
  }

  static String tag(String image) {
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
  }

  @Override
  public void close() {
    node.stop();
  }
}
