package dev.parley.sdk;

/** Where a {@link ChatSession}'s connection stands. */
public enum ConnectionState {
  /** Opening the first connection and logging in. */
  CONNECTING,
  /** Logged in on a chat node; requests go out at once. */
  CONNECTED,
  /** The connection was lost; the session is finding a node and logging in again. Sends queue meanwhile. */
  RECONNECTING,
  /** Finished for good: closed by the application, kicked, the token refused, or reconnecting gave up. */
  DISCONNECTED
}
