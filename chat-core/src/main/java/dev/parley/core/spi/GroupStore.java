package dev.parley.core.spi;

import dev.parley.core.model.AckResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupRevisionResult;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.NewGroup;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Groups, their members and their logs.
 *
 * <p>A group's messages are stored once, in the group's log, numbered 1, 2, 3, ... with no gaps by
 * a seq assigned in the same atomic step that stores the entry. A member row is the member's cursor
 * into that log ({@link GroupMember#joinedSeq()}, {@link GroupMember#readSeq()}). Every change of
 * membership, role, mute, info or existence appends a system entry ({@link GroupMessageKind}) in
 * the same atomic step as the change, so the log is the group's complete history; a member added
 * by an entry has that entry's seq minus one as its joined seq (the entry is the first it sees).
 *
 * <p>The store enforces the invariants that need atomicity (gap-free seqs, the member limit, one
 * owner, idempotent appends, appends by members only, nothing after dissolution); who may do what
 * is the service's ({@code GroupService}). Every write on a group that does not exist or was
 * dissolved throws {@link dev.parley.core.ChatException} {@code NOT_FOUND}. Implementations are
 * thread-safe and may block.
 */
public interface GroupStore {
  /**
   * Creates a group: the owner with role OWNER, the other members with MEMBER, all with joined seq
   * 0, and the log's first entry, {@link GroupMessageKind#GROUP_CREATED} by the owner with every
   * member as target (owner first, then {@code memberIds} in order). Returns it with
   * {@link Group#lastSeq()} 1.
   */
  Group create(NewGroup group, Instant at);

  /** The group, dissolved ones too; empty when it never existed. */
  Optional<Group> find(long groupId);

  /** {@code userId}'s membership of the group; empty when not a member (or the group is gone). */
  Optional<GroupMember> member(long groupId, long userId);

  /** Members with a user id above {@code afterUserId}, ascending by user id, at most {@code limit}. */
  List<GroupMember> members(long groupId, long afterUserId, int limit);

  /** The ids of every member, ascending; empty for a group that does not exist. */
  long[] memberIds(long groupId);

  /**
   * Adds the users not yet members with role MEMBER, at most up to the group's limit (all or none:
   * {@code GROUP_FULL} when they would not all fit), and appends one
   * {@link GroupMessageKind#MEMBERS_JOINED} entry by {@code actorId} naming them; removes any join
   * request of theirs. Users already members are reported and left as they are.
   */
  MembershipChange addMembers(long groupId, long actorId, Collection<Long> userIds, Instant at);

  /**
   * Removes {@code userId} and appends a {@code kind} entry ({@link GroupMessageKind#MEMBER_LEFT} or
   * {@link GroupMessageKind#MEMBER_KICKED}) by {@code actorId}; empty when it was not a member.
   * Refuses ({@code NOT_ALLOWED}) to remove the owner.
   */
  Optional<GroupMessage> removeMember(long groupId, long actorId, long userId, GroupMessageKind kind, Instant at);

  /**
   * Sets a non-owner member's role to ADMIN or MEMBER and appends a {@link GroupMessageKind#ROLE_CHANGED}
   * entry; empty when not a member. {@code IllegalArgumentException} for OWNER (use
   * {@link #transferOwnership}); {@code NOT_ALLOWED} when {@code userId} is the owner.
   */
  Optional<GroupMessage> setRole(long groupId, long actorId, long userId, GroupRole role, Instant at);

  /**
   * Makes member {@code newOwnerId} the owner and the current owner an admin, atomically, and
   * appends an {@link GroupMessageKind#OWNERSHIP_TRANSFERRED} entry by the old owner; empty when
   * {@code newOwnerId} is not a member. {@code NOT_ALLOWED} unless {@code ownerId} is the owner.
   */
  Optional<GroupMessage> transferOwnership(long groupId, long ownerId, long newOwnerId, Instant at);

  /**
   * Mutes a member until {@code until} (null unmutes) and appends a {@link GroupMessageKind#MEMBER_MUTED}
   * entry; empty when not a member.
   */
  Optional<GroupMessage> mute(long groupId, long actorId, long userId, Instant until, Instant at);

  /** Applies a non-empty update and appends a {@link GroupMessageKind#GROUP_INFO_UPDATED} entry by {@code actorId}. */
  GroupMessage update(long groupId, long actorId, GroupUpdate update, Instant at);

  /**
   * Sets the member's own nickname and remark (null leaves one unchanged), without a log entry;
   * empty when not a member ({@code NOT_FOUND} for a group that does not exist or was dissolved).
   */
  Optional<GroupMember> updateMembership(long groupId, long userId, String nickname, String remark);

  /**
   * Appends {@link GroupMessageKind#GROUP_DISSOLVED} by {@code actorId}, marks the group dissolved
   * and removes every member and join request. Returns the entry and the ids the group had as
   * members, in {@code formerMemberIds}'s order ascending.
   */
  Dissolution dissolve(long groupId, long actorId, Instant at);

  /** What {@link #dissolve} did. */
  record Dissolution(GroupMessage systemMessage, long[] formerMemberIds) {}

  /**
   * Appends a TEXT message by member {@code senderId} at the group's next seq. Idempotent on
   * {@code (groupId, senderId, clientMsgId)}: a repeat returns the original message with
   * {@code duplicate = true} and writes nothing (also after the sender left). Throws
   * {@code NOT_A_MEMBER} when the sender is not a member at the moment of the append.
   */
  GroupAppendResult append(long groupId, long senderId, String clientMsgId, String text, Instant sentAt);

  /**
   * {@link #append} without holding the caller's thread: completes with the result or exceptionally
   * with the {@link dev.parley.core.ChatException}, on a thread of the store's choosing (callers must
   * not block it). A store that group-commits completes it when the batch has committed. The default
   * runs {@link #append} on the calling thread.
   */
  default CompletableFuture<GroupAppendResult> appendAsync(long groupId, long senderId, String clientMsgId, String text,
      Instant sentAt) {
    try {
      return CompletableFuture.completedFuture(append(groupId, senderId, clientMsgId, text, sentAt));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Log entries with seq above {@code afterSeq}, ascending, at most {@code limit}. */
  List<GroupMessage> readAfter(long groupId, long afterSeq, int limit);

  /**
   * Log entries with seq below {@code beforeSeq} (no bound when {@code beforeSeq <= 0}) and above
   * {@code floorSeq}, newest first, at most {@code limit}.
   */
  List<GroupMessage> readBefore(long groupId, long beforeSeq, long floorSeq, int limit);

  /**
   * Raises member {@code userId}'s read seq to {@code upToSeq}, never past the group's last seq and
   * never down; concurrent acks apply one after the other (as {@link MessageStore#ack}). A non-member
   * gets {@code NOT_A_MEMBER}; a group that does not exist or was dissolved {@code NOT_FOUND}, as every write.
   */
  AckResult ack(long groupId, long userId, long upToSeq);

  /** How many current members have read the entry {@code seq}: read seq at or above it and joined before it. */
  int readCount(long groupId, long seq);

  /**
   * {@code userId}'s groups, the most recently active (highest last entry time) first, at most
   * {@code limit}, each with the unread count and last visible entry ({@link GroupSummary}).
   */
  List<GroupSummary> groupsOf(long userId, int limit);

  /** How many groups {@code userId} is a member of. */
  int groupCount(long userId);

  /** Creates or renews (new greeting and time) {@code userId}'s request to join. */
  JoinRequest requestJoin(long groupId, long userId, String greeting, Instant at);

  /** {@code userId}'s pending request to join; empty when none. */
  Optional<JoinRequest> joinRequest(long groupId, long userId);

  /** Removes {@code userId}'s request to join; false when there was none. */
  boolean removeJoinRequest(long groupId, long userId);

  /** The group's pending join requests, oldest first, at most {@code limit}. */
  List<JoinRequest> joinRequests(long groupId, int limit);

  /** How many join requests the group has pending. */
  int joinRequestCount(long groupId);

  /**
   * Recalls ({@link RevisionKind#RECALLED}: its text emptied) or edits ({@link RevisionKind#EDITED}:
   * its text replaced by {@code text}, edited at {@code at}) the TEXT entry {@code targetSeq} of group
   * {@code groupId}, and appends the system entry recording it (MESSAGE_RECALLED / MESSAGE_EDITED,
   * sender {@code actorId}, {@code targetSeq}, the new text for an edit) at the log's next seq,
   * atomically under the log's lock. A recall of a recalled entry is a duplicate (nothing written);
   * an edit of one is refused. Who may revise is the caller's to check; the actor must be a member.
   * Empty when the group does not exist or entry {@code targetSeq} is not a TEXT entry of it.
   *
   * @throws dev.parley.core.ChatException NOT_A_MEMBER when the actor is not a member, NOT_FOUND when
   *     the group was dissolved, NOT_ALLOWED for an edit of a recalled entry
   */
  Optional<GroupRevisionResult> revise(long groupId, long actorId, long targetSeq, RevisionKind kind, String text,
      Instant at);
}
