package dev.parley.sdk;

import java.util.Objects;

/**
 * Where a chat node listens, as the gate tells it (or as an application pins it). Immutable.
 *
 * <p>The SDK never guesses the security of a connection: it speaks TLS to the node if and only if
 * {@code tls} is true, on the TCP {@code port} or, with {@link ChatTransport#WEBSOCKET}, as
 * {@code wss://host:wsPort/ws}.
 *
 * @param host host name or address; with TLS, the name the node's certificate must carry
 * @param port TCP port of the chat protocol
 * @param tls whether the node's ports speak TLS
 * @param wsPort port of the node's WebSocket endpoint, 0 when it has none
 */
public record ChatAddress(String host, int port, boolean tls, int wsPort) {
  public ChatAddress {
    Objects.requireNonNull(host, "host");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    if (wsPort < 0 || wsPort > 65535) {
      throw new IllegalArgumentException("wsPort must be 0 (none) or 1..65535, was " + wsPort);
    }
  }

  /** A plaintext node without a WebSocket endpoint. */
  public ChatAddress(String host, int port) {
    this(host, port, false, 0);
  }

  /** Whether the node has a WebSocket endpoint. */
  public boolean hasWebSocket() {
    return wsPort != 0;
  }

  @Override
  public String toString() {
    return host + ":" + port + (tls ? " (tls)" : "") + (wsPort != 0 ? " ws " + wsPort : "");
  }
}
