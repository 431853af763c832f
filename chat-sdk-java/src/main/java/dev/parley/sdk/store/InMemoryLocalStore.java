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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link LocalStore} in memory, the SDK's default: nothing survives the process. To bound memory
 * in a long-running client it keeps only the newest {@code maxMessages} messages of the mailbox and
 * as many of each group's log; the positions ({@link #highestContiguousSeq()},
 * {@link #highestContiguousGroupSeq}) are kept regardless. Thread-safe (every method locks the store).
 */
public final class InMemoryLocalStore implements LocalStore {
  /** How many messages the no-argument constructor keeps. */
  public static final int DEFAULT_MAX_MESSAGES = 100_000;

  private final int maxMessages;
  private final NavigableMap<Long, ChatMessage> mailbox = new TreeMap<>();
  private final Map<Long, NavigableMap<Long, ChatMessage>> byPeer = new HashMap<>();
  /** Message id to its seq, for the messages held. */
  private final Map<Long, Long> seqByMessage = new HashMap<>();
  private final Map<Long, Friend> friends = new HashMap<>();
  private final Map<Long, FriendRequest> requests = new HashMap<>();
  private final Map<Long, GroupSummary> groups = new HashMap<>();
  private final Map<Long, NavigableMap<Long, GroupMember>> members = new HashMap<>();
  private final Map<Long, NavigableMap<Long, GroupMessage>> groupLogs = new HashMap<>();
  private final Map<Long, Long> groupPositions = new HashMap<>();
  private long ownerId;
  private long highestSeq;
  private Profile profile;
  private MailboxIdentity identity;
  private boolean closed;

  /** A store that keeps up to {@link #DEFAULT_MAX_MESSAGES} messages. */
  public InMemoryLocalStore() {
    this(DEFAULT_MAX_MESSAGES);
  }

  /** A store that keeps up to {@code maxMessages} messages, dropping the oldest. */
  public InMemoryLocalStore(int maxMessages) {
    if (maxMessages <= 0) {
      throw new IllegalArgumentException("maxMessages must be positive, was " + maxMessages);
    }
    this.maxMessages = maxMessages;
  }

  @Override
  public synchronized long ownerId() {
    open();
    return ownerId;
  }

  @Override
  public synchronized void bindOwner(long userId) {
    open();
    if (ownerId != 0 && ownerId != userId) {
      throw new IllegalStateException("this local store belongs to user " + ownerId + ", not " + userId);
    }
    ownerId = userId;
  }

  @Override
  public synchronized Optional<MailboxIdentity> mailboxIdentity() {
    open();
    return Optional.ofNullable(identity);
  }

  @Override
  public synchronized void reset(MailboxIdentity newIdentity) {
    open();
    identity = Objects.requireNonNull(newIdentity, "identity");
    mailbox.clear();
    byPeer.clear();
    seqByMessage.clear();
    friends.clear();
    requests.clear();
    groups.clear();
    members.clear();
    groupLogs.clear();
    groupPositions.clear();
    highestSeq = 0;
    profile = null;
  }

  @Override
  public synchronized Optional<Profile> profile() {
    open();
    return Optional.ofNullable(profile);
  }

  @Override
  public synchronized void saveProfile(Profile newProfile) {
    open();
    profile = newProfile;
  }

  @Override
  public synchronized List<Friend> friends() {
    open();
    return List.copyOf(friends.values());
  }

  @Override
  public synchronized void replaceFriends(Collection<Friend> all) {
    open();
    friends.clear();
    all.forEach(f -> friends.put(f.userId(), f));
  }

  @Override
  public synchronized void saveFriend(Friend friend) {
    open();
    friends.put(friend.userId(), friend);
  }

  @Override
  public synchronized void removeFriend(long friendId) {
    open();
    friends.remove(friendId);
  }

  @Override
  public synchronized List<FriendRequest> pendingRequests() {
    open();
    return List.copyOf(requests.values());
  }

  @Override
  public synchronized void replacePendingRequests(Collection<FriendRequest> all) {
    open();
    requests.clear();
    all.forEach(r -> requests.put(r.from().userId(), r));
  }

  @Override
  public synchronized void savePendingRequest(FriendRequest request) {
    open();
    requests.put(request.from().userId(), request);
  }

  @Override
  public synchronized void removePendingRequest(long requesterId) {
    open();
    requests.remove(requesterId);
  }

  @Override
  public synchronized long highestContiguousSeq() {
    open();
    return highestSeq;
  }

  @Override
  public synchronized void appendMessages(List<ChatMessage> messages) {
    open();
    for (ChatMessage m : MailboxAppend.freshMessages(highestSeq, messages)) {
      mailbox.put(m.seq(), m);
      byPeer.computeIfAbsent(m.peerId(), p -> new TreeMap<>()).put(m.seq(), m);
      seqByMessage.put(m.messageId(), m.seq());
      highestSeq = m.seq();
    }
    while (mailbox.size() > maxMessages) {
      ChatMessage oldest = mailbox.pollFirstEntry().getValue();
      seqByMessage.remove(oldest.messageId());
      NavigableMap<Long, ChatMessage> peer = byPeer.get(oldest.peerId());
      peer.remove(oldest.seq());
      if (peer.isEmpty()) {
        byPeer.remove(oldest.peerId());
      }
    }
  }

  @Override
  public synchronized List<ChatMessage> messages(long peerId, int limit) {
    open();
    MailboxAppend.checkLimit(limit);
    NavigableMap<Long, ChatMessage> peer = byPeer.getOrDefault(peerId, new TreeMap<>());
    List<ChatMessage> newestFirst = new ArrayList<>(Math.min(limit, peer.size()));
    for (ChatMessage m : peer.descendingMap().values()) {
      if (newestFirst.size() == limit) {
        break;
      }
      if (!m.deleted()) {
        newestFirst.add(m);
      }
    }
    java.util.Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  @Override
  public synchronized List<ChatMessage> messagesAfter(long seq, int limit) {
    open();
    MailboxAppend.checkLimit(limit);
    return mailbox.tailMap(seq, false).values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void appendNotice(GroupNotice notice) {
    open();
    if (MailboxAppend.isFresh(highestSeq, notice)) {
      highestSeq = notice.mailboxSeq();
    }
  }

  @Override
  public synchronized void appendRevision(MessageRevision revision) {
    open();
    if (!MailboxAppend.isFreshRevision(highestSeq, revision.seq())) {
      return;
    }
    highestSeq = revision.seq();
    Long seq = seqByMessage.get(revision.messageId());
    if (seq != null) {
      ChatMessage revised = mailbox.get(seq).revised(revision);
      mailbox.put(seq, revised);
      byPeer.get(revised.peerId()).put(seq, revised);
    }
  }

  @Override
  public synchronized List<GroupSummary> groups() {
    open();
    return List.copyOf(groups.values());
  }

  @Override
  public synchronized Optional<GroupSummary> group(long groupId) {
    open();
    return Optional.ofNullable(groups.get(groupId));
  }

  @Override
  public synchronized void replaceGroups(Collection<GroupSummary> all) {
    open();
    Map<Long, GroupSummary> next = new HashMap<>();
    all.forEach(g -> next.put(g.groupId(), g));
    members.keySet().retainAll(next.keySet());
    groups.clear();
    groups.putAll(next);
  }

  @Override
  public synchronized void saveGroup(GroupSummary group) {
    open();
    groups.put(group.groupId(), group);
  }

  @Override
  public synchronized void removeGroup(long groupId) {
    open();
    groups.remove(groupId);
    members.remove(groupId);
  }

  @Override
  public synchronized List<GroupMember> groupMembers(long groupId) {
    open();
    return List.copyOf(members.getOrDefault(groupId, new TreeMap<>()).values());
  }

  @Override
  public synchronized void saveGroupMembers(long groupId, Collection<GroupMember> page) {
    open();
    NavigableMap<Long, GroupMember> group = members.computeIfAbsent(groupId, g -> new TreeMap<>());
    page.forEach(m -> group.put(m.userId(), m));
  }

  @Override
  public synchronized void removeGroupMember(long groupId, long userId) {
    open();
    NavigableMap<Long, GroupMember> group = members.get(groupId);
    if (group != null) {
      group.remove(userId);
    }
  }

  @Override
  public synchronized long highestContiguousGroupSeq(long groupId) {
    open();
    return groupPositions.getOrDefault(groupId, 0L);
  }

  @Override
  public synchronized Map<Long, Long> groupPositions() {
    open();
    return Map.copyOf(groupPositions);
  }

  @Override
  public synchronized void appendGroupMessages(long groupId, long afterSeq, List<GroupMessage> messages) {
    open();
    long highest = groupPositions.getOrDefault(groupId, 0L);
    List<GroupMessage> fresh = MailboxAppend.freshGroupMessages(groupId, highest, afterSeq, messages);
    if (fresh.isEmpty()) {
      return;
    }
    NavigableMap<Long, GroupMessage> log = groupLogs.computeIfAbsent(groupId, g -> new TreeMap<>());
    for (GroupMessage m : fresh) {
      log.put(m.seq(), m);
      GroupMessage target = m.isRevision() ? log.get(m.targetSeq()) : null;
      if (target != null) {
        log.put(target.seq(), target.revised(m));
      }
    }
    groupPositions.put(groupId, fresh.get(fresh.size() - 1).seq());
    while (log.size() > maxMessages) {
      log.pollFirstEntry();
    }
  }

  @Override
  public synchronized List<GroupMessage> groupMessages(long groupId, int limit) {
    open();
    MailboxAppend.checkLimit(limit);
    NavigableMap<Long, GroupMessage> log = groupLogs.getOrDefault(groupId, new TreeMap<>());
    List<GroupMessage> newestFirst = log.descendingMap().values().stream().limit(limit).toList();
    List<GroupMessage> oldestFirst = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    return List.copyOf(oldestFirst);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("local store is closed");
    }
  }
}
