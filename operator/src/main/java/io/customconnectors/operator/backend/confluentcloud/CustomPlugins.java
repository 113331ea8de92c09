package io.customconnectors.operator.backend.confluentcloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Custom connector plugins of one Confluent Cloud environment: a plugin holds versions, each an
 * uploaded archive that Confluent checks asynchronously (PROCESSING, then READY or FAILED). Every
 * method is one remote operation and throws {@link
 * io.customconnectors.operator.backend.BackendException}.
 */
public interface CustomPlugins {

  /** A plugin as listed: its id and display name. */
  record Plugin(String id, String displayName, String description) {}

  /** A version of a plugin, with Confluent's verdict on its archive. */
  record Version(String id, String version, String phase, String errorMessage) {}

  /** What a new version declares besides its archive. */
  record VersionSpec(
      String version,
      String connectorClass,
      String connectorType,
      List<String> sensitiveConfigProperties,
      String documentationLink) {}

  /** Short form for status, e.g. {@code ccloud/env-a1b2c3}. */
  String describe();

  /** The plugin, or empty when it is gone. */
  Optional<Plugin> plugin(String id);

  /** Every plugin of the environment. */
  List<Plugin> plugins();

  /** Creates a plugin; never retried blindly, since a create that timed out may have happened. */
  Plugin createPlugin(String displayName, String description);

  void updatePlugin(String id, String displayName, String description);

  /** False when it was already gone. */
  boolean deletePlugin(String id);

  List<Version> versions(String pluginId);

  /**
   * Uploads {@code archive} and declares it as a new version; Confluent checks it afterwards, so
   * the version starts out PROCESSING.
   */
  Version createVersion(String pluginId, VersionSpec spec, Path archive);

  /** False when it was already gone; a version connectors still use is refused (REJECTED). */
  boolean deleteVersion(String pluginId, String versionId);
}
