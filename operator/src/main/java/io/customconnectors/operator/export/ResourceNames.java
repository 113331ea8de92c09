package io.customconnectors.operator.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Kubernetes names for remote connectors and plugins: a DNS-1123 label (lower case letters, digits
 * and '-', at most 63 characters) that reads like the remote name. Two remote names that come out
 * the same, or a name cut short, get a suffix from the remote name's hash, so names stay unique and
 * the same on every export.
 */
final class ResourceNames {

  static final int MAX = 63;

  private final Set<String> taken = new HashSet<>();

  /** A name not handed out before by this instance. */
  String unique(String remoteName) {
    String name = of(remoteName);
    if (!taken.add(name)) {
      name = withSuffix(name, remoteName);
      taken.add(name);
    }
    return name;
  }

  /** The DNS-1123 form of {@code remoteName}. */
  static String of(String remoteName) {
    String name =
        remoteName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (name.isEmpty()) {
      name = "connector";
    }
    return name.length() <= MAX ? name : withSuffix(name, remoteName);
  }

  private static String withSuffix(String name, String remoteName) {
    String suffix = "-" + hash(remoteName);
    String stem = name.substring(0, Math.min(name.length(), MAX - suffix.length()));
    return stem.replaceAll("-+$", "") + suffix;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
