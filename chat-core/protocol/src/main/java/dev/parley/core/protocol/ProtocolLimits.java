package dev.parley.core.protocol;

/**
 * Limits of the wire protocol that a client checks before it sends, so it can refuse bad input
 * itself instead of waiting for the node's {@code BAD_REQUEST}. The server enforces the same
 * constants; this class is their one definition.
 */
public final class ProtocolLimits {
  /** Longest client message id ({@code SendMessageRequest.client_msg_id}) accepted, in characters. */
  public static final int MAX_CLIENT_MSG_ID = 64;

  private ProtocolLimits() {}
}
