package io.customconnectors.operator.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.operator.api.v1alpha1.BundledArchive;
import io.customconnectors.operator.api.v1alpha1.MavenArtifact;
import io.customconnectors.operator.api.v1alpha1.PluginArchive;
import io.customconnectors.operator.api.v1alpha1.Reason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

  private static final Logger log = LoggerFactory.getLogger(PluginArchives.class);

  private static final Pattern RELEASE =
      Pattern.compile("^v?\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest archive Confluent's own CLI uploads. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  private final Path bundled;
  private final Path cache;
  private final ArchiveDownloads downloads;
  private final Map<Path, String> bundledSums = new ConcurrentHashMap<>();

  public PluginArchives(Path bundled, Path cache) {
    this(bundled, cache, DEFAULT_MAX_BYTES);
  }

  /** {@code maxBytes}: an archive larger than this is refused while it streams in. */
  public PluginArchives(Path bundled, Path cache, long maxBytes) {
    this.bundled = bundled;
    this.cache = cache;
    this.downloads = new ArchiveDownloads(cache, maxBytes);
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
      Path file = cacheFile(archive).orElseThrow();
      if (!cachedMatches(file, sha)) {
        downloads.download(archive.getUrl(), file, sha, null);
      }
      return new Fetched(file, sha, version(file, null));
    }
    if (archive.getMaven() != null) {
      MavenArtifact maven = archive.getMaven();
      String url = mavenUrl(maven);
      String sha =
          archive.getSha256() == null ? null : archive.getSha256().toLowerCase(Locale.ROOT);
      Path file = cacheFile(archive).orElseThrow();
      if (!Files.exists(file) || (sha != null && !cachedMatches(file, sha))) {
        downloads.download(url, file, sha, sha == null ? downloads.sha1Of(url) : null);
      }
      return new Fetched(file, sha256(file), version(file, maven.getVersion()));
    }
    Path file = bundledFile(archive.getBundled());
    return new Fetched(file, bundledSha256(file), version(file, null));
  }

  /** Where the cache keeps a downloaded archive; empty for one the operator image ships. */
  private Optional<Path> cacheFile(PluginArchive archive) {
    if (archive.getUrl() != null) {
      return Optional.of(
          cache.resolve(
              archive.getSha256().toLowerCase(Locale.ROOT) + extension(archive.getUrl())));
    }
    if (archive.getMaven() != null) {
      MavenArtifact maven = archive.getMaven();
      String sha =
          archive.getSha256() == null ? null : archive.getSha256().toLowerCase(Locale.ROOT);
      // Named after the URL and the expected checksum: another repository or checksum is another
      // file, never a cached one taken on trust.
      return Optional.of(
          cache.resolve(
              "maven-"
                  + sha256Of(mavenUrl(maven) + "@" + sha).substring(0, 24)
                  + "."
                  + (maven.getType() == null ? "zip" : maven.getType())));
    }
    return Optional.empty();
  }

  /**
   * Deletes the cached archives none of {@code inUse} names (downloads under way are left alone):
   * an archive is kept while a resource may need to upload it again, and no longer.
   */
  public void keepOnly(Collection<PluginArchive> inUse) {
    Set<Path> keep = new HashSet<>();
    for (PluginArchive archive : List.copyOf(inUse)) {
      cacheFile(archive).ifPresent(keep::add);
    }
    if (!Files.isDirectory(cache)) {
      return;
    }
    try (Stream<Path> files = Files.list(cache)) {
      for (Path file : files.toList()) {
        if (!keep.contains(file) && !file.getFileName().toString().endsWith(".part")) {
          Files.deleteIfExists(file);
          log.info("Removed {} from the archive cache: no ConnectorPlugin names it", file);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot tidy the archive cache {}: {}", cache, e.toString());
    }
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

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
