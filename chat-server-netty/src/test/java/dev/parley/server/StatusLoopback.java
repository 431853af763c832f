package dev.parley.server;

import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import java.util.ArrayList;
import java.util.List;

/** Starts status servers on loopback ports with clients to them, and closes them all. Not thread-safe. */
final class StatusLoopback implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();

  StatusClient client(NodeDirectory nodes, PresenceRegistry presence) {
    StatusServer server = StatusServer.builder().host("127.0.0.1").port(0)
        .nodeDirectory(nodes).presence(presence).shutdownGrace(java.time.Duration.ofSeconds(1)).build().start();
    opened.add(server);
    StatusClient client = StatusClient.forAddress("127.0.0.1", server.port());
    opened.add(0, client);
    return client;
  }

  @Override
  public void close() {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    opened.clear();
  }
}
