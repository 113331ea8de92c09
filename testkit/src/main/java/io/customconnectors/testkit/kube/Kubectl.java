package io.customconnectors.testkit.kube;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs the test bed's kubectl against one API server, the way a user would from a shell. */
public final class Kubectl {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final ExecutorService PIPE_READERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "kubectl-output");
            thread.setDaemon(true);
            return thread;
          });

  private final Path binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** What one kubectl invocation printed and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  public Result run(String... args) {
    return run(DEFAULT_TIMEOUT, null, args);
  }

  /** Runs kubectl with {@code stdin} piped in (e.g. a manifest for {@code apply -f -}). */
  public Result runWithInput(String stdin, String... args) {
    return run(DEFAULT_TIMEOUT, stdin, args);
  }

  public Result run(Duration timeout, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    // kubectl caches discovery under ~/.kube/cache by default; keep tests out of the user's home.
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      CompletableFuture<String> stdout = readAsync(process.getInputStream());
      CompletableFuture<String> stderr = readAsync(process.getErrorStream());
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " timed out");
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Starts a kubectl that runs until closed ({@code get -w}, {@code logs -f}) and keeps its output
   * lines as they come.
   */
  public Streaming stream(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      Streaming streaming = new Streaming(process);
      PIPE_READERS.execute(streaming::read);
      return streaming;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running kubectl and the lines it has printed so far (stdout and stderr together). */
  public static final class Streaming implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Streaming(Process process) {
      this.process = process;
    }

    private void read() {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // The process was stopped: what it printed is kept.
      }
    }

    public List<String> lines() {
      return List.copyOf(lines);
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    // Own threads, not the common pool: with two cores it has one thread, and the two pipes must be
    // drained at the same time or a chatty stderr blocks the process.
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        PIPE_READERS);
  }

  static Path newCacheDir() {
    try {
      return Files.createTempDirectory("kubectl-cache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
