package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol.PongResponse;

/** Answers Ping with the node's time; any frame already resets the idle timer. Stateless. */
final class PingHandler {
  private PingHandler() {}

  static Frame.Builder pong(ChatSession session, Frame request) {
    return Frame.newBuilder().setPong(PongResponse.newBuilder().setServerTimeMs(System.currentTimeMillis()));
  }
}
