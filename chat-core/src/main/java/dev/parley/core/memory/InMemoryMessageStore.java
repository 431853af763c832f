package dev.parley.core.memory;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.MessageRevision;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NonBlocking;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MessageStore} in memory, one {@link Mailbox} per user.
 *
 * <p>Thread-safe. An append locks only the two mailboxes involved (smaller user id first, so two
 * appends never deadlock), draws the message id while holding both and appends to both: each
 * mailbox's seqs are therefore gap-free, its id order equals its seq order, and readers see both
 * entries or neither. The (sender, client message id) de-duplication check runs under the
 * sender's mailbox lock, which every append by that sender takes, so a duplicate can never be
 * stored twice. Appends between unrelated users never contend; each costs O(1) expected. Reads
 * lock one mailbox briefly.
 *
 * <p>An append allocates the {@link Message} it keeps (one object shared by both mailboxes, see
 * {@link Mailbox} for the rest of the layout) and the {@link AppendResult} it returns with its
 * two entries; nothing boxed, no map nodes.
 */
public final class InMemoryMessageStore implements MessageStore, NonBlocking {
  private final StripedLongMap<Mailbox> mailboxes = new StripedLongMap<>();
  private final AtomicLong lastMessageId = new AtomicLong();
  /** Made at construction: a new store (a restarted in-memory server) is a new deployment. */
  private final String deploymentId = "mem-" + UUID.randomUUID();

