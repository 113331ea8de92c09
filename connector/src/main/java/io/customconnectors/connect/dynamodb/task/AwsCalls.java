package io.customconnectors.connect.dynamodb.task;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.customconnectors.connect.dynamodb.aws.AwsErrors;
import io.customconnectors.connect.dynamodb.config.AwsSettings;
import io.customconnectors.connect.dynamodb.support.Backoff;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * The one place AWS calls are retried: throttling waits as long as it lasts, network trouble and
 * server errors for up to {@code aws.transient.error.timeout.ms}, everything else fails at once
 * with a message that says what to fix. Stream position errors pass through to the stream reader,
 * which owns them.
 */
final class AwsCalls {

  private static final Logger log = LoggerFactory.getLogger(AwsCalls.class);

  private final AwsSettings settings;
  private final String host;
  private final BooleanSupplier stopping;

  AwsCalls(AwsSettings settings, String host, BooleanSupplier stopping) {
    this.settings = settings;
    this.host = host;
    this.stopping = stopping;
  }

  <T> T call(String action, Supplier<T> call) throws InterruptedException {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20));
    long transientSince = 0;
    while (true) {
      try {
        return call.get();
      } catch (ExpiredIteratorException | TrimmedDataAccessException positionError) {
        throw positionError;
      } catch (SdkException error) {
        AwsErrors.Kind kind = AwsErrors.kind(error);
        if (kind == AwsErrors.Kind.PERMANENT) {
          throw new ConnectException(AwsErrors.explain(error, action, settings, host), error);
        }
        long now = System.nanoTime();
        if (kind == AwsErrors.Kind.TRANSIENT) {
          transientSince = transientSince == 0 ? now : transientSince;
          if (now - transientSince > settings.transientErrorTimeout().toNanos()) {
            throw new ConnectException(AwsErrors.explain(error, action, settings, host), error);
          }
        }
        Duration wait = backoff.next();
        if (backoff.attempts() == 1 || backoff.attempts() % 10 == 0) {
          log.warn(
              "{} (attempt {}, retrying in {} ms)",
              AwsErrors.explain(error, action, settings, host),
              backoff.attempts(),
              wait.toMillis());
        }
        if (stopping.getAsBoolean()) {
          throw new InterruptedException("stopping");
        }
        Thread.sleep(wait.toMillis());
      }
    }
  }
}
