package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat node as the node directory knows it: where clients connect ({@code host}, {@code port}),
 * where other nodes reach it over gRPC ({@code internalHost}, {@code internalPort}; port 0 when the
 * node runs in-process), its load (connections) and its last heartbeat. Immutable.
 */
public record ChatNodeInfo(String nodeId, String host, int port, String internalHost, int internalPort,
    int load, Instant lastHeartbeat) {
  public ChatNodeInfo {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(internalHost, "internalHost");
    if (port < 0 || port > 65535 || internalPort < 0 || internalPort > 65535) {
      throw new IllegalArgumentException("port out of range: " + port + "/" + internalPort);
    }
    if (load < 0) {
      throw new IllegalArgumentException("load < 0: " + load);
    }
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
  }

  public ChatNodeInfo withLoad(int newLoad, Instant at) {
    return new ChatNodeInfo(nodeId, host, port, internalHost, internalPort, newLoad, at);
  }
}