  @Override
  public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
    if (senderId == recipientId) {
      throw new IllegalArgumentException("sender and recipient are the same user: " + senderId);
    }
    Validation.id("senderId", senderId);
    Validation.id("recipientId", recipientId);
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    Mailbox senderBox = mailbox(senderId);
    Mailbox recipientBox = mailbox(recipientId);
    Mailbox first = senderId < recipientId ? senderBox : recipientBox;
    Mailbox second = first == senderBox ? recipientBox : senderBox;
    synchronized (first) {
      synchronized (second) {
        long earlier = senderBox.findSent(clientMsgId);
        if (earlier >= 0) {
          return duplicateOf(senderBox, earlier);
        }
        Message message = new Message(lastMessageId.incrementAndGet(), senderId, recipientId, clientMsgId, text, sentAt);
        long senderSeq = senderBox.append(message);
        long recipientSeq = recipientBox.append(message);
        senderBox.indexSent(senderSeq, recipientSeq);
        return new AppendResult(new MailboxEntry(senderId, senderSeq, message),
            new MailboxEntry(recipientId, recipientSeq, message), false);
      }
    }
  }

  /** The original entries of the sender's earlier message ({@link Mailbox#findSent}'s packed seqs). */
  private static AppendResult duplicateOf(Mailbox senderBox, long packedSeqs) {
    long senderSeq = packedSeqs >>> 32;
    long recipientSeq = packedSeqs & 0xFFFF_FFFFL;
    Message original = senderBox.at(senderSeq);
    // The original may have gone to another recipient: its entry there is named, not read.
    return new AppendResult(new MailboxEntry(original.senderId(), senderSeq, original),
        new MailboxEntry(original.recipientId(), recipientSeq, original), true);
  }

  @Override
  public MailboxEntry appendNotice(long ownerId, GroupNotice notice) {
    Validation.id("ownerId", ownerId);
    Objects.requireNonNull(notice, "notice");
    Mailbox box = mailbox(ownerId);
    synchronized (box) {
      return MailboxEntry.ofNotice(ownerId, box.appendNotice(notice), notice);
    }
  }

  @Override
  public List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit) {
    Mailbox box = mailboxes.get(ownerId);
    if (box == null || limit <= 0) {
      return List.of();
    }
    synchronized (box) {
      return box.read(afterSeq, limit);
    }
  }

  @Override
  public Optional<Message> findInMailbox(long ownerId, long messageId) {
    Mailbox box = mailboxes.get(ownerId);
    if (box == null) {
      return Optional.empty();
    }
    synchronized (box) {
      int i = box.indexOf(messageId);
      return i < 0 ? Optional.empty() : Optional.of(box.messageAt(i));
    }
  }

  /**
   * A delete locks the actor's mailbox; a recall or an edit locks both mailboxes (smaller user id
   * first, as an append), so the message's state, both updates and both revision entries change
   * together and in seq order with the appends.
   */
  @Override
  public RevisionResult revise(long actorId, long messageId, RevisionKind kind, String text, Instant at) {
    Validation.id("actorId", actorId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
    String newText = kind == RevisionKind.EDITED ? Objects.requireNonNull(text, "text") : "";
    Mailbox actorBox = mailboxes.get(actorId);
    Message seen = actorBox == null ? null : findInMailbox(actorId, messageId).orElse(null);
    if (seen == null) {
      throw notFound(messageId);
    }
    if (kind == RevisionKind.DELETED) {
      synchronized (actorBox) {
        int i = actorBox.indexOf(messageId);
        Message current = actorBox.messageAt(i);
        if (current.deleted()) {
          return new RevisionResult(current, List.of(), true);
        }
        Message deleted = current.asDeleted();
        actorBox.replace(i, deleted);
        MessageRevision revision = new MessageRevision(messageId, kind, "", actorId, at, current.peerOf(actorId));
        long seq = actorBox.appendRevision(revision);
        return new RevisionResult(deleted, List.of(MailboxEntry.ofRevision(actorId, seq, revision)), false);
      }
    }
    if (seen.senderId() != actorId) {
      throw new ChatException(ErrorCode.NOT_ALLOWED, "only the sender may " + verb(kind) + " message " + messageId);
    }
    Mailbox senderBox = actorBox;
    Mailbox recipientBox = mailbox(seen.recipientId());
    Mailbox first = seen.senderId() < seen.recipientId() ? senderBox : recipientBox;
    Mailbox second = first == senderBox ? recipientBox : senderBox;
    synchronized (first) {
      synchronized (second) {
        int si = senderBox.indexOf(messageId);
        int ri = recipientBox.indexOf(messageId);
        Message current = senderBox.messageAt(si);
        if (current.recalled()) {
          if (kind == RevisionKind.RECALLED) {
            return new RevisionResult(current, List.of(), true);
          }
          throw recalled(messageId);
        }
        Message senderView = revised(current, kind, newText, at);
        senderBox.replace(si, senderView);
        recipientBox.replace(ri, revised(recipientBox.messageAt(ri), kind, newText, at));
        MessageRevision toSender = new MessageRevision(messageId, kind, newText, actorId, at, seen.recipientId());
        MessageRevision toRecipient = new MessageRevision(messageId, kind, newText, actorId, at, seen.senderId());
        long senderSeq = senderBox.appendRevision(toSender);
        long recipientSeq = recipientBox.appendRevision(toRecipient);
        return new RevisionResult(senderView, List.of(MailboxEntry.ofRevision(seen.senderId(), senderSeq, toSender),
            MailboxEntry.ofRevision(seen.recipientId(), recipientSeq, toRecipient)), false);
      }
    }
  }

  private static Message revised(Message m, RevisionKind kind, String text, Instant at) {
    return kind == RevisionKind.RECALLED ? m.asRecalled() : m.asEdited(text, at);
  }

  static ChatException notFound(long messageId) {
    return new ChatException(ErrorCode.NOT_FOUND, "message " + messageId + " is not in your mailbox");
  }

  static ChatException recalled(long messageId) {
    return new ChatException(ErrorCode.NOT_ALLOWED, "message " + messageId + " was recalled and cannot be edited");
  }

  private static String verb(RevisionKind kind) {
    return kind == RevisionKind.RECALLED ? "recall" : "edit";
  }

  @Override
  public long lastSeq(long ownerId) {
    Mailbox box = mailboxes.get(ownerId);
    if (box == null) {
      return 0;
    }
    synchronized (box) {
      return box.lastSeq();
    }
  }

  @Override
  public List<Message> history(long userId, long peerId, long beforeId, int limit) {
    Mailbox box = mailboxes.get(userId);
    if (box == null || limit <= 0) {
      return List.of();
    }
    synchronized (box) {
      return box.history(peerId, beforeId, limit);
    }
  }

  @Override
  public List<Conversation> conversations(long userId, int limit) {
    Mailbox box = mailboxes.get(userId);
    if (box == null || limit <= 0) {
      return List.of();
    }
    synchronized (box) {
      return box.conversations(limit);
    }
  }

  @Override
  public AckResult ack(long ownerId, long upToSeq) {
    Mailbox box = mailboxes.get(ownerId);
    if (box == null) {
      return AckResult.unchanged(0);
    }
    synchronized (box) {
      long previous = box.ack(upToSeq);
      return new AckResult(previous, box.ackedSeq());
    }
  }

  @Override
  public long ackedSeq(long ownerId) {
    Mailbox box = mailboxes.get(ownerId);
    if (box == null) {
      return 0;
    }
    synchronized (box) {
      return box.ackedSeq();
    }
  }

  @Override
  public String deploymentId() {
    return deploymentId;
  }

  private Mailbox mailbox(long ownerId) {
    return mailboxes.computeIfAbsent(ownerId, Mailbox::new);
  }
}
