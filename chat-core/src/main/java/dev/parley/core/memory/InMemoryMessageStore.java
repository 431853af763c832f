package dev.parley.core.memory;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.spi.NonBlocking;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MessageStore} in memory, one {@link Mailbox} per user.
 *
 * <p>Thread-safe. An append locks only the two mailboxes involved (smaller user id first, so two
 * appends never deadlock), draws the message id while holding both and appends to both: each
 * mailbox's seqs are therefore gap-free, its id order equals its seq order, and readers see both
 * entries or neither. The (sender, client message id) de-duplication check runs under the
 * sender's mailbox lock, which every append by that sender takes, so a duplicate can never be
 * stored twice. Appends between unrelated users never contend; each costs O(log p) for a user
 * with p conversations. Reads lock one mailbox briefly.
 */
public final class InMemoryMessageStore implements MessageStore, NonBlocking {
  private final Map<Long, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private final Map<DedupKey, AppendResult> bySenderAndClientId = new ConcurrentHashMap<>();
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
    DedupKey key = new DedupKey(senderId, clientMsgId);
    synchronized (first) {
      synchronized (second) {
        AppendResult earlier = bySenderAndClientId.get(key);
        if (earlier != null) {
          return new AppendResult(earlier.senderEntry(), earlier.recipientEntry(), true);
        }
        Message message = new Message(lastMessageId.incrementAndGet(), senderId, recipientId, clientMsgId, text, sentAt);
        AppendResult result = new AppendResult(senderBox.append(message), recipientBox.append(message), false);
        bySenderAndClientId.put(key, result);
        return result;
      }
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
  public void ack(long ownerId, long upToSeq) {
    Mailbox box = mailboxes.get(ownerId);
    if (box != null) {
      synchronized (box) {
        box.ack(upToSeq);
      }
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
    Mailbox box = mailboxes.get(ownerId); // get first: computeIfAbsent locks a bin even on a hit
    return box != null ? box : mailboxes.computeIfAbsent(ownerId, Mailbox::new);
  }

  private record DedupKey(long senderId, String clientMsgId) {}
}
