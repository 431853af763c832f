package dev.parley.core.model;

import java.util.Objects;

/**
 * The outcome of storing a message: its entries in the sender's and the recipient's mailboxes.
 * {@code duplicate} is true when the {@code (sender, clientMsgId)} pair had already been stored and
 * nothing new was written; the entries are then the original ones. Immutable.
 */
public record AppendResult(MailboxEntry senderEntry, MailboxEntry recipientEntry, boolean duplicate) {
  public AppendResult {
    Objects.requireNonNull(senderEntry, "senderEntry");
    Objects.requireNonNull(recipientEntry, "recipientEntry");
  }

  public Message message() {
    return senderEntry.message();
  }
}
