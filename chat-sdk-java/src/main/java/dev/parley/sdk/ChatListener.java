package dev.parley.sdk;

import dev.parley.core.model.KickReason;

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
   * are reported: messages this user sent arrive with {@link ChatMessage#outgoing()} true, those
   * sent from this session around the time their {@link SendResult} completes, those sent from the
   * user's other devices when the server pushes (or a sync brings) them. The message is already in
   * the local store when this is called.
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

  /**
   * A member's text entered the log of one of the user's groups. Called exactly once per entry and
   * strictly in the group's seq order (each group has its own seq 1, 2, 3, ...; entries from before
   * the user joined are never seen), across reconnects and, with a durable local store, across
   * restarts; gaps in what the server pushes are filled by a sync before later entries are
   * reported. This user's own messages arrive too, with {@link GroupMessage#outgoing()} true. The
   * entry is already in the local store. Text and system entries of one group share one order:
   * this and {@link #onGroupUpdated} are called in seq order together.
   */
  default void onGroupMessage(GroupMessage message) {}

  /**
   * The server wrote a system entry into the log of one of the user's groups (created, members
   * joined, left or kicked, a role or mute changed, the group's info changed, ownership moved, the
   * group was dissolved), in the same exactly-once, in-order delivery as {@link #onGroupMessage}.
   *
   * @param group the group's state: right after the entry when the server pushed it; for an entry
   *     a sync brought (missed while offline), the latest state this session knew, which may be
   *     older or newer than the entry ({@link ChatSession#getGroup} reads it fresh); null when the
   *     session knew none
   * @param entry the system entry ({@link GroupMessage#system()} is true)
   */
  default void onGroupUpdated(Group group, GroupMessage entry) {}

  /**
   * A one-to-one message was recalled by its sender (this user on another device, or the peer).
   * Revisions are entries of the user's mailbox: they arrive exactly once and in mailbox order with
   * {@link #onMessage}, also for recalls made while this device was offline (then the message itself
   * may already have arrived in its recalled state). The local store holds the message recalled
   * ({@link ChatMessage#recalled()}, text empty) before this is called.
   */
  default void onMessageRecalled(MessageRevision revision) {}

  /**
   * A one-to-one message was edited by its sender: {@code revision.text()} is the new text, already
   * in the local store. Delivered like {@link #onMessageRecalled}.
   */
  default void onMessageEdited(MessageRevision revision) {}

  /**
   * This user deleted a message for themselves on another device (the peer is not told): hide it.
   * The local store holds it as {@link ChatMessage#deleted()}. Delivered like {@link #onMessageRecalled}.
   */
  default void onMessageDeleted(MessageRevision revision) {}

  /**
   * A member's message in one of the user's groups was recalled: {@code entry} is the
   * MESSAGE_RECALLED entry of the log ({@link GroupMessage#targetSeq()} names the message, its
   * sender the user who recalled it: the author, or the owner or an admin). Delivered in the
   * group's order with {@link #onGroupMessage}; the local store holds the target recalled.
   */
  default void onGroupMessageRecalled(GroupMessage entry) {}

  /**
   * A member edited their message in one of the user's groups: {@code entry} is the MESSAGE_EDITED
   * entry ({@link GroupMessage#targetSeq()}, the new text in {@link GroupMessage#text()}).
   * Delivered like {@link #onGroupMessageRecalled}.
   */
  default void onGroupMessageEdited(GroupMessage entry) {}

  /**
   * The user's own membership of a group changed (added, left, removed, a new role, muted, made
   * owner, the group dissolved). Notices are entries of the user's mailbox, so they arrive exactly
   * once and in mailbox order with {@link #onMessage}, also for changes made while the user was
   * offline. After a notice that ends the membership the session stops syncing that group; after
   * one that adds the user it starts. The local store is updated first.
   */
  default void onGroupNotice(GroupNotice notice) {}

  /**
   * This user read group {@code groupId} up to {@code readSeq} on another device (its
   * {@link ChatSession#ackGroup}); the group's unread count in the local store is 0 when that covers
   * everything this device holds. A client keeps the highest it has seen.
   */
  default void onGroupReadPosition(long groupId, long readSeq) {}

  /** Someone asked to join a group this user owns or administers (its join policy asks for approval). */
  default void onJoinRequest(JoinRequest request) {}

  /** Someone asked to become this user's friend. */
  default void onFriendRequest(FriendRequest request) {}

  /** A friendship now exists (this user accepted, or the other side accepted this user's request). */
  default void onFriendAdded(Friend friend) {}

  /** A friend came online or went offline. */
  default void onPresence(long userId, boolean online) {}

  /** Someone is typing to this user or in one of its groups, or stopped ({@link Typing}). */
  default void onTyping(Typing typing) {}

  /**
   * The user's read position is {@code ackedSeq}, beyond what this device had received: another of
   * the user's devices read the mailbox that far, now (a push) or before this login (then this
   * comes right after logging in, before the messages the login's sync brings, so messages up to
   * {@code ackedSeq} among them were read elsewhere). Never lower than an earlier call, except
   * after {@link #onLocalStoreReset}; {@link ChatSession#readPosition()} already says
   * {@code ackedSeq}. This device's own acknowledgements raise the position without a call.
   */
  default void onReadPosition(long ackedSeq) {}

  /**
   * {@code peerId}, the other party of a 1:1 conversation, has read it up to and including message
   * {@code upToMessageId} (a server message id, see {@link ChatMessage#messageId()}). Sent only
   * when the deployment enables read receipts ({@link ChatSession#readReceiptsEnabled()}) and the
   * peer's {@link Settings#sendReadReceipts()} allows.
   */
  default void onReadReceipt(long peerId, long upToMessageId) {}

  /**
   * The server ended this session: see {@link #onKicked(KickReason, String)}. Called by that
   * method's default, so a listener that overrides only this one still hears every kick.
   */
  default void onKicked(String reason) {}

  /**
   * The server ended this session: a newer login of this device
   * ({@link KickReason#REPLACED_BY_SAME_DEVICE}), a login on another device of the same platform
   * ({@link KickReason#PLATFORM_CONFLICT}), too many devices ({@link KickReason#TOO_MANY_DEVICES}),
   * or a revoked credential ({@link KickReason#REVOKED}: this device was revoked from another one,
   * or the password was reset). The session does not reconnect; {@link #onStateChanged} with
   * {@link ConnectionState#DISCONNECTED} follows. The default calls {@link #onKicked(String)}.
   *
   * @param reason why; null when the node did not say (a node older than kick reasons)
   * @param text the server's human-readable reason
   */
  default void onKicked(KickReason reason, String text) {
    onKicked(text);
  }

  /**
   * The connection state changed.
   *
   * @param cause why, when the change was caused by a failure (lost connection, refused token,
   *     kick); null for a normal change such as a successful login or {@link ChatSession#close()}
   */
  default void onStateChanged(ConnectionState state, Throwable cause) {}
}
