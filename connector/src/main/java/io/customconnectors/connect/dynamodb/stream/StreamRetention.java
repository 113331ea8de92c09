package io.customconnectors.connect.dynamodb.stream;

import java.time.Duration;

/**
 * DynamoDB Streams keep a record for 24 hours. Reading from a point in time older than that, less
 * an hour for clock skew and the time reading takes, cannot see every change made since.
 */
public final class StreamRetention {

  public static final Duration RETENTION = Duration.ofHours(24);

  private static final Duration MARGIN = Duration.ofHours(1);

  private StreamRetention() {}

  /** Whether changes since {@code sinceMillis} (0: no such point) may have expired by now. */
  public static boolean outlived(long sinceMillis, long nowMillis) {
    return sinceMillis > 0 && nowMillis - sinceMillis > RETENTION.minus(MARGIN).toMillis();
  }
}
