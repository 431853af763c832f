package dev.parley.sdk.testing;

import static org.awaitility.Awaitility.await;

import dev.parley.core.model.KickReason;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.Group;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.JoinRequest;
import dev.parley.sdk.Typing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every callback, and the thread it ran on, for timed assertions. Shared through the
 * chat-sdk-java test-jar (the examples' cluster test uses it too).
 *
 * <p>Thread-safe: every list is copy-on-write.
 */
public final class RecordingListener implements ChatListener {
  /** How long the await methods wait. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** One state change and its cause (null for a normal change). */
  public record StateChange(ConnectionState state, Throwable cause) {}

  public final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
  public final List<FriendRequest> friendRequests = new CopyOnWriteArrayList<>();
  public final List<Friend> friendsAdded = new CopyOnWriteArrayList<>();
  public final List<String> kicks = new CopyOnWriteArrayList<>();
  public final List<StateChange> states = new CopyOnWriteArrayList<>();
  public final List<String> presence = new CopyOnWriteArrayList<>();
  public final List<String> threads = new CopyOnWriteArrayList<>();
  public final List<String> storeResets = new CopyOnWriteArrayList<>();
  /** Each kick's reason (the string "null" when the node named none). */
  public final List<String> kickReasons = new CopyOnWriteArrayList<>();
  public final List<Long> readPositions = new CopyOnWriteArrayList<>();
  /** "peerId upToMessageId" per receipt. */
  public final List<String> readReceipts = new CopyOnWriteArrayList<>();

  /** Group log entries, text and system, in delivery order. */
  public final List<GroupMessage> groupEntries = new CopyOnWriteArrayList<>();
  /** Recalls, edits and deletes heard, in order (onMessageRecalled / onMessageEdited / onMessageDeleted). */
  public final List<dev.parley.sdk.MessageRevision> revisions = new CopyOnWriteArrayList<>();
  /** Group recalls and edits heard (onGroupMessageRecalled / onGroupMessageEdited). */
  public final List<GroupMessage> groupRevisions = new CopyOnWriteArrayList<>();

  @Override
  public void onMessageRecalled(dev.parley.sdk.MessageRevision revision) {
    revisions.add(revision);
  }

  @Override
  public void onMessageEdited(dev.parley.sdk.MessageRevision revision) {
    revisions.add(revision);
  }

  @Override
  public void onMessageDeleted(dev.parley.sdk.MessageRevision revision) {
    revisions.add(revision);
  }

  @Override
  public void onGroupMessageRecalled(GroupMessage entry) {
    groupRevisions.add(entry);
  }

  @Override
  public void onGroupMessageEdited(GroupMessage entry) {
    groupRevisions.add(entry);
  }
  public final List<Group> groupStates = new CopyOnWriteArrayList<>();
  public final List<GroupNotice> groupNotices = new CopyOnWriteArrayList<>();
  public final List<JoinRequest> joinRequests = new CopyOnWriteArrayList<>();
  /** {@code [groupId, readSeq]} of each {@link #onGroupReadPosition}. */
  public final List<long[]> groupReadPositions = new CopyOnWriteArrayList<>();
  public final List<Typing> typings = new CopyOnWriteArrayList<>();

  @Override
  public void onGroupMessage(GroupMessage message) {
    groupEntries.add(message);
  }

  @Override
  public void onGroupUpdated(Group group, GroupMessage entry) {
    groupStates.add(group);
    groupEntries.add(entry);
  }

  @Override
  public void onGroupNotice(GroupNotice notice) {
    groupNotices.add(notice);
  }

  @Override
  public void onGroupReadPosition(long groupId, long readSeq) {
    groupReadPositions.add(new long[] {groupId, readSeq});
  }

  @Override
  public void onJoinRequest(JoinRequest request) {
    joinRequests.add(request);
  }

  /** The texts of group {@code groupId}'s text entries, in delivery order. */
  public List<String> groupTexts(long groupId) {
    return groupEntries.stream().filter(m -> m.groupId() == groupId && !m.system()).map(GroupMessage::text).toList();
  }

  /** The seqs of group {@code groupId}'s entries, in delivery order. */
  public List<Long> groupSeqs(long groupId) {
    return groupEntries.stream().filter(m -> m.groupId() == groupId).map(GroupMessage::seq).toList();
  }

  @Override
  public void onMessage(ChatMessage message) {
    threads.add(Thread.currentThread().getName());
    messages.add(message);
  }

  @Override
  public void onLocalStoreReset(String reason) {
    storeResets.add(reason);
  }

  @Override
  public void onFriendRequest(FriendRequest request) {
    friendRequests.add(request);
  }

  @Override
  public void onFriendAdded(Friend friend) {
    friendsAdded.add(friend);
  }

  @Override
  public void onPresence(long userId, boolean online) {
    presence.add(userId + (online ? " online" : " offline"));
  }

  @Override
  public void onTyping(Typing typing) {
    typings.add(typing);
  }

  @Override
  public void onKicked(KickReason reason, String text) {
    kickReasons.add(String.valueOf(reason));
    ChatListener.super.onKicked(reason, text); // and so onKicked(String), as for a listener without this one
  }

  @Override
  public void onKicked(String reason) {
    kicks.add(reason);
  }

  @Override
  public void onReadPosition(long ackedSeq) {
    readPositions.add(ackedSeq);
  }

  @Override
  public void onReadReceipt(long peerId, long upToMessageId) {
    readReceipts.add(peerId + " " + upToMessageId);
  }

  @Override
  public void onStateChanged(ConnectionState state, Throwable cause) {
    states.add(new StateChange(state, cause));
  }

  public List<String> texts() {
    return messages.stream().map(ChatMessage::text).toList();
  }

  public List<String> incomingTexts() {
    return messages.stream().filter(m -> !m.outgoing()).map(ChatMessage::text).toList();
  }

  public List<Long> seqs() {
    return messages.stream().map(ChatMessage::seq).toList();
  }

  public void awaitMessages(int count) {
    await().atMost(WAIT).until(() -> messages.size() >= count);
  }

  public void awaitState(ConnectionState state) {
    awaitState(s -> s.state() == state);
  }

  public void awaitState(Predicate<StateChange> wanted) {
    await().atMost(WAIT).until(() -> states.stream().anyMatch(wanted));
  }

  /** How often the message with this server id reached the application. */
  public long timesDelivered(long messageId) {
    return messages.stream().filter(m -> m.messageId() == messageId).count();
  }

  /** The cause the session ended with, or null while it has not ended (or ended normally). */
  public Throwable endCause() {
    return states.stream().filter(s -> s.state() == ConnectionState.DISCONNECTED).map(StateChange::cause)
        .findFirst().orElse(null);
  }
}
