package io.customconnectors.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customconnectors.operator.backend.ConnectorBackend;
import io.customconnectors.operator.backend.InstalledPlugin;
import io.customconnectors.operator.backend.RemoteConnector;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

class ConnectClusterPollerTest {

  private static final Map<String, String> V1 = Map.of("name", "orders", "tasks.max", "1");
  private static final Map<String, String> V2 = Map.of("name", "orders", "tasks.max", "2");

  private final ConnectClusterPoller poller =
      new ConnectClusterPoller(Duration.ofMinutes(1), Clock.systemUTC());

  @AfterEach
  void stop() {
    poller.stop();
  }

  @Test
  void aWriteDuringAListIsNotUndoneByThatList() throws Exception {
    SlowCluster cluster = new SlowCluster();
    AtomicInteger events = new AtomicInteger();
    poller.setEventHandler(event -> events.incrementAndGet());
    poller.start();
    ResourceID resource = new ResourceID("orders", "retail");
    poller.watch(resource, cluster, "orders");
    assertThat(poller.snapshot(cluster).connector("orders").orElseThrow().config()).isEqualTo(V1);

    // The next list starts and reads V1; while it is in flight the operator PUTs V2.
    cluster.blockNextList();
    poller.wrote(cluster, "unrelated", Map.of("name", "unrelated"));
    assertThat(cluster.listStarted.await(10, TimeUnit.SECONDS)).isTrue();
    cluster.config = V2;
    poller.wrote(cluster, "orders", V2);
    cluster.release.countDown();

    // That stale list must neither bring V1 back nor announce a change; the next list shows V2.
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.lists.get() >= 2);
    assertThat(poller.snapshot(cluster).connector("orders").orElseThrow().config()).isEqualTo(V2);
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.lists.get() >= 3);
    assertThat(poller.snapshot(cluster).connector("orders").orElseThrow().config()).isEqualTo(V2);
    assertThat(events.get()).isZero();
  }

  @Test
  void aForgottenResourceDoesNotDropAClusterAnotherStillWatches() {
    SlowCluster cluster = new SlowCluster();
    poller.watch(new ResourceID("a", "retail"), cluster, "orders");
    poller.watch(new ResourceID("b", "retail"), cluster, "orders");
    poller.snapshot(cluster);
    assertThat(cluster.lists.get()).isEqualTo(1);

    poller.forget(new ResourceID("a", "retail"));
    // Still known: the snapshot is the first poll's, not that of a cluster entry made anew.
    poller.snapshot(cluster);
    assertThat(cluster.lists.get()).isEqualTo(1);
    assertThat(poller.watched(new ResourceID("a", "retail"))).isEmpty();
    assertThat(poller.watched(new ResourceID("b", "retail"))).contains(cluster);

    // The last watcher gone, so is the cluster and its snapshot: a later look lists afresh.
    poller.forget(new ResourceID("b", "retail"));
    poller.snapshot(cluster);
    assertThat(cluster.lists.get()).isEqualTo(2);
  }

  /** A cluster with one connector whose list call can be held open. */
  private static final class SlowCluster implements ConnectorBackend {
    volatile Map<String, String> config = V1;
    final AtomicInteger lists = new AtomicInteger();
    volatile CountDownLatch listStarted = new CountDownLatch(0);
    volatile CountDownLatch release = new CountDownLatch(0);
    private volatile boolean blockNext;

    void blockNextList() {
      listStarted = new CountDownLatch(1);
      release = new CountDownLatch(1);
      blockNext = true;
    }

    @Override
    public Map<String, RemoteConnector> listConnectors() {
      Map<String, String> seen = config;
      if (blockNext) {
        blockNext = false;
        listStarted.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      lists.incrementAndGet();
      return Map.of(
          "orders",
          new RemoteConnector("orders", seen, "RUNNING", "w1", null, List.of(), "source", null));
    }

    @Override
    public String describe() {
      return "connect/slow:8083";
    }

    @Override
    public Optional<Map<String, String>> config(String name) {
      return Optional.of(config);
    }

    @Override
    public void putConfig(String name, Map<String, String> config) {}

    @Override
    public void pause(String name) {}

    @Override
    public void resume(String name) {}

    @Override
    public void stop(String name) {}

    @Override
    public void restart(String name, Map<String, String> config) {}

    @Override
    public boolean delete(String name) {
      return true;
    }

    @Override
    public List<InstalledPlugin> plugins() {
      return List.of();
    }
  }
}
