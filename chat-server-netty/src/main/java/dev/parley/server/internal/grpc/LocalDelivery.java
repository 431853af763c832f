package dev.parley.server.internal.grpc;

import dev.parley.core.model.KickReason;
import dev.parley.core.protocol.ChatProtocol.Frame;

/**
 * What the node-to-node service needs from the node it runs in: reach a local session by the
 * (user id, session id) that presence names. Implementations are thread-safe and never block.
 */
public interface LocalDelivery {
  /** Pushes {@code frame} to the session; false when it is not (or no longer) here. */
  boolean deliver(long userId, String sessionId, Frame frame);

  /**
   * True when the session is here and muted ({@code MuteSessionRequest}): it still gets pushes but
   * does not count as reaching its user for the offline push. False when unmuted or not here.
   */
  default boolean isMuted(long userId, String sessionId) {
    return false;
  }

  /** Sends the session a {@code Kicked} push and closes it; false when it is not here. */
  boolean kick(long userId, String sessionId, KickReason code, String reason);
}
