package io.customconnectors.connect.dynamodb.task;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until something sleeps on it: sleeping moves it to the wake-up time at
 * once. Threads that sleep until the same moment move it once, as real time would pass once, so the
 * time it shows is the least real time the sleepers would have needed.
 */
final class VirtualTime extends Clock {

  private final AtomicLong millis = new AtomicLong();

  void sleepUntil(long wakeAt) {
    millis.accumulateAndGet(wakeAt, Math::max);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
