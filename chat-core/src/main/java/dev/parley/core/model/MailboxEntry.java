package dev.parley.core.model;

import java.util.Objects;

/**
 * An entry of one user's mailbox. Each mailbox numbers its entries 1, 2, 3, ... with no gaps;
 * {@code seq} is that number. An entry is exactly one of: a one-to-one {@code message}, a
 * {@code notice} (a change to the owner's membership of a group), or a {@code revision} (a
 * recall, edit or delete of an earlier message). Immutable.
 */
public record MailboxEntry(long ownerId, long seq, Message message, GroupNotice notice, MessageRevision revision) {
  public MailboxEntry {
    Validation.id("ownerId", ownerId);
    Validation.id("seq", seq);
    int set = (message != null ? 1 : 0) + (notice != null ? 1 : 0) + (revision != null ? 1 : 0);
    if (set != 1) {
      throw new IllegalArgumentException("a mailbox entry holds a message, a notice or a revision, exactly one");
    }
  }

  /** A message or a notice entry (exactly one of them set). */
  public MailboxEntry(long ownerId, long seq, Message message, GroupNotice notice) {
    this(ownerId, seq, message, notice, null);
  }

  /** A message entry. */
  public MailboxEntry(long ownerId, long seq, Message message) {
    this(ownerId, seq, Objects.requireNonNull(message, "message"), null, null);
  }

  /** A notice entry. */
  public static MailboxEntry ofNotice(long ownerId, long seq, GroupNotice notice) {
    return new MailboxEntry(ownerId, seq, null, Objects.requireNonNull(notice, "notice"), null);
  }

  /** A revision entry. */
  public static MailboxEntry ofRevision(long ownerId, long seq, MessageRevision revision) {
    return new MailboxEntry(ownerId, seq, null, null, Objects.requireNonNull(revision, "revision"));
  }

  /** Whether this entry is a group notice rather than a message. */
  public boolean isNotice() {
    return notice != null;
  }

  /** Whether this entry is a revision of an earlier message. */
  public boolean isRevision() {
    return revision != null;
  }
}
