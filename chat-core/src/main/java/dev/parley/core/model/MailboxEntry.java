package dev.parley.core.model;

/**
 * An entry of one user's mailbox. Each mailbox numbers its entries 1, 2, 3, ... with no gaps;
 * {@code seq} is that number. An entry is either a one-to-one {@code message} or a {@code notice}
 * (a change to the owner's membership of a group), never both. Immutable.
 */
public record MailboxEntry(long ownerId, long seq, Message message, GroupNotice notice) {
  public MailboxEntry {
    Validation.id("ownerId", ownerId);
    Validation.id("seq", seq);
    if ((message == null) == (notice == null)) {
      throw new IllegalArgumentException("a mailbox entry holds a message or a notice, exactly one");
    }
  }

  /** A message entry. */
  public MailboxEntry(long ownerId, long seq, Message message) {
    this(ownerId, seq, java.util.Objects.requireNonNull(message, "message"), null);
  }

  /** A notice entry. */
  public static MailboxEntry ofNotice(long ownerId, long seq, GroupNotice notice) {
    return new MailboxEntry(ownerId, seq, null, java.util.Objects.requireNonNull(notice, "notice"));
  }

  /** Whether this entry is a group notice rather than a message. */
  public boolean isNotice() {
    return notice != null;
  }
}
