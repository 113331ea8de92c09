package io.customconnectors.operator.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.MavenArtifact;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.retry.Backoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Fetches the archive a ConnectorPlugin names (a URL, Maven coordinates, or an archive shipped in
 * the operator image) into a local cache, verifying its checksum before anything is uploaded.
 */
public final class PluginArchives {

  /** An archive on local disk, verified. */
  public record Fetched(Path file, String sha256, String version) {}

  /** Why an archive cannot be used; the message says what to fix. */
  public static final class ArchiveException extends Exception {
    private final Reason reason;

    public ArchiveException(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private static final Pattern RELEASE =
      Pattern.compile("^v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest archive Confluent's own CLI uploads. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  private final Path bundled;
  private final Path cache;
  private final long maxBytes;
  private final OkHttpClient http;
  private final Map<Path, String> bundledSums = new ConcurrentHashMap<>();

  /**
   * Downloads that failed, by URL and expected checksum: a checksum mismatch is not downloaded
   * again until the spec names another URL or checksum (or the operator restarts); an unavailable
   * archive is tried again only after a wait that doubles with each failure.
   */
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  private record Failure(ArchiveException error, Instant retryAt, int count) {}

  public PluginArchives(Path bundled, Path cache) {
    this(bundled, cache, DEFAULT_MAX_BYTES);
  }

  /** {@code maxBytes}: an archive larger than this is refused while it streams in. */
  public PluginArchives(Path bundled, Path cache, long maxBytes) {
    this.bundled = bundled;
    this.cache = cache;
    this.maxBytes = maxBytes;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(20))
            .readTimeout(Duration.ofMinutes(2))
            .callTimeout(Duration.ofMinutes(20))
            .followRedirects(true)
            .build();
  }

  /**
   * What identifies the archive without downloading it: the expected SHA-256 for a URL, the
   * coordinates for a Maven artifact (releases do not change), the file's SHA-256 for a bundled one
   * (a new operator image may ship a new build).
   */
  public String identity(PluginArchive archive) throws ArchiveException {
    if (archive.getUrl() != null) {
      return "sha256:" + archive.getSha256().toLowerCase(Locale.ROOT);
    }
    if (archive.getMaven() != null) {
      return "maven:"
          + coordinates(archive.getMaven())
          + (archive.getSha256() == null ? "" : "@" + archive.getSha256().toLowerCase(Locale.ROOT));
    }
    return "sha256:" + bundledSha256(bundledFile(archive.getBundled()));
  }

  /**
   * The archive on local disk, verified: a cached copy is checked again before it is used, so a
   * damaged cache never reaches Confluent Cloud.
   */
  public Fetched fetch(PluginArchive archive) throws ArchiveException {
    if (archive.getUrl() != null) {
      String sha = archive.getSha256().toLowerCase(Locale.ROOT);
      Path file = cache.resolve(sha + extension(archive.getUrl()));
      if (!cachedMatches(file, sha)) {
        download(archive.getUrl(), file, sha, null);
      }
      return new Fetched(file, sha, version(file, null));
    }
    if (archive.getMaven() != null) {
      MavenArtifact maven = archive.getMaven();
      String url = mavenUrl(maven);
      String sha =
          archive.getSha256() == null ? null : archive.getSha256().toLowerCase(Locale.ROOT);
      // Named after the URL and the expected checksum: another repository or checksum is another
      // file, never a cached one taken on trust.
      Path file =
          cache.resolve(
              "maven-"
                  + sha256Of(url + "@" + sha).substring(0, 24)
                  + "."
                  + (maven.getType() == null ? "zip" : maven.getType()));
      if (!Files.exists(file) || (sha != null && !cachedMatches(file, sha))) {
        download(url, file, sha, sha == null ? sha1Of(url) : null);
      }
      return new Fetched(file, sha256(file), version(file, maven.getVersion()));
    }
    Path file = bundledFile(archive.getBundled());
    return new Fetched(file, bundledSha256(file), version(file, null));
  }

  private static boolean cachedMatches(Path file, String sha256) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    if (sha256(file).equals(sha256)) {
      return true;
    }
    try {
      Files.delete(file);
    } catch (IOException ignored) {
      // replaced by the download that follows
    }
    return false;
  }

