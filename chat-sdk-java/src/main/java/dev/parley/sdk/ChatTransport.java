package dev.parley.sdk;

/**
 * How a session reaches its chat node; chosen with {@link ParleyClient.Builder#transport}. Either
 * way the session speaks the same protocol (the same {@code parley.v1.Frame}s, login, heartbeats
 * and errors), with TLS exactly when the node's {@link ChatAddress#tls()} says so.
 */
public enum ChatTransport {
  /** The chat protocol over TCP: varint-length-prefixed frames on {@link ChatAddress#port()}. The default. */
  TCP,
  /**
   * The chat protocol over a WebSocket, {@code ws://host:wsPort/ws} ({@code wss://} with TLS):
   * each binary message carries one frame, without a length prefix. For networks that let only
   * HTTP through. A node whose address has no {@link ChatAddress#wsPort()} cannot be reached this
   * way; the connection then fails with {@code UNAVAILABLE}.
   */
  WEBSOCKET
}
