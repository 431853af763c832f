package dev.parley.core.model;

import java.util.Objects;

/**
 * Which mailbox a client synced from: the storage instance holding it ({@code deploymentId}, see
 * {@link dev.parley.core.spi.MessageStore#deploymentId()}) and the mailbox's epoch, which changes
 * when the mailbox is created anew for a new account with a reused id (the account's creation
 * time in milliseconds). A client's copy of a mailbox is valid only while both are unchanged.
 * Immutable.
 */
public record MailboxIdentity(String deploymentId, long epoch) {
  public MailboxIdentity {
    Objects.requireNonNull(deploymentId, "deploymentId");
  }
}
