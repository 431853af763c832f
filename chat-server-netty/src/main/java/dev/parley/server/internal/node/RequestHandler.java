package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;

/**
 * Answers one kind of request as the session's authenticated user. Runs in the session's order
 * where the node's {@link RequestThreading} puts requests: a blocking-work thread when offloaded,
 * the connection's event loop when inline (then every SPI it calls is non-blocking). Throws {@link dev.parley.core.ChatException} for a refusal.
 */
@FunctionalInterface
interface RequestHandler {
  /** The response (its request id is set by the caller), or null when the handler already replied. */
  Frame.Builder handle(ChatSession session, Frame request);
}
