package dev.parley.core.testing;

import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.spi.MessageStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message store that passes every call to another; tests extend it to change how appends
 * complete (later, on a thread of their own) and keep the reads. Not {@code NonBlocking}, so a
 * node built with it runs requests off its event loops. Thread-safe as its delegate is.
 */
public class ForwardingMessageStore implements MessageStore {
  /** The store every call goes to. */
  protected final MessageStore stored;

  public ForwardingMessageStore(MessageStore stored) {
    this.stored = Objects.requireNonNull(stored, "stored");
  }

  @Override
  public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
    return stored.append(senderId, recipientId, clientMsgId, text, sentAt);
  }

  @Override
  public MailboxEntry appendNotice(long ownerId, GroupNotice notice) {
    return stored.appendNotice(ownerId, notice);
  }

  @Override
  public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
    return stored.readMailbox(ownerId, afterSeq, limit);
  }

  @Override
  public Optional<Message> findInMailbox(long ownerId, long messageId) {
    return stored.findInMailbox(ownerId, messageId);
  }

  @Override
  public RevisionResult revise(long actorId, long messageId, RevisionKind kind, String text, Instant at) {
    return stored.revise(actorId, messageId, kind, text, at);
  }

  @Override
  public long lastSeq(long ownerId) {
    return stored.lastSeq(ownerId);
  }

  @Override
  public List<Message> history(long userId, long peerId, long beforeId, int limit) {
    return stored.history(userId, peerId, beforeId, limit);
  }

  @Override
  public List<Conversation> conversations(long userId, int limit) {
    return stored.conversations(userId, limit);
  }

  @Override
  public AckResult ack(long ownerId, long upToSeq) {
    return stored.ack(ownerId, upToSeq);
  }

  @Override
  public long ackedSeq(long ownerId) {
    return stored.ackedSeq(ownerId);
  }

  @Override
  public String deploymentId() {
    return stored.deploymentId();
  }
}
