package dev.parley.core.model;

import java.util.Objects;

/**
 * A message as it sits in one user's mailbox. Each mailbox numbers its entries 1, 2, 3, ... with
 * no gaps; {@code seq} is that number. Immutable.
 */
public record MailboxEntry(long ownerId, long seq, Message message) {
  public MailboxEntry {
    Validation.id("ownerId", ownerId);
    Validation.id("seq", seq);
    Objects.requireNonNull(message, "message");
  }
}
