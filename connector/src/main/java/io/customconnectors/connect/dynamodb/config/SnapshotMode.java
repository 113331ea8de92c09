package io.customconnectors.connect.dynamodb.config;

/** What a table reader does with a table it has no offset for. */
public enum SnapshotMode {
  /** Scan the whole table, then follow its stream from where the scan started. */
  SNAPSHOT_THEN_STREAM,
  /** Only follow the stream, from the oldest record it still holds (24 h). */
  STREAM_ONLY,
  /** Scan the table once and stop; the stream is never read. */
  SNAPSHOT_ONLY;

  public boolean snapshots() {
    return this != STREAM_ONLY;
  }

  public boolean streams() {
    return this != SNAPSHOT_ONLY;
  }
}
