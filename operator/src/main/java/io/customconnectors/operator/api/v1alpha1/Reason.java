package io.customconnectors.operator.api.v1alpha1;

/**
 * Every reason a condition of ours can carry: a closed set, so users and tools can match on them.
 * The message next to a reason says what to do; the reason says what kind of thing happened.
 */
public enum Reason {
  /** The connector and all its tasks run. */
  Running,
  /** Paused as spec.state asks. */
  Paused,
  /** Stopped as spec.state asks. */
  Stopped,
  /** Created or reconfigured; the backend has not reported it running yet. */
  Starting,
  /** Confluent Cloud is provisioning the connector, which can take minutes. */
  Provisioning,
  /** The backend has not assigned the connector or some tasks to a worker yet. */
  Unassigned,
  /**
   * The connector runs but some tasks do not, none failed (STOPPED or PAUSED under a RUNNING
   * connector, as Confluent Cloud reports for a while); the message names them.
   */
  TasksNotRunning,
  /** The connector itself failed; the message holds the start of its trace. */
  ConnectorFailed,
  /** Some or all tasks failed; the message holds the start of the first trace. */
  TasksFailed,
  /** The operator restarted the failed connector or tasks and waits for the outcome. */
  Restarting,
  /** spec.restartPolicy allows no more restarts; the connector stays failed until fixed. */
  RestartLimitReached,
  /** The backend refused the connector's config. */
  ConfigRejected,
  /** A Secret or Secret key named in spec.configFrom (or a target's auth) does not exist. */
  SecretNotFound,
  /** spec.pluginRef names no ConnectorPlugin in this namespace. */
  PluginNotFound,
  /** The referenced ConnectorPlugin is not ready (not installed, not uploaded). */
  PluginNotReady,
  /** The plugin archive is being uploaded, or Confluent Cloud is still checking it. */
  Uploading,
  /** The plugin archive was uploaded and Confluent Cloud accepted it. */
  Uploaded,
  /** The downloaded archive's SHA-256 is not spec.archive.sha256; nothing was uploaded. */
  ArchiveChecksumMismatch,
  /** The archive could not be fetched (URL, Maven repository or bundled file). */
  ArchiveUnavailable,
  /** The archive is larger than the operator's ARCHIVE_MAX_MB; nothing was uploaded. */
  ArchiveTooLarge,
  /** Confluent Cloud refused the uploaded archive (e.g. no connector class in it). */
  ArchiveRejected,
  /**
   * The target, or what the resource gives it, lacks something it needs: on Confluent Cloud a Kafka
   * cluster, spec.kafkaAuth, or a ConnectorPlugin.
   */
  TargetIncomplete,
  /** The target is outside the operator's allow-list: nothing was sent to it. */
  TargetNotAllowed,
  /** The backend could not be reached. */
  BackendUnreachable,
  /** The backend rate-limits the operator (429); the operator waits as long as it asks. */
  Throttled,
  /** The backend refused the operator's credentials. */
  BackendUnauthorized,
  /** The backend kind is not supported by this version of the operator. */
  BackendNotSupported,
  /** The target drops or rewrites keys of the config the operator sends; it stopped re-sending. */
  ConfigNotKept,
  /** spec.config holds a secret in plain text; it belongs in spec.configFrom. */
  SecretInPlainConfig,
  /** A connector of that name exists on the target and belongs to someone else. */
  NameTaken,
  /** The plugin's class is installed on the Kafka Connect worker. */
  Installed,
  /** The plugin's class is not installed on the Kafka Connect worker. */
  NotInstalledOnWorker,
  /** Deletion waits for CustomConnectors that still use the plugin. */
  InUse,
  /** Deletion waits for the backend to delete the remote connector. */
  DeletePending,
  /** No failure: the connector and its tasks are healthy or intentionally not running. */
  NoFailures,
  /** The connector's errors: credentials it uses were refused (AWS keys, the Kafka API key). */
  AuthenticationFailed,
  /** The connector's errors: an action its IAM user or role may not perform. */
  PermissionDenied,
  /** The connector's errors: a host it must reach cannot be reached (or is not allowed). */
  NetworkUnreachable,
  /** The connector's errors: a config value is wrong. */
  ConfigurationInvalid,
  /** The connector's errors: a table, stream or topic it needs does not exist. */
  ResourceNotFound,
  /** The connector's errors: none of the known kinds; the message is the error itself. */
  Unknown,
  /** spec.offsets is being carried out: the connector is stopped, or the request is pending. */
  OffsetsChanging,
  /** The target applied spec.offsets. */
  OffsetsApplied,
  /** spec.offsets is wrong, or the connector cannot take it now; nothing was changed. */
  OffsetsRejected,
  /** The target refused or failed to apply spec.offsets. */
  OffsetsFailed;

  /**
   * Whether this reason is a wait on the normal way to Ready rather than a fault: such a change is
   * announced with a Normal event, not a Warning.
   */
  public boolean onTheWay() {
    return switch (this) {
      case Starting,
          Provisioning,
          Unassigned,
          TasksNotRunning,
          PluginNotReady,
          Uploading,
          Restarting,
          OffsetsChanging ->
          true;
      default -> false;
    };
  }
}
