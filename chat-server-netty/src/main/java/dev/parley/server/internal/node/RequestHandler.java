package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;

/**
 * Answers one kind of request as the session's authenticated user. Runs on a blocking-work
 * thread, in the session's order. Throws {@link dev.parley.core.ChatException} for a refusal.
 */
@FunctionalInterface
interface RequestHandler {
  /** The response (its request id is set by the caller), or null when the handler already replied. */
  Frame.Builder handle(ChatSession session, Frame request);
}
