package dev.parley.core.service;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;

/**
 * What the services publish after they have stored something. The server implements it to push
 * to online users (locally or via another node); every method does nothing by default.
 * Implementations are called on the thread that performed the store — a blocking-work thread, or
 * an event loop only when the node runs requests inline because every SPI it calls is
 * {@link dev.parley.core.spi.NonBlocking} — so short look-ups (presence, profiles) are allowed, but
 * they must not wait on the delivery itself; a failure to deliver loses nothing because the data is already
 * stored.
 */
public interface ChatEvents {
  /** A message was stored (not a duplicate); push {@code result.recipientEntry()} to the recipient. */
  default void messageStored(AppendResult result) {}

  /**
   * A message was stored (not a duplicate) by the sender's session {@code originSessionId} (null
   * when it came from no session): push {@code result.recipientEntry()} to the recipient's sessions
   * and {@code result.senderEntry()} to the sender's other sessions. By default calls
   * {@link #messageStored(AppendResult)}.
   */
  default void messageStored(AppendResult result, String originSessionId) {
    messageStored(result);
  }

  /** A friend request was created or renewed; tell {@code request.toUserId()}. */
  default void friendRequestReceived(FriendRequest request) {}

  /** A friendship now exists; called once per side, to tell {@code side.userId()} about {@code side.friendId()}. */
  default void friendAdded(Friendship side) {}

  /** {@code userId} and {@code friendId} are no longer friends; tell {@code friendId}. */
  default void friendRemoved(long userId, long friendId) {}

  /** Publishes nothing. */
  ChatEvents NONE = new ChatEvents() {};
}
