package dev.parley.core.spi;

import dev.parley.core.model.AckResult;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Conversation;
import dev.parley.core.model.GroupNotice;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.RevisionKind;
import dev.parley.core.model.RevisionResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Messages and mailboxes. Every user has one mailbox whose entries are numbered 1, 2, 3, ... with
 * no gaps, in the order they were appended. Implementations are thread-safe and may block.
 */
public interface MessageStore {
  /**
   * Stores a message once and appends it to the sender's and the recipient's mailboxes, each at
   * its next seq, atomically: either both entries exist afterwards or neither does. Idempotent on
   * {@code (senderId, clientMsgId)}: a repeat returns the original entries with
   * {@code duplicate = true} and writes nothing.
   *
   * @throws IllegalArgumentException when sender and recipient are the same user
   */
  AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt);

  /**
   * {@link #append} without holding the caller's thread while the store works: the returned stage
   * completes with the result, or exceptionally with the {@link dev.parley.core.ChatException} the
   * append failed with, on a thread of the store's choosing (callers must not block that thread).
   * Same guarantees as {@link #append}; a store that group-commits (MySQL) completes it when the
   * batch holding the append has committed. The default runs {@link #append} on the calling thread.
   */
  default CompletableFuture<AppendResult> appendAsync(long senderId, long recipientId, String clientMsgId,
      String text, Instant sentAt) {
    try {
      return CompletableFuture.completedFuture(append(senderId, recipientId, clientMsgId, text, sentAt));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Appends a group notice to {@code ownerId}'s mailbox at its next seq and returns the entry. A
   * notice is no message: it counts in no conversation, unread count or history.
   */
  MailboxEntry appendNotice(long ownerId, GroupNotice notice);

  /** Entries of {@code ownerId}'s mailbox with seq greater than {@code afterSeq}, ascending, at most {@code limit}. */
  List<MailboxEntry> readMailbox(long ownerId, long afterSeq, int limit);

  /**
   * The message {@code messageId} in its final state as {@code ownerId}'s mailbox holds it (recalled,
   * edited, or deleted by that owner), when it is in that mailbox (sent or received); empty otherwise,
   * also for a message between two other users.
   */
  Optional<Message> findInMailbox(long ownerId, long messageId);

  /**
   * Revises message {@code messageId} as {@code actorId}, atomically with the appends and other
   * revisions of the mailboxes involved:
   * <ul>
   *   <li>{@link RevisionKind#RECALLED} / {@link RevisionKind#EDITED} (the actor must be the sender):
   *   the stored message becomes recalled (text empty) or gets {@code text} and {@code at} as its
   *   edit time, and a revision entry naming it is appended to the sender's and the recipient's
   *   mailboxes, each at its next seq. A recall of a recalled message is a duplicate; an edit of a
   *   recalled one is refused ({@code NOT_ALLOWED}).</li>
   *   <li>{@link RevisionKind#DELETED}: the message is hidden from the actor's history and
   *   conversation summary (its mailbox entry is read with {@code deleted}) and a revision entry is
   *   appended to the actor's mailbox only. A second delete is a duplicate.</li>
   * </ul>
   * A duplicate writes nothing. Revision entries count in no conversation, unread count or history.
   * Time windows are the caller's to check ({@link #findInMailbox} gives the send time).
   *
   * @param text the new text for an edit (already validated); ignored otherwise
   * @throws dev.parley.core.ChatException NOT_FOUND when the message is not in the actor's mailbox,
   *     NOT_ALLOWED for a recall or edit by the recipient or an edit of a recalled message
   */
  RevisionResult revise(long actorId, long messageId, RevisionKind kind, String text, Instant at);

  /** The highest seq in {@code ownerId}'s mailbox; 0 when empty. */
  long lastSeq(long ownerId);

  /**
   * Messages between {@code userId} and {@code peerId} with id below {@code beforeId} (no bound when
   * {@code beforeId <= 0}), newest first, at most {@code limit}.
   */
  List<Message> history(long userId, long peerId, long beforeId, int limit);

  /**
   * {@code userId}'s conversations, the most recently active first, at most {@code limit}: the
   * last message either way and the count of the peer's messages with a mailbox seq above the
   * user's acknowledged position.
   */
  List<Conversation> conversations(long userId, int limit);

  /**
   * Records that {@code ownerId} has read its mailbox up to {@code upToSeq}. The position only moves
   * forward and never past {@link #lastSeq}. Returns the position before and after this ack,
   * atomically: concurrent acks of one mailbox (two devices) are applied one after the other, so
   * each result's {@code previousSeq} is the position the ack found and every raise is reported,
   * by exactly one ack, with the value it reached. A mailbox that does not exist yet stays at 0.
   */
  AckResult ack(long ownerId, long upToSeq);

  /** The acknowledged (read) position of {@code ownerId}'s mailbox; 0 when none. */
  long ackedSeq(long ownerId);

  /**
   * The identity of the storage instance holding these mailboxes: a random id made once when the
   * storage was created and the same for every store on it (every node, every restart), and a
   * different one for a new or wiped storage, whose mailboxes start again at seq 1. Clients keep
   * their local copy of a mailbox only while it is unchanged. Non-blank, at most 64 characters;
   * cheap (implementations read it once).
   */
  String deploymentId();
}
