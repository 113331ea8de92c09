package io.customconnectors.operator.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.MavenArtifact;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.Reason;

import com.sun.net.httpserver.HttpServer;

class PluginArchivesTest {

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger requests =
      new java.util.concurrent.atomic.AtomicInteger();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          if (exchange.getRequestURI().getPath().equals("/endless.zip")) {
            endless(exchange);
            return;
          }
          byte[] body = served.get(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  /** 2 GB announced, and bytes for as long as anyone reads. */
  private static void endless(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = exchange.getResponseBody()) {
      for (long sent = 0; sent < (2L << 30); sent += chunk.length) {
        out.write(chunk);
      }
    } catch (IOException closedByTheReader) {
      // the operator gave up, as it should
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void aUrlArchiveIsVerifiedBeforeItIsKept() throws Exception {
    byte[] zip = hubZip("1.4.2");
    served.put("/dynamodb.zip", zip);
    PluginArchives archives = new PluginArchives(dir.resolve("bundled"), dir.resolve("cache"));

    String actual = sha256(zip);
    PluginArchive wrong = new PluginArchive();
    wrong.setUrl(url("/dynamodb.zip"));
    wrong.setSha256("0".repeat(64));
    assertThatThrownBy(() -> archives.fetch(wrong))
        .isInstanceOfSatisfying(
            PluginArchives.ArchiveException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ArchiveChecksumMismatch);
              assertThat(e.getMessage()).contains(actual).contains("nothing was uploaded");
            });
    assertThat(Files.list(dir.resolve("cache"))).isEmpty();

    PluginArchive right = new PluginArchive();
    right.setUrl(url("/dynamodb.zip"));
    right.setSha256(sha256(zip).toUpperCase());
    PluginArchives.Fetched fetched = archives.fetch(right);
    assertThat(fetched.sha256()).isEqualTo(sha256(zip));
    assertThat(fetched.version()).isEqualTo("1.4.2");
    assertThat(Files.readAllBytes(fetched.file())).isEqualTo(zip);
    assertThat(archives.identity(right)).isEqualTo("sha256:" + sha256(zip));

    PluginArchive missing = new PluginArchive();
    missing.setUrl(url("/missing.zip"));
    missing.setSha256(sha256(zip));
    // Same checksum as the cached file: no download needed. A new one is fetched and fails.
    assertThat(archives.fetch(missing).file()).isEqualTo(fetched.file());
    missing.setSha256("1".repeat(64));
    assertThatThrownBy(() -> archives.fetch(missing))
        .isInstanceOfSatisfying(
            PluginArchives.ArchiveException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ArchiveUnavailable);
              assertThat(e.getMessage()).contains("answered 404");
            });
  }

  @Test
  void aMavenArchiveIsCheckedAgainstTheRepositorysSha1() throws Exception {
    byte[] zip = hubZip("2.0.0");
    MavenArtifact maven = new MavenArtifact();
    maven.setRepository(url("/maven2/"));
    maven.setGroupId("io.example");
    maven.setArtifactId("dynamodb-source");
    maven.setVersion("2.0.0");
    maven.setClassifier("plugin");
    maven.setType("zip");
    String path = "/maven2/io/example/dynamodb-source/2.0.0/dynamodb-source-2.0.0-plugin.zip";
    assertThat(PluginArchives.mavenUrl(maven)).isEqualTo(url(path));
    served.put(path, zip);
    served.put(
        path + ".sha1",
        (sha1(zip) + "  dynamodb-source-2.0.0-plugin.zip").getBytes(StandardCharsets.UTF_8));
    PluginArchive archive = new PluginArchive();
    archive.setMaven(maven);

    PluginArchives tampered = new PluginArchives(dir, dir.resolve("tampered"));
    served.put(
        path + ".sha1",
        "0000000000000000000000000000000000000000".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> tampered.fetch(archive))
        .isInstanceOfSatisfying(
            PluginArchives.ArchiveException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ArchiveChecksumMismatch));

    served.put(path + ".sha1", sha1(zip).getBytes(StandardCharsets.UTF_8));
    PluginArchives.Fetched fetched = new PluginArchives(dir, dir.resolve("cache")).fetch(archive);
    assertThat(fetched.sha256()).isEqualTo(sha256(zip));
    assertThat(fetched.version()).isEqualTo("2.0.0");
    assertThat(new PluginArchives(dir, dir.resolve("cache")).identity(archive))
        .isEqualTo("maven:io.example:dynamodb-source:2.0.0:plugin:zip");
  }

  @Test
  void aBundledArchiveIsIdentifiedByItsContent() throws Exception {
    Path bundled = Files.createDirectories(dir.resolve("bundled"));
    PluginArchive archive = new PluginArchive();
    archive.setBundled(BundledArchive.DYNAMODB_SOURCE);
    PluginArchives archives = new PluginArchives(bundled, dir.resolve("cache"));
    assertThatThrownBy(() -> archives.identity(archive))
        .isInstanceOfSatisfying(
            PluginArchives.ArchiveException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ArchiveUnavailable);
              assertThat(e.getMessage())
                  .contains("dynamodb-source.zip")
                  .contains("BUNDLED_ARCHIVES_DIR");
            });

    Files.write(bundled.resolve("dynamodb-source.zip"), hubZip("0.1.0-SNAPSHOT"));
    String first = archives.identity(archive);
    assertThat(archives.fetch(archive).version()).isEqualTo("0.1.0-SNAPSHOT");
    Files.write(bundled.resolve("dynamodb-source.zip"), hubZip("0.2.0"));
    Files.setLastModifiedTime(
        bundled.resolve("dynamodb-source.zip"),
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertThat(archives.identity(archive)).isNotEqualTo(first);
  }

  @Test
  void theVersionComesFromTheArchiveOrFallsBack() throws Exception {
    Path jar = dir.resolve("connector.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "3.1.4");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.putNextEntry(new ZipEntry("io/example/X.class"));
      out.write(new byte[] {1});
    }
    assertThat(PluginArchives.version(jar, null)).isEqualTo("3.1.4");

    Path odd = dir.resolve("odd.zip");
    Files.write(odd, hubZip("latest"));
    assertThat(PluginArchives.version(odd, "5.0.1")).isEqualTo("5.0.1");
    assertThat(PluginArchives.version(odd, null)).isEqualTo("1.0.0");
    Path notAZip = Files.writeString(dir.resolve("plain.zip"), "not a zip");
    assertThat(PluginArchives.version(notAZip, null)).isEqualTo("1.0.0");
  }

  private static byte[] hubZip(String version) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("example-dynamodb-" + version + "/manifest.json"));
      zip.write(
          ("{\"name\":\"dynamodb\",\"version\":\"" + version + "\"}")
              .getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("example-dynamodb-" + version + "/lib/connector.jar"));
      zip.write(new byte[] {1, 2, 3});
    }
    return bytes.toByteArray();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String sha1(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
  }

  @Test
  void aHugeArchiveStopsAtTheCapAndLeavesNothingBehind() throws Exception {
    PluginArchives archives =
        new PluginArchives(dir.resolve("bundled"), dir.resolve("cache"), 10L << 20);
    PluginArchive huge = new PluginArchive();
    huge.setUrl(url("/endless.zip"));
    huge.setSha256("0".repeat(64));
    long started = System.nanoTime();
    assertThatThrownBy(() -> archives.fetch(huge))
        .isInstanceOfSatisfying(
            PluginArchives.ArchiveException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.ArchiveTooLarge);
              assertThat(e.getMessage()).contains("ARCHIVE_MAX_MB").contains("10485760");
            });
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(30));
    try (var left = Files.list(dir.resolve("cache"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aMismatchedArchiveIsDownloadedOnceNotOnEveryReconcile() throws Exception {
    served.put("/dynamodb.zip", hubZip("1.4.2"));
    PluginArchives archives = new PluginArchives(dir.resolve("bundled"), dir.resolve("cache"));
    PluginArchive wrong = new PluginArchive();
    wrong.setUrl(url("/dynamodb.zip"));
    wrong.setSha256("0".repeat(64));
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> archives.fetch(wrong))
          .isInstanceOfSatisfying(
              PluginArchives.ArchiveException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.ArchiveChecksumMismatch));
    }
    assertThat(requests.get()).isEqualTo(1);

    // Another checksum in the spec is another download.
    PluginArchive right = new PluginArchive();
    right.setUrl(url("/dynamodb.zip"));
    right.setSha256(sha256(served.get("/dynamodb.zip")));
    assertThat(archives.fetch(right).version()).isEqualTo("1.4.2");
    assertThat(requests.get()).isEqualTo(2);
  }

  @Test
  void anUnavailableArchiveIsLeftAloneForAWhile() throws Exception {
    PluginArchives archives = new PluginArchives(dir.resolve("bundled"), dir.resolve("cache"));
    PluginArchive missing = new PluginArchive();
    missing.setUrl(url("/not-there.zip"));
    missing.setSha256("0".repeat(64));
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> archives.fetch(missing))
          .isInstanceOfSatisfying(
              PluginArchives.ArchiveException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.ArchiveUnavailable));
    }
    assertThat(requests.get()).isEqualTo(1);
  }
}
