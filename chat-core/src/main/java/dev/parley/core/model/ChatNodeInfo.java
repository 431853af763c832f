package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat node as the node directory knows it: where clients connect ({@code host}, {@code port}),
 * whether that client port speaks TLS ({@code tls}) and which port serves the WebSocket endpoint
 * ({@code wsPort}, 0 when the node has none), where other nodes reach it over gRPC
 * ({@code internalHost}, {@code internalPort}; port 0 when the node runs in-process), its load
 * (connections) and its last heartbeat. Immutable.
 */
public record ChatNodeInfo(String nodeId, String host, int port, String internalHost, int internalPort,
    int load, Instant lastHeartbeat, boolean tls, int wsPort) {
  public ChatNodeInfo {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(internalHost, "internalHost");
    if (port < 0 || port > 65535 || internalPort < 0 || internalPort > 65535 || wsPort < 0 || wsPort > 65535) {
      throw new IllegalArgumentException("port out of range: " + port + "/" + internalPort + "/ws " + wsPort);
    }
    if (load < 0) {
      throw new IllegalArgumentException("load < 0: " + load);
    }
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
  }

  /** A plaintext node without a WebSocket endpoint ({@code tls = false}, {@code wsPort = 0}). */
  public ChatNodeInfo(String nodeId, String host, int port, String internalHost, int internalPort, int load,
      Instant lastHeartbeat) {
    this(nodeId, host, port, internalHost, internalPort, load, lastHeartbeat, false, 0);
  }

  /** This node with a new load and heartbeat time; every other component kept. */
  public ChatNodeInfo withLoad(int newLoad, Instant at) {
    return new ChatNodeInfo(nodeId, host, port, internalHost, internalPort, newLoad, at, tls, wsPort);
  }
}
