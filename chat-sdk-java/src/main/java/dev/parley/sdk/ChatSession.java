package dev.parley.sdk;

import dev.parley.core.model.GroupRole;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.TypingState;
import dev.parley.sdk.store.LocalStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A logged-in user's connection to the chat cluster, opened with
 * {@link ParleyClient#openSession} or {@link ParleyClient#connect}. It stays connected by itself:
 * heartbeats, and after a lost connection a new node from the gate, a new login with the same
 * token and a sync of everything missed. Events reach the {@link ChatListener} given at opening.
 *
 * <p>Every request has an asynchronous form ({@code ...Async}) whose future completes on the
 * client's callback executor (never a network thread) and fails with a
 * {@link dev.parley.core.ChatException}: the node's error code, or UNAVAILABLE when the request
 * timed out or needs a connection the session does not have right now. Blocking forms throw that
 * exception directly. Sends are different: while the session reconnects they queue (bounded) and
 * go out after the next login, and a send whose acknowledgement was lost is re-sent with the same
 * client message id, which the server stores only once.
 *
 * <p>Thread-safe. Blocking methods must not be called from a callback running on a network thread
 * (they are not, unless the client was given a same-thread executor).
 */
public interface ChatSession extends AutoCloseable {
  /** The logged-in user's id. */
  long userId();

  /**
   * The device this session logs in as: the node's answer at the latest login (the token's
   * device), which is the client's {@link ParleyClient#deviceId()} for a token it obtained itself.
   */
  String deviceId();

  /**
   * The user's read position: the highest mailbox seq the user has acknowledged on any device, as
   * far as this session knows. It starts at the server's value at login and rises with this
   * device's acknowledgements and with {@link ChatListener#onReadPosition} (another device's);
   * it never falls, except to the new server's value after {@link ChatListener#onLocalStoreReset}.
   * Messages with a higher seq are unread.
   */
  long readPosition();

  /**
   * Marks the user's mailbox read up to and including {@code upToSeq} ({@link ChatMessage#seq()}),
   * capped at what this session has delivered: the server keeps it as the user's read position
   * (never lowered), the user's other devices hear it, unread counts everywhere drop, and the
   * peers get read receipts when enabled. Asynchronous and batched; with the client's default
   * {@link ParleyClient.Builder#readOnDelivery readOnDelivery(true)} every delivered message is
   * marked read already and this changes nothing.
   */
  void markRead(long upToSeq);

  /** Whether the deployment sends read receipts at all (as of the latest login). */
  boolean readReceiptsEnabled();

  /** The logged-in user's profile as of the latest login or profile update. */
  Profile profile();

  /** Where the connection stands now. */
  ConnectionState state();

  /**
   * The session's local store: history, friends and pending requests as last received. Readable
   * at any time, including while reconnecting.
   */
  LocalStore localStore();

  /**
   * Completes (with the mailbox seq reached) once every message that was in the mailbox when the
   * session first logged in has been stored and handed to {@link ChatListener#onMessage}; fails if
   * the session ends first.
   */
  CompletableFuture<Long> caughtUp();

  /** Sends {@code text} to {@code peerId} under a new client message id; completes with the ack. */
  CompletableFuture<SendResult> sendMessageAsync(long peerId, String text);

  /**
   * Sends {@code text} under the caller's idempotency key {@code clientMsgId} (at most 64
   * characters): sending again with the same key, in this or a later session, never stores twice.
   */
  CompletableFuture<SendResult> sendMessageAsync(long peerId, String text, String clientMsgId);

  /** Blocking {@link #sendMessageAsync(long, String)}: returns once the message is stored. */
  SendResult sendMessage(long peerId, String text);

  /** A user's profile ({@code userId} 0 for one's own). */
  CompletableFuture<Profile> profileAsync(long userId);

  /** Changes one's own profile; completes with the updated profile. */
  CompletableFuture<Profile> updateProfileAsync(ProfileChanges changes);

  /** Users whose name or nickname matches {@code query}, at most {@code limit}. */
  CompletableFuture<List<Profile>> searchUsersAsync(String query, int limit);

  /** Blocking {@link #searchUsersAsync}. */
  List<Profile> searchUsers(String query, int limit);

  /** The user named exactly {@code name}, if there is one. */
  Optional<Profile> findUser(String name);

  /**
   * Asks {@code toUserId} to become a friend, with a greeting and the remark this user will see
   * for them once they accept.
   */
  CompletableFuture<FriendRequest> sendFriendRequestAsync(long toUserId, String greeting, String remark);

  /** Blocking {@link #sendFriendRequestAsync}. */
  FriendRequest sendFriendRequest(long toUserId, String greeting, String remark);

  /** Accepts or declines the request from {@code requesterId}; completes with the new friend when accepted. */
  CompletableFuture<Optional<Friend>> answerFriendRequestAsync(long requesterId, boolean accept, String remark);

  /** Blocking accept of the request from {@code requesterId}, giving them {@code remark}. */
  Friend acceptFriendRequest(long requesterId, String remark);

  /** Sets this user's private remark for a friend. */
  CompletableFuture<Void> setFriendRemarkAsync(long friendId, String remark);

  /** Ends the friendship with {@code friendId}. */
  CompletableFuture<Void> removeFriendAsync(long friendId);

  /**
   * Blocks {@code userId}: their messages, friend requests and group invites to this user are
   * refused (BLOCKED) and this user's presence is hidden from them; the friendship, if any, stays.
   * Blocking again changes nothing.
   */
  CompletableFuture<Void> blockAsync(long userId);

  /** Blocking {@link #blockAsync}. */
  void block(long userId);

  /** Ends a block; nothing happens when there was none. */
  CompletableFuture<Void> unblockAsync(long userId);

  /** Blocking {@link #unblockAsync}. */
  void unblock(long userId);

  /** The users this user blocks, most recently blocked first, fresh from the server. */
  CompletableFuture<List<BlockedUser>> listBlockedAsync();

  /** Blocking {@link #listBlockedAsync}. */
  List<BlockedUser> listBlocked();

  /**
   * Tells {@code toUserId}'s online sessions this user is typing to them (or stopped); never
   * stored. Rate-limited by the server (RATE_LIMITED): send TYPING once every few seconds while the
   * user types and STOPPED once, not one per keystroke.
   */
  CompletableFuture<Void> typingAsync(long toUserId, TypingState state);

  /** Blocking {@link #typingAsync}. */
  void typing(long toUserId, TypingState state);

  /** As {@link #typingAsync}, to the other members of {@code groupId}. */
  CompletableFuture<Void> groupTypingAsync(long groupId, TypingState state);

  /** Blocking {@link #groupTypingAsync}. */
  void groupTyping(long groupId, TypingState state);

  /** Friends, fresh from the server. */
  CompletableFuture<List<Friend>> friendsAsync();

  /** Blocking {@link #friendsAsync}. */
  List<Friend> friends();

  /** Friend requests waiting for this user's answer, fresh from the server. */
  CompletableFuture<List<FriendRequest>> friendRequestsAsync();

  /** Blocking {@link #friendRequestsAsync}. */
  List<FriendRequest> friendRequests();

  /** Messages with {@code peerId} older than message {@code beforeId} (0: the newest), newest first. */
  CompletableFuture<HistoryPage> historyAsync(long peerId, long beforeId, int limit);

  /** Blocking {@link #historyAsync}. */
  HistoryPage history(long peerId, long beforeId, int limit);

  /** Conversations, most recent first, with their last message and unread count. */
  CompletableFuture<List<Conversation>> conversationsAsync(int limit);

  /** Blocking {@link #conversationsAsync}. */
  List<Conversation> conversations(int limit);

  /** The user's devices (one with a live token or session), most recently seen first, fresh from the server. */
  CompletableFuture<List<Device>> listDevicesAsync();

  /** Blocking {@link #listDevicesAsync}. */
  List<Device> listDevices();

  /**
   * Ends the sessions of the user's device {@code deviceId} (they hear
   * {@link ChatListener#onKicked(dev.parley.core.model.KickReason, String)} with REVOKED) and
   * revokes its tokens, so it must log in with the password again. Fails with NOT_FOUND when the
   * user has no such device. Revoking this session's own device ends this session too.
   */
  CompletableFuture<Void> revokeDeviceAsync(String deviceId);

  /** Blocking {@link #revokeDeviceAsync}. */
  void revokeDevice(String deviceId);

  /** The user's settings, fresh from the server. */
  CompletableFuture<Settings> settingsAsync();

  /** Blocking {@link #settingsAsync}. */
  Settings settings();

  /** Changes whether this user sends read receipts; completes with the settings now in force. */
  CompletableFuture<Settings> updateSettingsAsync(boolean sendReadReceipts);

  /** Blocking {@link #updateSettingsAsync}. */
  Settings updateSettings(boolean sendReadReceipts);

  /**
   * Marks this session muted (an app gone to the background) or unmuted for the server's offline
   * push: a muted session still receives every message, but the server also notifies the user's
   * phone (the deployment's {@code OfflinePushSender}) unless another of their sessions is unmuted.
   * Kept across reconnects. Completes once the node has applied it; fails UNAVAILABLE while not
   * connected (the flag is still kept and applied at the next login).
   */
  CompletableFuture<Void> muteSessionAsync(boolean muted);

  /** Blocking {@link #muteSessionAsync}. */
  void muteSession(boolean muted);

  // ---- recall, edit, delete ----
  // A revision is an entry of the mailbox (or the group's log) of its own: this session's local
  // store applies it in order once the server has stored it, and the user's other devices (and the
  // peer, for a recall or an edit) hear ChatListener.onMessageRecalled / onMessageEdited /
  // onMessageDeleted (onGroupMessageRecalled / onGroupMessageEdited). This session's listener hears
  // its own revisions too, in mailbox order.

  /**
   * Recalls this user's own message {@code messageId} for both sides, within the deployment's recall
   * window (default 2 minutes; TOO_LATE after). NOT_ALLOWED for a message the user received,
   * NOT_FOUND for one not in the user's mailbox. Recalling a recalled message is a duplicate.
   */
  CompletableFuture<RevisionResult> recallAsync(long messageId);

  RevisionResult recall(long messageId);

  /**
   * Replaces the text of this user's own message {@code messageId} for both sides, within the edit
   * window (default 24 hours; TOO_LATE after). The text is checked like a new message's;
   * NOT_ALLOWED for a received or recalled message.
   */
  CompletableFuture<RevisionResult> editAsync(long messageId, String text);

  RevisionResult edit(long messageId, String text);

  /**
   * Deletes message {@code messageId} (sent or received) for this user only: it disappears from this
   * user's history and conversation list on every device; the peer keeps it. At any time.
   */
  CompletableFuture<RevisionResult> deleteForMeAsync(long messageId);

  RevisionResult deleteForMe(long messageId);

  /**
   * Recalls the TEXT entry {@code seq} of group {@code groupId} for every member: one's own within
   * the recall window, or (the group's owner or an admin) any member's at any time.
   */
  CompletableFuture<RevisionResult> recallGroupMessageAsync(long groupId, long seq);

  RevisionResult recallGroupMessage(long groupId, long seq);

  /** Replaces the text of one's own TEXT entry {@code seq} of group {@code groupId} within the edit window. */
  CompletableFuture<RevisionResult> editGroupMessageAsync(long groupId, long seq, String text);

  RevisionResult editGroupMessage(long groupId, long seq, String text);

  // ---- groups ----
  // Every group request fails with NOT_A_MEMBER when the user is not (or no longer) a member,
  // NOT_ALLOWED when the user's role or the group's settings forbid it, NOT_FOUND for no such group.

  /**
   * Creates a group owned by this user with {@code memberIds} as its first members (not this user;
   * at most the group limit), {@link JoinPolicy#INVITE_ONLY} and invitations by owner and admins.
   */
  CompletableFuture<GroupDetails> createGroupAsync(String name, Collection<Long> memberIds);

  /** Creates a group with the given join policy and whether any member may invite. */
  CompletableFuture<GroupDetails> createGroupAsync(String name, Collection<Long> memberIds, JoinPolicy joinPolicy,
      boolean membersCanInvite);

  /** Blocking {@link #createGroupAsync(String, Collection)}. */
  GroupDetails createGroup(String name, Collection<Long> memberIds);

  /** The group and this user's membership, fresh from the server (and into the local store). */
  CompletableFuture<GroupDetails> getGroupAsync(long groupId);

  /** Blocking {@link #getGroupAsync}. */
  GroupDetails getGroup(long groupId);

  /** The user's groups, most recently active first, with unread counts; replaces the local store's list. */
  CompletableFuture<List<GroupSummary>> listGroupsAsync(int limit);

  /** Blocking {@link #listGroupsAsync}. */
  List<GroupSummary> listGroups(int limit);

  /** Changes a group's settings (owner or admin); completes with the group as it is now. */
  CompletableFuture<GroupDetails> updateGroupAsync(long groupId, GroupChanges changes);

  /** Blocking {@link #updateGroupAsync}. */
  GroupDetails updateGroup(long groupId, GroupChanges changes);

  /** Adds users to a group (owner or admin, or any member when the group allows it). */
  CompletableFuture<InviteResult> inviteToGroupAsync(long groupId, Collection<Long> userIds);

  /** Blocking {@link #inviteToGroupAsync}. */
  InviteResult inviteToGroup(long groupId, Collection<Long> userIds);

  /**
   * Asks to join a group: an {@link JoinPolicy#OPEN} group adds the user at once, an
   * {@link JoinPolicy#APPROVAL} one records a request for its owner and admins; an invite-only one
   * refuses with NOT_ALLOWED.
   */
  CompletableFuture<JoinResult> requestToJoinAsync(long groupId, String greeting);

  /** Blocking {@link #requestToJoinAsync}. */
  JoinResult requestToJoin(long groupId, String greeting);

  /** The requests to join a group waiting for an answer (owner or admin). */
  CompletableFuture<List<JoinRequest>> listJoinRequestsAsync(long groupId);

  /** Blocking {@link #listJoinRequestsAsync}. */
  List<JoinRequest> listJoinRequests(long groupId);

  /** Accepts or declines {@code requesterId}'s request to join (owner or admin). */
  CompletableFuture<Void> answerJoinRequestAsync(long groupId, long requesterId, boolean accept);

  /** Blocking {@link #answerJoinRequestAsync}. */
  void answerJoinRequest(long groupId, long requesterId, boolean accept);

  /**
   * Leaves a group; the session stops syncing it and the local store forgets it (its messages
   * stay readable). The owner must transfer ownership or dissolve the group first (NOT_ALLOWED).
   */
  CompletableFuture<Void> leaveGroupAsync(long groupId);

  /** Blocking {@link #leaveGroupAsync}. */
  void leaveGroup(long groupId);

  /** Removes a member (the owner removes anyone, an admin members only). */
  CompletableFuture<Void> kickMemberAsync(long groupId, long userId);

  /** Blocking {@link #kickMemberAsync}. */
  void kickMember(long groupId, long userId);

  /** Makes a member an {@link GroupRole#ADMIN} or a {@link GroupRole#MEMBER} (owner only). */
  CompletableFuture<GroupDetails> setMemberRoleAsync(long groupId, long userId, GroupRole role);

  /** Blocking {@link #setMemberRoleAsync}. */
  GroupDetails setMemberRole(long groupId, long userId, GroupRole role);

  /** Mutes a member until {@code until} (null unmutes); owner or admin (an admin mutes members only). */
  CompletableFuture<Void> muteMemberAsync(long groupId, long userId, Instant until);

  /** Blocking {@link #muteMemberAsync}. */
  void muteMember(long groupId, long userId, Instant until);

  /** Makes member {@code newOwnerId} the owner (owner only); this user becomes an admin. */
  CompletableFuture<GroupDetails> transferOwnershipAsync(long groupId, long newOwnerId);

  /** Blocking {@link #transferOwnershipAsync}. */
  GroupDetails transferOwnership(long groupId, long newOwnerId);

  /** Dissolves a group (owner only); the session stops syncing it. */
  CompletableFuture<Void> dissolveGroupAsync(long groupId);

  /** Blocking {@link #dissolveGroupAsync}. */
  void dissolveGroup(long groupId);

  /**
   * A page of a group's members ordered by user id, after {@code afterUserId} (0: from the start);
   * saved into the local store.
   */
  CompletableFuture<GroupMemberPage> listMembersAsync(long groupId, long afterUserId, int limit);

  /** Blocking {@link #listMembersAsync}. */
  GroupMemberPage listMembers(long groupId, long afterUserId, int limit);

  /**
   * Changes this user's own settings in a group: its nickname there (visible to members) and its
   * private remark for the group; a null argument is left unchanged.
   */
  CompletableFuture<GroupDetails> updateMembershipAsync(long groupId, String nickname, String remark);

  /** Blocking {@link #updateMembershipAsync}. */
  GroupDetails updateMembership(long groupId, String nickname, String remark);

  /**
   * Sends {@code text} to a group under a new client message id; completes with the ack. Like
   * {@link #sendMessageAsync(long, String)}: queued while reconnecting, re-sent after a lost ack
   * with the same id (the server stores it once). Refused with MUTED when the user is muted or the
   * group is muted for members, NOT_A_MEMBER when the user is not a member.
   */
  CompletableFuture<GroupSendResult> sendGroupMessageAsync(long groupId, String text);

  /** Sends under the caller's idempotency key {@code clientMsgId} (at most 64 characters). */
  CompletableFuture<GroupSendResult> sendGroupMessageAsync(long groupId, String text, String clientMsgId);

  /** Blocking {@link #sendGroupMessageAsync(long, String)}: returns once the message is stored. */
  GroupSendResult sendGroupMessage(long groupId, String text);

  /**
   * Up to {@code limit} entries of a group's log after {@code afterSeq}, ascending, straight from
   * the server (the session syncs by itself; this is for an application's own paging). Entries
   * from before the user joined are never returned.
   */
  CompletableFuture<GroupMessagePage> syncGroupAsync(long groupId, long afterSeq, int limit);

  /** Blocking {@link #syncGroupAsync}. */
  GroupMessagePage syncGroup(long groupId, long afterSeq, int limit);

  /** Entries of a group's log before {@code beforeSeq} (0: the newest), newest first, never from before joining. */
  CompletableFuture<GroupMessagePage> groupHistoryAsync(long groupId, long beforeSeq, int limit);

  /** Blocking {@link #groupHistoryAsync}. */
  GroupMessagePage groupHistory(long groupId, long beforeSeq, int limit);

  /**
   * Moves this user's read position in a group up to {@code upToSeq} (never lowered); completes
   * with the read seq the server now holds. The local store's unread count for the group drops to 0.
   */
  CompletableFuture<Long> ackGroupAsync(long groupId, long upToSeq);

  /** Blocking {@link #ackGroupAsync}. */
  long ackGroup(long groupId, long upToSeq);

  /** Marks a group read up to the newest entry this session has delivered (see {@link #ackGroupAsync}). */
  CompletableFuture<Long> markGroupReadAsync(long groupId);

  /** Measures a round trip to the node. */
  CompletableFuture<Duration> pingAsync();

  /**
   * Logs out and closes the connection; queued sends fail, the listener hears
   * {@link ConnectionState#DISCONNECTED}, and a store the session opened is closed. Idempotent.
   */
  @Override
  void close();
}
