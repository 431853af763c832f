package dev.parley.core.testing;

import dev.parley.core.model.AckResult;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMember;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import dev.parley.core.model.GroupSummary;
import dev.parley.core.model.GroupUpdate;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MembershipChange;
import dev.parley.core.model.NewGroup;
import dev.parley.core.spi.GroupStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A group store that passes every call to another; tests extend it to change how appends complete
 * or to act between two of the service's calls, and keep the rest. Thread-safe as its delegate is.
 */
public class ForwardingGroupStore implements GroupStore {
  /** The store every call goes to. */
  protected final GroupStore stored;

  public ForwardingGroupStore(GroupStore stored) {
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  @Override
  public Group create(NewGroup group, Instant at) {
    return stored.create(group, at);
  }

  @Override
  public Optional<Group> find(long groupId) {
    return stored.find(groupId);
  }

  @Override
  public Optional<GroupMember> member(long groupId, long userId) {
    return stored.member(groupId, userId);
  }

  @Override
  public List<GroupMember> members(long groupId, long afterUserId, int limit) {
    return stored.members(groupId, afterUserId, limit);
  }

  @Override
  public long[] memberIds(long groupId) {
    return stored.memberIds(groupId);
  }

  @Override
  public MembershipChange addMembers(long groupId, long actorId, Collection<Long> userIds, Instant at) {
    return stored.addMembers(groupId, actorId, userIds, at);
  }

  @Override
  public Optional<GroupMessage> removeMember(long groupId, long actorId, long userId, GroupMessageKind kind,
      Instant at) {
    return stored.removeMember(groupId, actorId, userId, kind, at);
  }

  @Override
  public Optional<GroupMessage> setRole(long groupId, long actorId, long userId, GroupRole role, Instant at) {
    return stored.setRole(groupId, actorId, userId, role, at);
  }

  @Override
  public Optional<GroupMessage> transferOwnership(long groupId, long ownerId, long newOwnerId, Instant at) {
    return stored.transferOwnership(groupId, ownerId, newOwnerId, at);
  }

  @Override
  public Optional<GroupMessage> mute(long groupId, long actorId, long userId, Instant until, Instant at) {
    return stored.mute(groupId, actorId, userId, until, at);
  }

  @Override
  public GroupMessage update(long groupId, long actorId, GroupUpdate update, Instant at) {
    return stored.update(groupId, actorId, update, at);
  }

  @Override
  public Optional<GroupMember> updateMembership(long groupId, long userId, String nickname, String remark) {
    return stored.updateMembership(groupId, userId, nickname, remark);
  }

  @Override
  public Dissolution dissolve(long groupId, long actorId, Instant at) {
    return stored.dissolve(groupId, actorId, at);
  }

  @Override
  public Optional<dev.parley.core.model.GroupRevisionResult> revise(long groupId, long actorId, long targetSeq,
      dev.parley.core.model.RevisionKind kind, String text, Instant at) {
    return stored.revise(groupId, actorId, targetSeq, kind, text, at);
  }

  @Override
  public GroupAppendResult append(long groupId, long senderId, String clientMsgId, String text, Instant sentAt) {
    return stored.append(groupId, senderId, clientMsgId, text, sentAt);
  }

  @Override
  public CompletableFuture<GroupAppendResult> appendAsync(long groupId, long senderId, String clientMsgId, String text,
      Instant sentAt) {
    return stored.appendAsync(groupId, senderId, clientMsgId, text, sentAt);
  }

  @Override
  public List<GroupMessage> readAfter(long groupId, long afterSeq, int limit) {
    return stored.readAfter(groupId, afterSeq, limit);
  }

  @Override
  public List<GroupMessage> readBefore(long groupId, long beforeSeq, long floorSeq, int limit) {
    return stored.readBefore(groupId, beforeSeq, floorSeq, limit);
  }

  @Override
  public AckResult ack(long groupId, long userId, long upToSeq) {
    return stored.ack(groupId, userId, upToSeq);
  }

  @Override
  public int readCount(long groupId, long seq) {
    return stored.readCount(groupId, seq);
  }

  @Override
  public List<GroupSummary> groupsOf(long userId, int limit) {
    return stored.groupsOf(userId, limit);
  }

  @Override
  public int groupCount(long userId) {
    return stored.groupCount(userId);
  }

  @Override
  public JoinRequest requestJoin(long groupId, long userId, String greeting, Instant at) {
    return stored.requestJoin(groupId, userId, greeting, at);
  }

  @Override
  public Optional<JoinRequest> joinRequest(long groupId, long userId) {
    return stored.joinRequest(groupId, userId);
  }

  @Override
  public boolean removeJoinRequest(long groupId, long userId) {
    return stored.removeJoinRequest(groupId, userId);
  }

  @Override
  public List<JoinRequest> joinRequests(long groupId, int limit) {
    return stored.joinRequests(groupId, limit);
  }

  @Override
  public int joinRequestCount(long groupId) {
    return stored.joinRequestCount(groupId);
  }
}