  private static String sha256Of(String text) {
    return HexFormat.of()
        .formatHex(digest("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private Path bundledFile(BundledArchive name) throws ArchiveException {
    String fileName =
        switch (name) {
          case DYNAMODB_SOURCE -> "dynamodb-source.zip";
        };
    Path file = bundled.resolve(fileName);
    if (!Files.isRegularFile(file)) {
      throw new ArchiveException(
          Reason.ArchiveUnavailable,
          "The bundled archive "
              + fileName
              + " is not in "
              + bundled
              + " (BUNDLED_ARCHIVES_DIR): this operator image does not ship it; use spec.archive.url"
              + " or spec.archive.maven");
    }
    return file;
  }

  private String bundledSha256(Path file) throws ArchiveException {
    try {
      String key = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
      String cached = bundledSums.get(file);
      if (cached != null && cached.startsWith(key + "=")) {
        return cached.substring(key.length() + 1);
      }
      String sha = sha256(file);
      bundledSums.put(file, key + "=" + sha);
      return sha;
    } catch (IOException e) {
      throw new ArchiveException(
          Reason.ArchiveUnavailable,
          "Cannot read the bundled archive " + file + ": " + e.getMessage());
    }
  }

  static String coordinates(MavenArtifact maven) {
    return maven.getGroupId()
        + ":"
        + maven.getArtifactId()
        + ":"
        + maven.getVersion()
        + (maven.getClassifier() == null ? "" : ":" + maven.getClassifier())
        + ":"
        + (maven.getType() == null ? "zip" : maven.getType());
  }

  static String mavenUrl(MavenArtifact maven) {
    String repository =
        maven.getRepository() == null
            ? "https://repo.maven.apache.org/maven2"
            : maven.getRepository();
    return repository.replaceAll("/+$", "")
        + "/"
        + maven.getGroupId().replace('.', '/')
        + "/"
        + maven.getArtifactId()
        + "/"
        + maven.getVersion()
        + "/"
        + maven.getArtifactId()
        + "-"
        + maven.getVersion()
        + (maven.getClassifier() == null ? "" : "-" + maven.getClassifier())
        + "."
        + (maven.getType() == null ? "zip" : maven.getType());
  }

  private String sha1Of(String url) throws ArchiveException {
    try (Response response =
        http.newCall(new Request.Builder().url(url + ".sha1").build()).execute()) {
      if (!response.isSuccessful()) {
        throw new ArchiveException(
            Reason.ArchiveUnavailable,
            "The Maven repository has no checksum for "
                + url
                + " (.sha1 answered "
                + response.code()
                + "): set spec.archive.sha256 so the download can be verified");
      }
      String text = response.body().string().trim();
      return text.split("\\s+")[0].toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      throw new ArchiveException(
          Reason.ArchiveUnavailable, "Cannot download " + url + ".sha1: " + e.getMessage());
    }
  }

  /**
   * Downloads, unless the same download failed before: a mismatch for good, an unavailable archive
   * until its backoff has passed.
   */
  private void download(String url, Path file, String sha256, String sha1) throws ArchiveException {
    String key = url + "@" + sha256 + "@" + sha1;
    Failure before = failures.get(key);
    if (before != null
        && (before.error().reason() == Reason.ArchiveChecksumMismatch
            || Instant.now().isBefore(before.retryAt()))) {
      throw before.error();
    }
    try {
      fetchVerified(url, file, sha256, sha1);
      failures.remove(key);
    } catch (ArchiveException e) {
      int count = before == null ? 1 : before.count() + 1;
      Duration wait = UNAVAILABLE_BACKOFF.ceiling(count);
      if (failures.size() >= 1_000) {
        failures.clear(); // bounded: forgetting only costs another download
      }
      failures.put(key, new Failure(e, Instant.now().plus(wait), count));
      throw e;
    }
  }

  /** How long an unavailable archive is left alone: 10 s, doubling to 10 minutes. */
  private static final Backoff UNAVAILABLE_BACKOFF =
      new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(10));

  /** Downloads to a temporary file, checks the digest, and only then moves it into the cache. */
  private void fetchVerified(String url, Path file, String sha256, String sha1)
      throws ArchiveException {
    Path partial = null;
    try {
      Files.createDirectories(cache);
      // A file of its own per download: two plugins fetching the same URL never share one.
      partial = Files.createTempFile(cache, file.getFileName().toString(), ".part");
      try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
        if (!response.isSuccessful()) {
          throw new ArchiveException(
              Reason.ArchiveUnavailable,
              "Downloading " + url + " answered " + response.code() + ": check spec.archive");
        }
        long announced = response.body().contentLength();
        if (announced > maxBytes) {
          throw tooLarge(url, announced + " bytes");
        }
        MessageDigest sha256Digest = digest("SHA-256");
        MessageDigest sha1Digest = digest("SHA-1");
        try (InputStream body =
            new DigestInputStream(
                new DigestInputStream(response.body().byteStream(), sha256Digest), sha1Digest)) {
          copyAtMost(body, partial, url);
        }
        String actual256 = HexFormat.of().formatHex(sha256Digest.digest());
        String actual1 = HexFormat.of().formatHex(sha1Digest.digest());
        if (sha256 != null && !sha256.equals(actual256)) {
          throw new ArchiveException(
              Reason.ArchiveChecksumMismatch,
              "The archive at "
                  + url
                  + " has SHA-256 "
                  + actual256
                  + ", not "
                  + sha256
                  + " as spec.archive.sha256 says: nothing was uploaded. Fix the URL or the"
                  + " checksum");
        }
        if (sha1 != null && !sha1.equals(actual1)) {
          throw new ArchiveException(
              Reason.ArchiveChecksumMismatch,
              "The archive at "
                  + url
                  + " has SHA-1 "
                  + actual1
                  + ", not "
                  + sha1
                  + " as the repository's .sha1 says: nothing was uploaded");
        }
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ArchiveException(
          Reason.ArchiveUnavailable, "Cannot download " + url + ": " + e.getMessage());
    } finally {
      try {
        if (partial != null) {
          Files.deleteIfExists(partial);
        }
      } catch (IOException ignored) {
        // a leftover .part file is harmless: the cache only takes finished, verified files
      }
    }
  }

  /**
   * The version the archive declares: {@code version} of a Confluent Hub {@code manifest.json}, or
   * a JAR's {@code Implementation-Version}; else the Maven version, else 1.0.0.
   */
  static String version(Path file, String fallback) {
    String declared = null;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry manifest =
          zip.stream()
              .filter(
                  e ->
                      e.getName().equals("manifest.json")
                          || e.getName().matches("[^/]+/manifest\\.json"))
              .findFirst()
              .orElse(null);
      if (manifest != null) {
        try (InputStream in = zip.getInputStream(manifest)) {
          JsonNode json = JSON.readTree(in);
          declared = json.path("version").asText(null);
        }
      } else if (file.toString().endsWith(".jar")) {
        try (JarFile jar = new JarFile(file.toFile())) {
          declared =
              jar.getManifest() == null
                  ? null
                  : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
      }
    } catch (IOException | RuntimeException notAnArchive) {
      // Confluent Cloud checks the archive itself and says what is wrong with it
    }
    for (String candidate : new String[] {declared, fallback}) {
      if (candidate != null && RELEASE.matcher(candidate).matches()) {
        return candidate;
      }
    }
    return "1.0.0";
  }

  /** Copies, giving up as soon as the archive is larger than allowed. */
  private void copyAtMost(InputStream body, Path target, String url)
      throws IOException, ArchiveException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int read; (read = body.read(buffer)) >= 0; ) {
        total += read;
        if (total > maxBytes) {
          throw tooLarge(url, "more than " + maxBytes + " bytes");
        }
        out.write(buffer, 0, read);
      }
    }
  }

  private ArchiveException tooLarge(String url, String size) {
    return new ArchiveException(
        Reason.ArchiveTooLarge,
        "The archive at "
            + url
            + " is "
            + size
            + ", over the "
            + maxBytes
            + " bytes this operator accepts (ARCHIVE_MAX_MB): nothing was uploaded. Use a"
            + " smaller archive, or raise the setting");
  }

  private static String extension(String url) {
    return url.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "").endsWith(".jar")
        ? ".jar"
        : ".zip";
  }

  static String sha256(Path file) {
    MessageDigest digest = digest("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
