package io.customconnectors.testkit.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Python virtualenv holding exactly the pinned moto of {@code testkit/moto/requirements.txt},
 * made on first use under {@code ~/.cache/customconnectors/} and reused while the pins are
 * unchanged.
 */
final class MotoInstallation {

  private static final Logger log = LoggerFactory.getLogger(MotoInstallation.class);
  private static final String REQUIREMENTS = "requirements.txt";
  private static final String LAUNCHER = "moto_server.py";

  private MotoInstallation() {}

  /** The venv's python and our launcher, ready to run. */
  record Installed(Path python, Path launcher) {}

  static Installed ensure() {
    byte[] requirements = resource(REQUIREMENTS);
    byte[] launcher = resource(LAUNCHER);
    Path venv = cacheRoot().resolve("moto-" + fingerprint(requirements));
    try {
      Files.createDirectories(venv.getParent());
      Path lockFile = venv.getParent().resolve(venv.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        Path marker = venv.resolve(".installed");
        if (!Files.exists(marker)) {
          install(venv, requirements);
          Files.writeString(marker, "ok\n");
        }
      }
      Path launcherFile = venv.resolve(LAUNCHER);
      Files.write(launcherFile, launcher);
      return new Installed(venv.resolve("bin/python"), launcherFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void install(Path venv, byte[] requirements) throws IOException {
    String python = findPython();
    log.info("Creating moto virtualenv in {} (once; pip downloads from PyPI)", venv);
    long started = System.nanoTime();
    deleteRecursively(venv);
    run(List.of(python, "-m", "venv", venv.toString()), "python3 -m venv");
    Path requirementsFile = venv.resolve(REQUIREMENTS);
    Files.write(requirementsFile, requirements);
    run(
        List.of(
            venv.resolve("bin/pip").toString(),
            "install",
            "--no-input",
            "--disable-pip-version-check",
            "--quiet",
            "-r",
            requirementsFile.toString()),
        "pip install -r testkit/moto/requirements.txt");
    log.info("moto installed in {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }

  private static String findPython() {
    for (String candidate : List.of("python3", "python")) {
      try {
        Process process =
            new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // not on the PATH; try the next name
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new TestAbortedException(
        "Skipped: moto needs Python 3.9+ with venv on the PATH (python3), to install"
            + " testkit/moto/requirements.txt from PyPI");
  }

  private static void run(List<String> command, String what) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new TestAbortedException(
            "Skipped: could not install moto (" + what + " failed):\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("customconnectors");
  }

  private static String fingerprint(byte[] requirements) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(requirements);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = MotoInstallation.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the testkit jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
