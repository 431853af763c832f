package dev.parley.server.internal.cache;

import com.github.benmanes.caffeine.cache.Ticker;
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
import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.GroupStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link GroupStore} whose two reads made for every group message, {@link #memberIds} (the
 * fan-out's recipients) and {@link #member} (the sender's membership, role and mute), come from a
 * per-node cache; every other call goes to the store. In particular {@link #find} is never cached:
 * its {@code lastSeq}, member count and settings are read exactly by whoever needs them.
 *
 * <p>Every write through it that changes a membership (create, add, remove, role, transfer, mute,
 * the member's own nickname and remark, its read position, dissolve) drops the affected keys here
 * once the store has returned (committed) and publishes them on the {@link ChangeFeed} topic
 * {@value #TOPIC} so every other node drops them too: key {@code "g"} for the member ids of group
 * g, {@code "g:u"} for user u's membership of it. A resubscribed feed (notices may have been lost)
 * drops everything.
 *
 * <p>Staleness: on this node never; on another node the feed's delay (milliseconds), at most the
 * TTL when notices were lost. What it may cost is bounded by the store's own checks: an append by a
 * user removed elsewhere a moment ago is still refused by the store ({@code NOT_A_MEMBER}), and a
 * member added a moment ago gets by SyncGroup what its first pushes missed.
 *
 * <p>Thread-safe. Owns its feed subscription: {@link #close()} ends it.
 */
public final class CachingGroupStore implements GroupStore, AutoCloseable {
  /** The change-feed topic of group memberships. */
  public static final String TOPIC = "group-members";

  private static final long[] NONE = new long[0];

  private final GroupStore store;
  private final ChangeFeed feed;
  private final InvalidatedCache<Long, long[]> memberIds;
  private final InvalidatedCache<String, Optional<GroupMember>> members;
  private final ChangeFeed.Subscription subscription;

  public CachingGroupStore(GroupStore store, ChangeFeed feed, CacheSettings settings, Ticker ticker) {
    this.store = Objects.requireNonNull(store, "store");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.memberIds = new InvalidatedCache<>(settings.maxEntries(), settings.ttl(), ticker);
    this.members = new InvalidatedCache<>(settings.maxEntries(), settings.ttl(), ticker);
    this.subscription = feed.subscribe(TOPIC, new ChangeFeed.Listener() {
      @Override
      public void changed(String key) {
        drop(key);
      }

      @Override
      public void resubscribed() {
        memberIds.invalidateAll();
        members.invalidateAll();
      }
    });
  }

  /** The feed key of user {@code userId}'s membership of group {@code groupId}. */
  public static String memberKey(long groupId, long userId) {
    return groupId + ":" + userId;
  }

  private void drop(String key) {
    int colon = key.indexOf(':');
    if (colon < 0) {
      memberIds.invalidate(Long.parseLong(key));
    } else {
      members.invalidate(key);
    }
  }

  /** Drops the group's member ids here and on every node; call after the change is committed. */
  private void groupChanged(long groupId) {
    memberIds.invalidate(groupId);
    feed.publish(TOPIC, Long.toString(groupId));
  }

  /** Drops one membership here and on every node; call after the change is committed. */
  private void memberChanged(long groupId, long userId) {
    String key = memberKey(groupId, userId);
    members.invalidate(key);
    feed.publish(TOPIC, key);
  }

  // ---- cached reads ----

  /** The cached ids (a copy: callers may keep or change it). */
  @Override
  public long[] memberIds(long groupId) {
    long[] ids = memberIds.get(groupId, store::memberIds);
    return ids.length == 0 ? NONE : ids.clone();
  }

  @Override
  public Optional<GroupMember> member(long groupId, long userId) {
    return members.get(memberKey(groupId, userId), k -> store.member(groupId, userId));
  }

  // ---- writes that change memberships ----

  @Override
  public Group create(NewGroup group, Instant at) {
    Group created = store.create(group, at);
    // A look-up of the id before it existed (a probe) may be cached as "no members".
    groupChanged(created.id());
    memberChanged(created.id(), created.ownerId());
    group.memberIds().forEach(id -> memberChanged(created.id(), id));
    return created;
  }

  @Override
  public MembershipChange addMembers(long groupId, long actorId, Collection<Long> userIds, Instant at) {
    MembershipChange change = store.addMembers(groupId, actorId, userIds, at);
    if (!change.addedIds().isEmpty()) {
      groupChanged(groupId);
      change.addedIds().forEach(id -> memberChanged(groupId, id));
    }
    return change;
  }

  @Override
  public Optional<GroupMessage> removeMember(long groupId, long actorId, long userId, GroupMessageKind kind,
      Instant at) {
    Optional<GroupMessage> entry = store.removeMember(groupId, actorId, userId, kind, at);
    // Published even when nothing was removed: a caller racing another removal may hold the old answer.
    groupChanged(groupId);
    memberChanged(groupId, userId);
    return entry;
  }

  @Override
  public Optional<GroupMessage> setRole(long groupId, long actorId, long userId, GroupRole role, Instant at) {
    Optional<GroupMessage> entry = store.setRole(groupId, actorId, userId, role, at);
    memberChanged(groupId, userId);
    return entry;
  }

  @Override
  public Optional<GroupMessage> transferOwnership(long groupId, long ownerId, long newOwnerId, Instant at) {
    Optional<GroupMessage> entry = store.transferOwnership(groupId, ownerId, newOwnerId, at);
    memberChanged(groupId, ownerId);
    memberChanged(groupId, newOwnerId);
    return entry;
  }

  @Override
  public Optional<GroupMessage> mute(long groupId, long actorId, long userId, Instant until, Instant at) {
    Optional<GroupMessage> entry = store.mute(groupId, actorId, userId, until, at);
    memberChanged(groupId, userId);
    return entry;
  }

  @Override
  public Optional<GroupMember> updateMembership(long groupId, long userId, String nickname, String remark) {
    Optional<GroupMember> updated = store.updateMembership(groupId, userId, nickname, remark);
    memberChanged(groupId, userId);
    return updated;
  }

  @Override
  public Dissolution dissolve(long groupId, long actorId, Instant at) {
    Dissolution done = store.dissolve(groupId, actorId, at);
    groupChanged(groupId);
    for (long id : done.formerMemberIds()) {
      memberChanged(groupId, id);
    }
    return done;
  }

  /** The membership holds the read position: a raise drops it (here and elsewhere). */
  @Override
  public AckResult ack(long groupId, long userId, long upToSeq) {
    AckResult ack = store.ack(groupId, userId, upToSeq);
    if (ack.raised()) {
      memberChanged(groupId, userId);
    }
    return ack;
  }

  // ---- everything else, uncached ----

  @Override
  public Optional<Group> find(long groupId) {
    return store.find(groupId);
  }

  @Override
  public List<GroupMember> members(long groupId, long afterUserId, int limit) {
    return store.members(groupId, afterUserId, limit);
  }

  @Override
  public GroupMessage update(long groupId, long actorId, GroupUpdate update, Instant at) {
    return store.update(groupId, actorId, update, at);
  }

  @Override
  public Optional<dev.parley.core.model.GroupRevisionResult> revise(long groupId, long actorId, long targetSeq,
      dev.parley.core.model.RevisionKind kind, String text, Instant at) {
    return store.revise(groupId, actorId, targetSeq, kind, text, at);
  }

  @Override
  public GroupAppendResult append(long groupId, long senderId, String clientMsgId, String text, Instant sentAt) {
    return store.append(groupId, senderId, clientMsgId, text, sentAt);
  }

  @Override
  public CompletableFuture<GroupAppendResult> appendAsync(long groupId, long senderId, String clientMsgId,
      String text, Instant sentAt) {
    return store.appendAsync(groupId, senderId, clientMsgId, text, sentAt);
  }

  @Override
  public List<GroupMessage> readAfter(long groupId, long afterSeq, int limit) {
    return store.readAfter(groupId, afterSeq, limit);
  }

  @Override
  public List<GroupMessage> readBefore(long groupId, long beforeSeq, long floorSeq, int limit) {
    return store.readBefore(groupId, beforeSeq, floorSeq, limit);
  }

  @Override
  public int readCount(long groupId, long seq) {
    return store.readCount(groupId, seq);
  }

  @Override
  public List<GroupSummary> groupsOf(long userId, int limit) {
    return store.groupsOf(userId, limit);
  }

  @Override
  public int groupCount(long userId) {
    return store.groupCount(userId);
  }

  @Override
  public JoinRequest requestJoin(long groupId, long userId, String greeting, Instant at) {
    return store.requestJoin(groupId, userId, greeting, at);
  }

  @Override
  public Optional<JoinRequest> joinRequest(long groupId, long userId) {
    return store.joinRequest(groupId, userId);
  }

  @Override
  public boolean removeJoinRequest(long groupId, long userId) {
    return store.removeJoinRequest(groupId, userId);
  }

  @Override
  public List<JoinRequest> joinRequests(long groupId, int limit) {
    return store.joinRequests(groupId, limit);
  }

  @Override
  public int joinRequestCount(long groupId) {
    return store.joinRequestCount(groupId);
  }

  InvalidatedCache<Long, long[]> memberIdsCache() {
    return memberIds;
  }

  /** Hits, misses and invalidations of both caches together, for the node's meters. */
  public CacheCounts counts() {
    return new CacheCounts(() -> memberIds.hits() + members.hits(), () -> memberIds.misses() + members.misses(),
        () -> memberIds.invalidations() + members.invalidations());
  }

  @Override
  public void close() {
    subscription.close();
  }
}
