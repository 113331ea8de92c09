package io.customconnectors.testkit.ccloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The egress firewall of emulated custom connectors. Each (connector, AWS endpoint) pair gets a
 * loopback port; the connector is told to use {@code http://<aws host>:<that port>}, and the test
 * bed's Connect worker resolves AWS host names to loopback. A connection is piped to the stand-in
 * for that host (e.g. moto) only if the endpoint is in the connector's allow-list; otherwise it is
 * reset, as a blocked network would answer.
 */
final class Egress implements AutoCloseable {

  /** An attempt a connector made, and whether the allow-list let it through. */
  record Attempt(String connectorId, ConnectorRules.Endpoint endpoint, boolean allowed) {}

  private static final Logger log = LoggerFactory.getLogger(Egress.class);

  private final Function<ConnectorRules.Endpoint, Optional<InetSocketAddress>> internet;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  Egress(Function<ConnectorRules.Endpoint, Optional<InetSocketAddress>> internet) {
    this.internet = internet;
  }

  /**
   * The URL a connector uses for an endpoint; the gate checks {@code allowList} on every
   * connection.
   */
  String url(
      String connectorId,
      ConnectorRules.Endpoint endpoint,
      Supplier<Set<ConnectorRules.Endpoint>> allowList) {
    Gate gate =
        gates.computeIfAbsent(
            connectorId + "|" + endpoint, key -> new Gate(connectorId, endpoint, allowList));
    return "http://" + endpoint.host() + ":" + gate.port();
  }

  void release(String connectorId) {
    gates
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getKey().startsWith(connectorId + "|")) {
                entry.getValue().close();
                return true;
              }
              return false;
            });
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  @Override
  public void close() {
    gates.values().forEach(Gate::close);
    gates.clear();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private final class Gate implements AutoCloseable {
    private final String connectorId;
    private final ConnectorRules.Endpoint endpoint;
    private final Supplier<Set<ConnectorRules.Endpoint>> allowList;
    private final ServerSocket socket;

    Gate(
        String connectorId,
        ConnectorRules.Endpoint endpoint,
        Supplier<Set<ConnectorRules.Endpoint>> allowList) {
      this.connectorId = connectorId;
      this.endpoint = endpoint;
      this.allowList = allowList;
      try {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread acceptor = new Thread(this::accept, "egress-" + connectorId + "-" + endpoint.host());
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket client = socket.accept();
          boolean allowed = allowList.get().contains(endpoint);
          attempts.add(new Attempt(connectorId, endpoint, allowed));
          Optional<InetSocketAddress> target =
              allowed ? internet.apply(endpoint) : Optional.empty();
          if (target.isEmpty()) {
            log.info(
                "Egress of {} to {} blocked: not in confluent.custom.connection.endpoints",
                connectorId,
                endpoint);
            client.setSoLinger(true, 0);
            client.close();
            continue;
          }
          Socket upstream = new Socket();
          upstream.connect(target.get(), 5_000);
          pipe(client, upstream);
          pipe(upstream, client);
        } catch (IOException e) {
          if (!socket.isClosed()) {
            log.debug("Egress gate {} {}: {}", connectorId, endpoint, e.getMessage());
          }
        }
      }
    }

    /** Copies one direction; when either side ends the connection, both sockets close. */
    private void pipe(Socket from, Socket to) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException closed) {
                  // one side went away
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "egress-pipe");
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
}
