package dev.parley.core.service;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.RevisionResult;

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

  /**
   * A one-to-one message was recalled, edited or deleted for its actor (not a duplicate) from the
   * actor's session {@code originSessionId} (null when from no session): push each of
   * {@code result.entries()} to its owner's sessions, the actor's own entry to the actor's other
   * sessions only.
   */
  default void messageRevised(RevisionResult result, String originSessionId) {}

  /**
   * A TEXT entry of a group's log was recalled or edited: {@code revision} is the system entry
   * (MESSAGE_RECALLED / MESSAGE_EDITED) appended for it. Push it to every session of
   * {@code memberIds} except {@code originSessionId} (null: none), like a group message.
   */
  default void groupMessageRevised(GroupMessage revision, long[] memberIds, String originSessionId) {}

  /** A friend request was created or renewed; tell {@code request.toUserId()}. */
  default void friendRequestReceived(FriendRequest request) {}

  /** A friendship now exists; called once per side, to tell {@code side.userId()} about {@code side.friendId()}. */
  default void friendAdded(Friendship side) {}

  /** {@code userId} and {@code friendId} are no longer friends; tell {@code friendId}. */
  default void friendRemoved(long userId, long friendId) {}

  /**
   * A TEXT message was stored in a group's log (not a duplicate) by the sender's session
   * {@code originSessionId} (null when from no session): push it to every session of every member
   * in {@code memberIds} (the members when it was stored) except the sending session.
   */
  default void groupMessageStored(GroupMessage message, long[] memberIds, String originSessionId) {}

  /**
   * A system entry was appended to a group's log: push {@code group} (the state after the change,
   * dissolved included) with {@code message} to every session of {@code recipientIds} (the members
   * after the change and the users the change removed).
   */
  default void groupUpdated(Group group, GroupMessage message, long[] recipientIds) {}

  /** A group notice was appended to {@code entry.ownerId()}'s mailbox: push the entry to that user's sessions. */
  default void mailboxNotice(MailboxEntry entry) {}

  /** A user asked to join an APPROVAL group: tell its owner and admins ({@code managerIds}). */
  default void joinRequested(JoinRequest request, long[] managerIds) {}

  /** Publishes nothing. */
  ChatEvents NONE = new ChatEvents() {};
}
