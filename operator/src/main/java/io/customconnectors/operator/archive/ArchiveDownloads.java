package io.customconnectors.operator.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.customconnectors.operator.api.v1alpha1.Reason;
import io.customconnectors.operator.archive.PluginArchives.ArchiveException;
import io.customconnectors.operator.retry.Backoff;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads of plugin archives into the cache: verified before they are kept, capped in size while
 * they stream in, and not repeated for a checksum that did not match, nor too soon for an archive
 * that was unavailable.
 */
final class ArchiveDownloads {

  private final Path cache;
  private final long maxBytes;
  private final OkHttpClient http;

  /**
   * Downloads that failed, by URL and expected checksum: a checksum mismatch is not downloaded
   * again until the spec names another URL or checksum (or the operator restarts); an unavailable
   * archive is tried again only after a wait that doubles with each failure.
   */
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();

  private record Failure(ArchiveException error, Instant retryAt, int count) {}

  ArchiveDownloads(Path cache, long maxBytes) {
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
   * Downloads, unless the same download failed before: a mismatch for good, an unavailable archive
   * until its backoff has passed.
   */
  void download(String url, Path file, String sha256, String sha1) throws ArchiveException {
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
        MessageDigest sha256Digest = PluginArchives.digest("SHA-256");
        MessageDigest sha1Digest = PluginArchives.digest("SHA-1");
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

  String sha1Of(String url) throws ArchiveException {
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
}
