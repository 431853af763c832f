package dev.parley.core.service;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MailboxEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link ChatEvents} that records every event in order. Thread-safe. */
final class RecordingChatEvents implements ChatEvents {
  /** {@code userId} and {@code friendId} as passed to {@link #friendRemoved}. */
  record Removal(long userId, long friendId) {}

  /** As passed to {@link #groupMessageStored}; {@code memberIds} copied into a list. */
  record GroupMessageStored(GroupMessage message, List<Long> memberIds, String originSessionId) {}

  /** As passed to {@link #groupUpdated}; {@code recipientIds} copied into a list in the order given. */
  record GroupUpdated(Group group, GroupMessage message, List<Long> recipientIds) {}

  /** As passed to {@link #joinRequested}; {@code managerIds} copied into a list. */
  record JoinRequested(JoinRequest request, List<Long> managerIds) {}

  private final List<AppendResult> stored = new ArrayList<>();
  private final List<FriendRequest> requests = new ArrayList<>();
  private final List<Friendship> added = new ArrayList<>();
  private final List<Removal> removed = new ArrayList<>();
  private final List<GroupMessageStored> groupMessages = new ArrayList<>();
  private final List<GroupUpdated> groupUpdates = new ArrayList<>();
  private final List<MailboxEntry> notices = new ArrayList<>();
  private final List<JoinRequested> joinRequests = new ArrayList<>();

  @Override
  public synchronized void messageStored(AppendResult result) {
    stored.add(result);
  }

  @Override
  public synchronized void friendRequestReceived(FriendRequest request) {
    requests.add(request);
  }

  @Override
  public synchronized void friendAdded(Friendship side) {
    added.add(side);
  }

  @Override
  public synchronized void friendRemoved(long userId, long friendId) {
    removed.add(new Removal(userId, friendId));
  }

  @Override
  public synchronized void groupMessageStored(GroupMessage message, long[] memberIds, String originSessionId) {
    groupMessages.add(new GroupMessageStored(message, ids(memberIds), originSessionId));
  }

  @Override
  public synchronized void groupUpdated(Group group, GroupMessage message, long[] recipientIds) {
    groupUpdates.add(new GroupUpdated(group, message, ids(recipientIds)));
  }

  @Override
  public synchronized void mailboxNotice(MailboxEntry entry) {
    notices.add(entry);
  }

  @Override
  public synchronized void joinRequested(JoinRequest request, long[] managerIds) {
    joinRequests.add(new JoinRequested(request, ids(managerIds)));
  }

  private static List<Long> ids(long[] ids) {
    return Arrays.stream(ids).boxed().toList();
  }

  synchronized List<AppendResult> stored() {
    return List.copyOf(stored);
  }

  synchronized List<FriendRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Friendship> added() {
    return List.copyOf(added);
  }

  synchronized List<Removal> removed() {
    return List.copyOf(removed);
  }

  synchronized List<GroupMessageStored> groupMessages() {
    return List.copyOf(groupMessages);
  }

  synchronized List<GroupUpdated> groupUpdates() {
    return List.copyOf(groupUpdates);
  }

  /** The mailbox entries published through {@link #mailboxNotice}, in order. */
  synchronized List<MailboxEntry> notices() {
    return List.copyOf(notices);
  }

  synchronized List<JoinRequested> joinRequests() {
    return List.copyOf(joinRequests);
  }

  synchronized void clear() {
    stored.clear();
    requests.clear();
    added.clear();
    removed.clear();
    groupMessages.clear();
    groupUpdates.clear();
    notices.clear();
    joinRequests.clear();
  }
}
