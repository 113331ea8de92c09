package io.customconnectors.testkit.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.testkit.support.Ports;

/**
 * moto's AWS server on a loopback port, one per JVM: DynamoDB tables and their tags, the Resource
 * Groups Tagging API, IAM users and policies, and (once {@link #enforceIam(boolean)} is on) SigV4
 * signature and permission checks answered as AWS answers them. See {@code moto_server.py} for the
 * parts of those answers this project adds to moto.
 */
public final class MotoServer {

  /** Account id moto puts into every ARN. */
  public static final String ACCOUNT_ID = "123456789012";

  private static final Logger log = LoggerFactory.getLogger(MotoServer.class);
  private static MotoServer shared;

  private final Process process;
  private final URI endpoint;
  private final Path logFile;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoServer(Process process, URI endpoint, Path logFile) {
    this.process = process;
    this.endpoint = endpoint;
    this.logFile = logFile;
  }

  /**
   * The JVM's moto server, installed and started on first use. Aborts the calling test (skipped,
   * with the reason) where Python or PyPI is not available.
   */
  public static synchronized MotoServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "moto-stop"));
    }
    return shared;
  }

  private static MotoServer start() {
    MotoInstallation.Installed installed = MotoInstallation.ensure();
    int port = Ports.freeLoopbackPort();
    try {
      Path logFile = Files.createTempFile("moto-server", ".log");
      Process process =
          new ProcessBuilder(
                  installed.python().toString(),
                  installed.launcher().toString(),
                  "-H",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
      MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), logFile);
      long started = System.nanoTime();
      server.awaitReady();
      log.info(
          "moto ready on {} in {} ms (log: {})",
          server.endpoint,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          logFile);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto exited at start-up:\n" + log());
      }
      try {
        send("GET", "/moto-api/data.json", "");
        return;
      } catch (UncheckedIOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException("moto did not answer within 60 s:\n" + log());
  }

  /** Base URL to use as the endpoint override of every AWS client. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Turns SigV4 and IAM policy checks on or off. Off (moto's default) any credentials work; on,
   * requests must be signed with an access key of an IAM user created in this server and be allowed
   * by that user's policies.
   */
  public void enforceIam(boolean enforce) {
    send("POST", "/moto-api/reset-auth", enforce ? "0" : "inf");
  }

  /** Forgets every table, tag, user and policy, and turns IAM checks off. */
  public void reset() {
    send("POST", "/moto-api/reset", "");
    enforceIam(false);
  }

  /** What moto printed so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(logFile);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private String send(String method, String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
