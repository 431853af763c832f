package dev.parley.core.internal;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.JoinRequest;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.service.ChatEvents;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a {@link ChatEvents} so that a failing listener cannot turn a completed store into a
 * failed request: the data is stored already, and a lost push is recovered by the client's sync.
 * Failures are logged. Thread-safe when the wrapped listener is.
 */
public final class SafeEvents implements ChatEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SafeEvents.class);

  private final ChatEvents delegate;

  public SafeEvents(ChatEvents delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void messageStored(AppendResult result) {
    messageStored(result, null);
  }

  @Override
  public void messageStored(AppendResult result, String originSessionId) {
    try { // inline, not through run(): this is once per message, and the lambda would be allocated each time
      delegate.messageStored(result, originSessionId);
    } catch (RuntimeException e) {
      failed("messageStored", e);
    }
  }

  @Override
  public void messageRevised(RevisionResult result, String originSessionId) {
    run("messageRevised", () -> delegate.messageRevised(result, originSessionId));
  }

  @Override
  public void groupMessageRevised(GroupMessage revision, long[] memberIds, String originSessionId) {
    run("groupMessageRevised", () -> delegate.groupMessageRevised(revision, memberIds, originSessionId));
  }

  @Override
  public void friendRequestReceived(FriendRequest request) {
    run("friendRequestReceived", () -> delegate.friendRequestReceived(request));
  }

  @Override
  public void friendAdded(Friendship side) {
    run("friendAdded", () -> delegate.friendAdded(side));
  }

  @Override
  public void friendRemoved(long userId, long friendId) {
    run("friendRemoved", () -> delegate.friendRemoved(userId, friendId));
  }

  @Override
  public void groupMessageStored(GroupMessage message, long[] memberIds, String originSessionId) {
    try { // inline: once per group message
      delegate.groupMessageStored(message, memberIds, originSessionId);
    } catch (RuntimeException e) {
      failed("groupMessageStored", e);
    }
  }

  @Override
  public void groupUpdated(Group group, GroupMessage message, long[] recipientIds) {
    run("groupUpdated", () -> delegate.groupUpdated(group, message, recipientIds));
  }

  @Override
  public void mailboxNotice(MailboxEntry entry) {
    run("mailboxNotice", () -> delegate.mailboxNotice(entry));
  }

  @Override
  public void joinRequested(JoinRequest request, long[] managerIds) {
    run("joinRequested", () -> delegate.joinRequested(request, managerIds));
  }

  private static void run(String event, Runnable publish) {
    try {
      publish.run();
    } catch (RuntimeException e) {
      failed(event, e);
    }
  }

  private static void failed(String event, RuntimeException e) {
    LOG.warn("ChatEvents.{} failed; the data is stored and clients recover it by syncing", event, e);
  }
}
