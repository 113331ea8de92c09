package io.customconnectors.operator.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A loopback TCP endpoint in front of a real server that a test can cut: while blocked, every
 * connection is reset at once, as a network outage looks to a client; while open, connections are
 * piped through.
 */
final class FlakyEndpoint implements AutoCloseable {

  private final ServerSocket socket;
  private final InetSocketAddress target;
  private volatile boolean open = true;
  private final java.util.Set<Socket> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

  FlakyEndpoint(URI target) {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "flaky-endpoint");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** Resets open connections too: pooled keep-alive connections must not outlive an outage. */
  void block() {
    open = false;
    for (Socket connection : active) {
      try {
        connection.setSoLinger(true, 0);
        connection.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
    active.clear();
  }

  void unblock() {
    open = true;
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        if (!open) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        active.add(client);
        active.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or one connection failed: keep accepting
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try {
                from.getInputStream().transferTo(to.getOutputStream());
              } catch (IOException closed) {
                // one side went away
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            },
            "flaky-endpoint-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
