package dev.parley.core.internal;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.service.ChatEvents;
import java.util.Objects;

/**
 * Publishes every event to {@code first}, then to {@code second} (a node's pushes, then its host
 * listener's queue), each behind its own {@link SafeEvents}, so one that fails does not keep the
 * event from the other. Thread-safe when both are.
 */
public final class CompositeEvents implements ChatEvents {
  private final ChatEvents first;
  private final ChatEvents second;

  public CompositeEvents(ChatEvents first, ChatEvents second) {
    this.first = new SafeEvents(Objects.requireNonNull(first, "first"));
    this.second = new SafeEvents(Objects.requireNonNull(second, "second"));
  }

  @Override
  public void messageStored(AppendResult result) {
    messageStored(result, null);
  }

  @Override
  public void messageStored(AppendResult result, String originSessionId) {
    first.messageStored(result, originSessionId);
    second.messageStored(result, originSessionId);
  }

  @Override
  public void messageRevised(dev.parley.core.model.RevisionResult result, String originSessionId) {
    first.messageRevised(result, originSessionId);
    second.messageRevised(result, originSessionId);
  }

  @Override
  public void groupMessageRevised(GroupMessage revision, long[] memberIds, String originSessionId) {
    first.groupMessageRevised(revision, memberIds, originSessionId);
    second.groupMessageRevised(revision, memberIds, originSessionId);
  }

  @Override
  public void friendRequestReceived(FriendRequest request) {
    first.friendRequestReceived(request);
    second.friendRequestReceived(request);
  }

  @Override
  public void friendAdded(Friendship side) {
    first.friendAdded(side);
    second.friendAdded(side);
  }

  @Override
  public void friendRemoved(long userId, long friendId) {
    first.friendRemoved(userId, friendId);
    second.friendRemoved(userId, friendId);
  }

  @Override
  public void groupMessageStored(GroupMessage message, long[] memberIds, String originSessionId) {
    first.groupMessageStored(message, memberIds, originSessionId);
    second.groupMessageStored(message, memberIds, originSessionId);
  }

  @Override
  public void groupUpdated(Group group, GroupMessage message, long[] recipientIds) {
    first.groupUpdated(group, message, recipientIds);
    second.groupUpdated(group, message, recipientIds);
  }

  @Override
  public void mailboxNotice(MailboxEntry entry) {
    first.mailboxNotice(entry);
    second.mailboxNotice(entry);
  }

  @Override
  public void joinRequested(JoinRequest request, long[] managerIds) {
    first.joinRequested(request, managerIds);
    second.joinRequested(request, managerIds);
  }
}
