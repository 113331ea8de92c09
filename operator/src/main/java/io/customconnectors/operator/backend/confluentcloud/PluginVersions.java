package io.customconnectors.operator.backend.confluentcloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.customconnectors.operator.api.v1alpha1.ConnectorPluginSpec;

/**
 * How a ConnectorPlugin's spec maps onto Confluent Cloud plugin versions: a version's name ends in
 * a fingerprint of where the archive comes from and what the version declares ({@code
 * 0.1.0+3f2a...}), so the version for the current spec is found without downloading anything, and
 * uploaded only when the spec changed (Confluent Cloud versions are immutable).
 */
final class PluginVersions {

  /** Confluent Cloud's limits on a plugin and its versions, checked before anything is sent. */
  private static final int DISPLAY_NAME_MAX = 60;

  private static final int DESCRIPTION_MAX = 256;

  /** What the operator adds to a plugin's description to know it as its own: see {@link #owned}. */
  private static final String OWNER_MARK = "[customconnectors.io/uid=%s]";

  /** Room the mark takes in the description: a space and the mark with a 36-character uid. */
  private static final int OWNER_MARK_LENGTH =
      1 + String.format(OWNER_MARK, "x".repeat(36)).length();

  private static final int DOCUMENTATION_LINK_MAX = 512;
  private static final int CLASS_NAME_MAX = 150;

  /** How the versions this operator uploads end: {@code +} and a 12-digit fingerprint. */
  private static final Pattern OURS = Pattern.compile("\\+[0-9a-f]{12}$");

  private PluginVersions() {}

  /** A short fingerprint of the archive's identity and of what a version declares. */
  static String fingerprint(String identity, ConnectorPluginSpec spec) {
    String declared =
        identity
            + "|"
            + spec.getConnectorClass()
            + "|"
            + spec.getConnectorType()
            + "|"
            + new TreeSet<>(sensitive(spec))
            + "|"
            + (spec.getDocumentationLink() == null ? "" : spec.getDocumentationLink());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(declared.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether this operator uploaded the version (its name ends in a fingerprint). */
  static boolean ours(CustomPlugins.Version version) {
    return OURS.matcher(version.version()).find();
  }

  /** What a new version of the spec declares, named after the archive's own version. */
  static CustomPlugins.VersionSpec declaration(
      ConnectorPluginSpec spec, String archiveVersion, String fingerprint) {
    return new CustomPlugins.VersionSpec(
        archiveVersion + "+" + fingerprint,
        spec.getConnectorClass(),
        spec.getConnectorType().name(),
        sensitive(spec),
        spec.getDocumentationLink());
  }

  private static List<String> sensitive(ConnectorPluginSpec spec) {
    return spec.getSensitiveConfigProperties() == null
        ? List.of()
        : spec.getSensitiveConfigProperties();
  }

  /**
   * Confluent Cloud's length limits, which the CRD (shared with in-cluster Connect) does not set.
   */
  static Optional<String> tooLong(ConnectorPluginSpec spec) {
    List<String> problems = new ArrayList<>();
    check(problems, "spec.displayName", spec.getDisplayName(), DISPLAY_NAME_MAX);
    check(problems, "spec.description", spec.getDescription(), DESCRIPTION_MAX);
    check(problems, "spec.documentationLink", spec.getDocumentationLink(), DOCUMENTATION_LINK_MAX);
    check(problems, "spec.connectorClass", spec.getConnectorClass(), CLASS_NAME_MAX);
    for (String key : sensitive(spec)) {
      check(problems, "spec.sensitiveConfigProperties entry", key, CLASS_NAME_MAX);
    }
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(String.join("; ", problems) + " (Confluent Cloud's limits)");
  }

  private static void check(List<String> problems, String field, String value, int max) {
    if (value != null && value.length() > max) {
      problems.add(field + " has " + value.length() + " characters, at most " + max + " allowed");
    }
  }

  /**
   * The description the plugin of this resource carries on Confluent Cloud: the spec's (shortened
   * when it and the mark do not fit Confluent's 256 characters), then the operator's mark with the
   * resource's uid. A display name is anyone's to take; the mark is how the operator recognises a
   * plugin it created itself (after a create that timed out, or a crash) and never adopts or
   * deletes another team's plugin of the same name.
   */
  static String description(ConnectorPluginSpec spec, String uid) {
    String mark = String.format(OWNER_MARK, uid);
    String own = spec.getDescription() == null ? "" : spec.getDescription().strip();
    if (own.length() > DESCRIPTION_MAX - OWNER_MARK_LENGTH) {
      // Confluent keeps 256 characters: a long description is shortened there, never the mark.
      own = own.substring(0, DESCRIPTION_MAX - OWNER_MARK_LENGTH - 1) + "…";
    }
    return own.isEmpty() ? mark : own + " " + mark;
  }

  /** Whether a plugin carries the mark of the resource with this uid. */
  static boolean owned(CustomPlugins.Plugin plugin, String uid) {
    return uid != null && plugin.description().contains(String.format(OWNER_MARK, uid));
  }
}
