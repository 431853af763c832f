package dev.parley.sdk.store;

import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.GroupMember;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.MessageRevision;
import dev.parley.sdk.Profile;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a client keeps about one user locally: the user's profile, friends, pending friend
 * requests, the messages of the user's mailbox up to the highest contiguous seq, and the user's
 * groups with their members (as last listed) and each group's log up to its own highest contiguous
 * seq. The session
 * writes to it before it tells the listener, and syncs from {@link #highestContiguousSeq()} after
 * login, so a durable store lets a restarted client show its history at once and fetch only what
 * is new.
 *
 * <p>Implementations must be thread-safe: the session writes from its callback thread while the
 * application reads from any thread. A store holds one user's data ({@link #bindOwner}) from one
 * server mailbox ({@link #mailboxIdentity}); the session {@link #reset resets} it when the server's
 * mailbox turns out to be another one, so it never shows another account's history.
 */
public interface LocalStore extends AutoCloseable {
  /** The user this store belongs to, or 0 while it belongs to nobody. */
  long ownerId();

  /**
   * Claims the store for {@code userId}. Does nothing when it already belongs to that user.
   *
   * @throws IllegalStateException when it belongs to another user
   */
  void bindOwner(long userId);

  /**
   * Which server mailbox this store holds a copy of; empty for a store that has not logged in yet
   * (or was written by an SDK that did not record it).
   */
  Optional<MailboxIdentity> mailboxIdentity();

  /**
   * Forgets everything but the owner (messages, position, profile, friends, pending requests and groups)
   * and records that the store now holds the copy of {@code identity}'s mailbox, atomically. The
   * session calls it when the server's mailbox is not the one this store was filled from, before
   * it syncs from seq 0.
   */
  void reset(MailboxIdentity identity);

  /** This user's own profile as last seen. */
  Optional<Profile> profile();

  void saveProfile(Profile profile);

  /** Friends, in no particular order. */
  List<Friend> friends();

  /** Replaces the whole friend list (after login). */
  void replaceFriends(Collection<Friend> friends);

  /** Adds or replaces one friend. */
  void saveFriend(Friend friend);

  void removeFriend(long friendId);

  /** Friend requests this user has received and not answered. */
  List<FriendRequest> pendingRequests();

  /** Replaces all pending requests (after login). */
  void replacePendingRequests(Collection<FriendRequest> requests);

  /** Adds or replaces the pending request from {@code request.from()}. */
  void savePendingRequest(FriendRequest request);

  /** Forgets the pending request from {@code requesterId}. */
  void removePendingRequest(long requesterId);

  /**
   * The highest seq up to which this store holds every mailbox message (0 when empty). The
   * session asks the server only for messages after it.
   */
  long highestContiguousSeq();

  /**
   * Appends mailbox messages, in seq order, continuing from {@link #highestContiguousSeq()}, and
   * advances it to the last one, atomically (and, for a durable store, durably). Messages at or
   * below the current position are ignored, so a repeated append is harmless.
   *
   * @throws IllegalArgumentException when the messages leave a gap or are out of order
   */
  void appendMessages(List<ChatMessage> messages);

  /**
   * Records the revision entry {@code revision} (a recall, edit or delete-for-me) as the next seq of
   * the mailbox, advancing {@link #highestContiguousSeq()} to its seq, and replaces the message it
   * names, when held, by its final state ({@link ChatMessage#revised}), atomically. A revision at or
   * below the position is ignored.
   *
   * @throws IllegalArgumentException when it does not continue the mailbox
   */
  void appendRevision(MessageRevision revision);

  /**
   * The newest {@code limit} messages exchanged with {@code peerId} that this user has not deleted
   * for themselves, oldest first (recalled and edited ones in their final state).
   */
  List<ChatMessage> messages(long peerId, int limit);

  /** Up to {@code limit} mailbox messages after {@code seq}, in seq order. */
  List<ChatMessage> messagesAfter(long seq, int limit);

  /**
   * Records the mailbox entry {@code notice} (a change of the user's own group membership) as the
   * next seq of the mailbox, advancing {@link #highestContiguousSeq()} to its
   * {@link GroupNotice#mailboxSeq()}. A notice at or below the position is ignored.
   *
   * @throws IllegalArgumentException when it does not continue the mailbox
   */
  void appendNotice(GroupNotice notice);

  /** The user's groups as last seen, in no particular order. */
  List<GroupSummary> groups();

  /** The group {@code groupId}, if the user is a member as far as this store knows. */
  Optional<GroupSummary> group(long groupId);

  /**
   * Replaces the list of the user's groups (after login); groups not in it are forgotten as by
   * {@link #removeGroup}.
   */
  void replaceGroups(Collection<GroupSummary> groups);

  /** Adds or replaces one group. */
  void saveGroup(GroupSummary group);

  /**
   * Forgets group {@code groupId} and its members (the user left it, was removed, or it was
   * dissolved). Its messages and position stay, so what the user saw remains readable.
   */
  void removeGroup(long groupId);

  /** The members of {@code groupId} as last listed, ordered by user id. */
  List<GroupMember> groupMembers(long groupId);

  /** Adds or replaces members of {@code groupId} (a page of a listing). */
  void saveGroupMembers(long groupId, Collection<GroupMember> members);

  /** Forgets member {@code userId} of {@code groupId}. */
  void removeGroupMember(long groupId, long userId);

  /**
   * The highest seq up to which this store holds every entry of group {@code groupId}'s log that
   * is visible to the user (0 when it holds none). The session syncs the group after it.
   */
  long highestContiguousGroupSeq(long groupId);

  /**
   * Every group's {@link #highestContiguousGroupSeq}, for the groups this store holds entries of
   * (also those the user left), so a session never fetches or reports again what it holds.
   */
  Map<Long, Long> groupPositions();

  /**
   * Appends entries of group {@code groupId}'s log that follow seq {@code afterSeq}, in seq order,
   * and advances {@link #highestContiguousGroupSeq} to the last one, atomically. {@code afterSeq}
   * above the current position means the entries in between are not visible to the user (they
   * were written before it joined). Entries at or below the position are ignored. A
   * MESSAGE_RECALLED / MESSAGE_EDITED entry also replaces the TEXT entry it names, when held, by its
   * final state ({@link GroupMessage#revised}).
   *
   * @throws IllegalArgumentException when the entries leave a gap, are out of order, belong to
   *     another group, or {@code afterSeq} is below the position while the first new entry does
   *     not continue it
   */
  void appendGroupMessages(long groupId, long afterSeq, List<GroupMessage> messages);

  /** The newest {@code limit} entries of group {@code groupId}'s log, oldest first. */
  List<GroupMessage> groupMessages(long groupId, int limit);

  /** Releases the store's resources. Further use fails. */
  @Override
  void close();
}
