package dev.parley.sdk;

/**
 * Receives what happens on a {@link ChatSession}. Every method does nothing by default; override
 * the ones you need.
 *
 * <p>Callbacks run on the client's callback executor ({@link ParleyClient.Builder#executor}), never
 * on a network thread, one at a time and in order for a given session. A callback may call the
 * session's asynchronous methods; it should not block for long, because the session's later
 * callbacks wait for it (and a long backlog pauses reading from the network).
 */
public interface ChatListener {
  /**
   * A message entered this user's mailbox. Called exactly once per message and strictly in
   * mailbox order (seq 1, 2, 3, ...) across reconnects and, with a durable local store, across
   * restarts (after {@link #onLocalStoreReset} the order starts again at seq 1). Both directions
   * are reported: messages this user sent (from this or any other session) arrive with
   * {@link ChatMessage#outgoing()} true, around the time their {@link SendResult} completes. The message is already in the local store when this is called.
   */
  default void onMessage(ChatMessage message) {}

  /**
   * The local store held a copy of another mailbox than the server's (the server was restarted
   * with empty storage, its database was replaced, or the account was created anew with the same
   * id) and has been emptied; the session syncs again from seq 0, so {@link #onMessage} starts
   * again at seq 1. Called before any message of the new mailbox. {@code reason} says what did
   * not match, for logs.
   */
  default void onLocalStoreReset(String reason) {}

  /** Someone asked to become this user's friend. */
  default void onFriendRequest(FriendRequest request) {}

  /** A friendship now exists (this user accepted, or the other side accepted this user's request). */
  default void onFriendAdded(Friend friend) {}

  /** A friend came online or went offline. */
  default void onPresence(long userId, boolean online) {}

  /**
   * The server closed this session because the same user logged in elsewhere. The session does
   * not reconnect; {@link #onStateChanged} with {@link ConnectionState#DISCONNECTED} follows.
   */
  default void onKicked(String reason) {}

  /**
   * The connection state changed.
   *
   * @param cause why, when the change was caused by a failure (lost connection, refused token,
   *     kick); null for a normal change such as a successful login or {@link ChatSession#close()}
   */
  default void onStateChanged(ConnectionState state, Throwable cause) {}
}
