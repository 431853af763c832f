package dev.parley.server.internal.node;

import dev.parley.server.internal.transport.AllowedOrigins;
import java.util.Objects;

/**
 * The chat node's WebSocket listener: its port (0 picks a free one) and the browser origins it
 * accepts upgrades from. Everything else (frame limit, timeouts, rate limit) is the node's, shared
 * with the TCP port. Immutable.
 */
public record WebSocketSettings(int port, AllowedOrigins origins) {
  /** The path the upgrade must ask for. */
  public static final String PATH = "/ws";
  /** The subprotocol that fixes a connection to JSON text messages from the handshake on. */
  public static final String JSON_SUBPROTOCOL = "parley.v1.json";
  /** The subprotocol that fixes a connection to binary protobuf messages from the handshake on. */
  public static final String PROTO_SUBPROTOCOL = "parley.v1.proto";

  public WebSocketSettings {
    Objects.requireNonNull(origins, "origins");
  }
}
