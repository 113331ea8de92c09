package io.customconnectors.operator.backend.confluentcloud;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.customconnectors.operator.archive.PluginArchives;

/**
 * Archive downloads and uploads, off the reconcile threads: a gigabyte over a slow link takes many
 * minutes, and a reconcile thread held that long is one every other resource waits for. A reconcile
 * hands its transfer over, waits a short grace (most archives are done by then, and the reconcile
 * goes on as if nothing had moved), and otherwise reports the transfer as under way and asks again
 * later; the result is handed out once, to the first reconcile that finds it done.
 */
final class ArchiveTransfers {

  /** A transfer; it may fail with the archive's own exception, or a backend's unchecked one. */
  interface Work<T> {
    T run() throws PluginArchives.ArchiveException;
  }

  /** One resource's transfer: what it is for (the spec it serves), and the thread running it. */
  private static final class Transfer {
    final String purpose;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    volatile Thread runner;
    volatile boolean stopped;
    volatile boolean finished;

    Transfer(String purpose) {
      this.purpose = purpose;
    }
  }

  private final Map<String, Transfer> byResource = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final Duration grace;

  /**
   * @param threads how many transfers run at once (more wait their turn, their resources saying so)
   * @param grace how long a reconcile waits for a transfer before it reports it as under way
   */
  ArchiveTransfers(int threads, Duration grace) {
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "archive-transfer-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.grace = grace;
  }

  /**
   * The result of the resource's transfer for {@code purpose}: started when none runs, empty while
   * it runs, then its value (or its failure, thrown) once. A transfer for another purpose (the spec
   * changed) is stopped first.
   */
  @SuppressWarnings("unchecked")
  <T> Optional<T> result(String uid, String purpose, Work<T> work)
      throws PluginArchives.ArchiveException {
    Transfer transfer = byResource.get(uid);
    if (transfer != null && !transfer.purpose.equals(purpose)) {
      interrupt(transfer);
      byResource.remove(uid, transfer);
      transfer = null;
    }
    if (transfer == null) {
      transfer = start(uid, purpose, work);
    }
    try {
      Object value = transfer.result.get(grace.toMillis(), TimeUnit.MILLISECONDS);
      byResource.remove(uid, transfer);
      return Optional.of((T) value);
    } catch (TimeoutException stillRunning) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | CompletionException e) {
      byResource.remove(uid, transfer);
      if (e.getCause() instanceof PluginArchives.ArchiveException archive) {
        throw archive;
      }
      if (e.getCause() instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether a transfer for this purpose is under way for the resource. */
  boolean running(String uid, String purpose) {
    Transfer transfer = byResource.get(uid);
    return transfer != null && transfer.purpose.equals(purpose) && !transfer.result.isDone();
  }

  /**
   * Stops the resource's transfer, if any; true once none runs (a thread in the middle of a remote
   * call may take a moment to notice).
   */
  boolean stop(String uid) {
    Transfer transfer = byResource.get(uid);
    if (transfer == null) {
      return true;
    }
    interrupt(transfer);
    if (transfer.finished) {
      byResource.remove(uid, transfer);
      return true;
    }
    return false;
  }

  private Transfer start(String uid, String purpose, Work<?> work) {
    Transfer transfer = new Transfer(purpose);
    byResource.put(uid, transfer);
    executor.execute(
        () -> {
          transfer.runner = Thread.currentThread();
          try {
            if (transfer.stopped) {
              transfer.result.completeExceptionally(new InterruptedException("stopped"));
            } else {
              transfer.result.complete(work.run());
            }
          } catch (Throwable failure) {
            transfer.result.completeExceptionally(failure);
          } finally {
            transfer.runner = null;
            transfer.finished = true;
            Thread.interrupted(); // the pool thread goes on to the next transfer unmarked
          }
        });
    return transfer;
  }

  private static void interrupt(Transfer transfer) {
    transfer.stopped = true;
    Thread runner = transfer.runner;
    if (runner != null) {
      runner.interrupt();
    }
  }
}
