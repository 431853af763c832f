package dev.parley.sdk.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.GroupMember;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.MessageRevision;
import dev.parley.sdk.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * A durable {@link LocalStore} in one H2 MVStore file. Every change is committed to the file
 * before the method returns, and a batch of messages together with the new mailbox position is
 * one commit, so a crash never leaves the position ahead of the messages. A restarted client
 * reopens the file and has its history and position at once.
 *
 * <p>The file is locked while open: one process at a time. Thread-safe (every method locks the
 * store). Values are stored as JSON so the file survives additions to the records.
 */
public final class MvStoreLocalStore implements LocalStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String OWNER = "owner";
  private static final String HIGHEST_SEQ = "highestSeq";
  private static final String PROFILE = "profile";
  private static final String DEPLOYMENT = "deploymentId";
  private static final String EPOCH = "mailboxEpoch";

  private final Path file;
  private final MVStore store;
  private final MVMap<String, String> meta;
  private final MVMap<Long, String> friends;
  private final MVMap<Long, String> requests;
  private final MVMap<Long, String> mailbox;
  /** "peer/seq" (both zero-padded so they sort as numbers) to seq: a conversation's messages in order. */
  private final MVMap<String, Long> byPeer;
  private final MVMap<Long, String> groups;
  /** Message id to its seq in the mailbox, for applying revisions (files written before it lack older ids). */
  private final MVMap<Long, Long> seqByMessage;
  /** "group/user" (zero-padded) to the member. */
  private final MVMap<String, String> groupMembers;
  /** "group/seq" (zero-padded) to the entry: each group's log in order. */
  private final MVMap<String, String> groupLog;
  private final MVMap<Long, Long> groupPositions;

  private MvStoreLocalStore(Path file, MVStore store) {
    this.file = file;
    this.store = store;
    this.meta = store.openMap("meta");
    this.friends = store.openMap("friends");
    this.requests = store.openMap("requests");
    this.mailbox = store.openMap("mailbox");
    this.byPeer = store.openMap("byPeer");
    this.groups = store.openMap("groups");
    this.seqByMessage = store.openMap("seqByMessage");
    this.groupMembers = store.openMap("groupMembers");
    this.groupLog = store.openMap("groupLog");
    this.groupPositions = store.openMap("groupPositions");
  }

  /**
   * Opens the store in {@code file}, creating it (and its directory) when missing.
   *
   * @throws UncheckedIOException when the directory cannot be created
   * @throws LocalStoreLockedException when another process (or open store) holds the file
   * @throws IllegalStateException when the file cannot be opened otherwise
   */
  public static MvStoreLocalStore open(Path file) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create directory for local store " + absolute, e);
    }
    try {
      MVStore store = new MVStore.Builder().fileName(absolute.toString()).autoCommitDisabled().open();
      return new MvStoreLocalStore(absolute, store);
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw new LocalStoreLockedException(absolute, e);
      }
      throw new IllegalStateException("cannot open local store " + absolute + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot open local store " + absolute + ": " + e.getMessage(), e);
    }
  }

  /** The file this store lives in. */
  public Path file() {
    return file;
  }

  @Override
  public synchronized long ownerId() {
    return Long.parseLong(meta.getOrDefault(OWNER, "0"));
  }

  @Override
  public synchronized void bindOwner(long userId) {
    long owner = ownerId();
    if (owner != 0 && owner != userId) {
      throw new IllegalStateException("local store " + file + " belongs to user " + owner + ", not " + userId);
    }
    if (owner == 0) {
      meta.put(OWNER, Long.toString(userId));
      store.commit();
    }
  }

  @Override
  public synchronized Optional<MailboxIdentity> mailboxIdentity() {
    String deployment = meta.get(DEPLOYMENT);
    return deployment == null ? Optional.empty()
        : Optional.of(new MailboxIdentity(deployment, Long.parseLong(meta.getOrDefault(EPOCH, "0"))));
  }

  @Override
  public synchronized void reset(MailboxIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    String owner = meta.get(OWNER);
    List.of(meta, friends, requests, mailbox).forEach(MVMap::clear);
    byPeer.clear();
    seqByMessage.clear();
    groups.clear();
    groupMembers.clear();
    groupLog.clear();
    groupPositions.clear();
    if (owner != null) {
      meta.put(OWNER, owner);
    }
    meta.put(DEPLOYMENT, identity.deploymentId());
    meta.put(EPOCH, Long.toString(identity.epoch()));
    store.commit();
    store.sync();
  }

  @Override
  public synchronized Optional<Profile> profile() {
    return Optional.ofNullable(meta.get(PROFILE)).map(j -> read(j, Profile.class));
  }

  @Override
  public synchronized void saveProfile(Profile profile) {
    meta.put(PROFILE, write(profile));
    store.commit();
  }

  @Override
  public synchronized List<Friend> friends() {
    return readAll(friends, Friend.class);
  }

  @Override
  public synchronized void replaceFriends(Collection<Friend> all) {
    friends.clear();
    all.forEach(f -> friends.put(f.userId(), write(f)));
    store.commit();
  }

  @Override
  public synchronized void saveFriend(Friend friend) {
    friends.put(friend.userId(), write(friend));
    store.commit();
  }

  @Override
  public synchronized void removeFriend(long friendId) {
    friends.remove(friendId);
    store.commit();
  }

  @Override
  public synchronized List<FriendRequest> pendingRequests() {
    return readAll(requests, FriendRequest.class);
  }

  @Override
  public synchronized void replacePendingRequests(Collection<FriendRequest> all) {
    requests.clear();
    all.forEach(r -> requests.put(r.from().userId(), write(r)));
    store.commit();
  }

  @Override
  public synchronized void savePendingRequest(FriendRequest request) {
    requests.put(request.from().userId(), write(request));
    store.commit();
  }

  @Override
  public synchronized void removePendingRequest(long requesterId) {
    requests.remove(requesterId);
    store.commit();
  }

  @Override
  public synchronized long highestContiguousSeq() {
    return Long.parseLong(meta.getOrDefault(HIGHEST_SEQ, "0"));
  }

  @Override
  public synchronized void appendMessages(List<ChatMessage> messages) {
    List<ChatMessage> fresh = MailboxAppend.freshMessages(highestContiguousSeq(), messages);
    if (fresh.isEmpty()) {
      return;
    }
    for (ChatMessage m : fresh) {
      mailbox.put(m.seq(), write(m));
      byPeer.put(peerKey(m.peerId(), m.seq()), m.seq());
      seqByMessage.put(m.messageId(), m.seq());
    }
    meta.put(HIGHEST_SEQ, Long.toString(fresh.get(fresh.size() - 1).seq()));
    store.commit();
    store.sync();
  }

  @Override
  public synchronized List<ChatMessage> messages(long peerId, int limit) {
    MailboxAppend.checkLimit(limit);
    List<ChatMessage> newestFirst = new ArrayList<>();
    Iterator<String> keys = byPeer.keyIteratorReverse(peerKey(peerId, Long.MAX_VALUE));
    String prefix = peerKey(peerId, 0).substring(0, 20);
    while (keys.hasNext() && newestFirst.size() < limit) {
      String key = keys.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      ChatMessage m = read(mailbox.get(byPeer.get(key)), ChatMessage.class);
      if (!m.deleted()) {
        newestFirst.add(m);
      }
    }
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  @Override
  public synchronized List<ChatMessage> messagesAfter(long seq, int limit) {
    MailboxAppend.checkLimit(limit);
    List<ChatMessage> out = new ArrayList<>();
    Iterator<Long> keys = mailbox.keyIterator(seq + 1);
    while (keys.hasNext() && out.size() < limit) {
      out.add(read(mailbox.get(keys.next()), ChatMessage.class));
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized void appendRevision(MessageRevision revision) {
    if (!MailboxAppend.isFreshRevision(highestContiguousSeq(), revision.seq())) {
      return;
    }
    Long seq = seqByMessage.get(revision.messageId());
    if (seq != null) {
      mailbox.put(seq, write(read(mailbox.get(seq), ChatMessage.class).revised(revision)));
    }
    meta.put(HIGHEST_SEQ, Long.toString(revision.seq()));
    store.commit();
    store.sync();
  }

  @Override
  public synchronized void appendNotice(GroupNotice notice) {
    if (MailboxAppend.isFresh(highestContiguousSeq(), notice)) {
      meta.put(HIGHEST_SEQ, Long.toString(notice.mailboxSeq()));
      store.commit();
      store.sync();
    }
  }

  @Override
  public synchronized List<GroupSummary> groups() {
    return readAll(groups, GroupSummary.class);
  }

  @Override
  public synchronized Optional<GroupSummary> group(long groupId) {
    return Optional.ofNullable(groups.get(groupId)).map(j -> read(j, GroupSummary.class));
  }

  @Override
  public synchronized void replaceGroups(Collection<GroupSummary> all) {
    List<Long> gone = new ArrayList<>(groups.keySet());
    all.forEach(g -> gone.remove((Long) g.groupId()));
    gone.forEach(this::forgetMembers);
    groups.clear();
    all.forEach(g -> groups.put(g.groupId(), write(g)));
    store.commit();
  }

  @Override
  public synchronized void saveGroup(GroupSummary group) {
    groups.put(group.groupId(), write(group));
    store.commit();
  }

  @Override
  public synchronized void removeGroup(long groupId) {
    groups.remove(groupId);
    forgetMembers(groupId);
    store.commit();
  }

  @Override
  public synchronized List<GroupMember> groupMembers(long groupId) {
    List<GroupMember> out = new ArrayList<>();
    String prefix = groupPrefix(groupId);
    Iterator<String> keys = groupMembers.keyIterator(prefix);
    while (keys.hasNext()) {
      String key = keys.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      out.add(read(groupMembers.get(key), GroupMember.class));
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized void saveGroupMembers(long groupId, Collection<GroupMember> page) {
    page.forEach(m -> groupMembers.put(pairKey(groupId, m.userId()), write(m)));
    store.commit();
  }

  @Override
  public synchronized void removeGroupMember(long groupId, long userId) {
    groupMembers.remove(pairKey(groupId, userId));
    store.commit();
  }

  @Override
  public synchronized long highestContiguousGroupSeq(long groupId) {
    return groupPositions.getOrDefault(groupId, 0L);
  }

  @Override
  public synchronized Map<Long, Long> groupPositions() {
    return Map.copyOf(groupPositions);
  }

  @Override
  public synchronized void appendGroupMessages(long groupId, long afterSeq, List<GroupMessage> messages) {
    List<GroupMessage> fresh =
        MailboxAppend.freshGroupMessages(groupId, highestContiguousGroupSeq(groupId), afterSeq, messages);
    if (fresh.isEmpty()) {
      return;
    }
    for (GroupMessage m : fresh) {
      groupLog.put(pairKey(groupId, m.seq()), write(m));
      String target = m.isRevision() ? groupLog.get(pairKey(groupId, m.targetSeq())) : null;
      if (target != null) {
        groupLog.put(pairKey(groupId, m.targetSeq()), write(read(target, GroupMessage.class).revised(m)));
      }
    }
    groupPositions.put(groupId, fresh.get(fresh.size() - 1).seq());
    store.commit();
    store.sync();
  }

  @Override
  public synchronized List<GroupMessage> groupMessages(long groupId, int limit) {
    MailboxAppend.checkLimit(limit);
    List<GroupMessage> newestFirst = new ArrayList<>();
    String prefix = groupPrefix(groupId);
    Iterator<String> keys = groupLog.keyIteratorReverse(pairKey(groupId, Long.MAX_VALUE));
    while (keys.hasNext() && newestFirst.size() < limit) {
      String key = keys.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      newestFirst.add(read(groupLog.get(key), GroupMessage.class));
    }
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst);
  }

  /** Commits and closes the file. Idempotent. */
  @Override
  public synchronized void close() {
    if (!store.isClosed()) {
      store.commit();
      store.close();
    }
  }

  private void forgetMembers(long groupId) {
    String prefix = groupPrefix(groupId);
    List<String> keys = new ArrayList<>();
    Iterator<String> it = groupMembers.keyIterator(prefix);
    while (it.hasNext()) {
      String key = it.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      keys.add(key);
    }
    keys.forEach(groupMembers::remove);
  }

  private static String pairKey(long first, long second) {
    return String.format("%019d/%019d", first, second);
  }

  private static String groupPrefix(long groupId) {
    return String.format("%019d/", groupId);
  }

  private static String peerKey(long peerId, long seq) {
    return String.format("%019d/%019d", peerId, seq);
  }

  private static <T> List<T> readAll(Map<Long, String> map, Class<T> type) {
    return map.values().stream().map(j -> read(j, type)).toList();
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt " + type.getSimpleName() + " in local store: " + e.getOriginalMessage(), e);
    }
  }
}
