package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;

/**
 * What a load mode hears from its connections. Called on the connection's event loop; must not
 * block. Every method does nothing by default.
 */
public interface FrameListener {
  /** The node acknowledged the request {@code requestId} (a stored message). */
  default void onAck(BenchConnection c, long requestId, ChatProtocol.SendAck ack) {}

  /** The node refused the request {@code requestId}. */
  default void onError(BenchConnection c, long requestId, ChatProtocol.Error error) {}

  /** A message was pushed to this connection's user. */
  default void onMessage(BenchConnection c, ChatProtocol.MailboxEntry entry) {}

  /** The node acknowledged the group message request {@code requestId} (stored in the group's log). */
  default void onGroupAck(BenchConnection c, long requestId, ChatProtocol.GroupSendAck ack) {}

  /** A group message was pushed to this connection's session. */
  default void onGroupMessage(BenchConnection c, ChatProtocol.GroupMessage message) {}

  /** The connection closed (after login, or while logging in). */
  default void onClosed(BenchConnection c) {}

  /** The node kicked this session. */
  default void onKicked(BenchConnection c, String reason) {}

  FrameListener NONE = new FrameListener() {};
}
