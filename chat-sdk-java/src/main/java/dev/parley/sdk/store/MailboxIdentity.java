package dev.parley.sdk.store;

import java.util.Objects;

/**
 * Which server mailbox a {@link LocalStore} holds a copy of: the server's deployment id (one per
 * storage instance; a restarted in-memory server or a new database has a new one) and the
 * mailbox's epoch (it changes when the account, and so its mailbox, is created anew). Together
 * with the store's owner and the gate it was opened for, it says whose history the store holds.
 * An empty {@code deploymentId} means the server did not say (an older server). Immutable.
 *
 * @param deploymentId the server storage's id, as in {@code LoginResponse.deployment_id}
 * @param epoch the mailbox's epoch, as in {@code LoginResponse.mailbox_epoch}
 */
public record MailboxIdentity(String deploymentId, long epoch) {
  public MailboxIdentity {
    Objects.requireNonNull(deploymentId, "deploymentId");
  }

  /** Whether the server named its deployment (servers before deployment ids send none). */
  public boolean known() {
    return !deploymentId.isEmpty();
  }

  @Override
  public String toString() {
    return "deployment " + (known() ? deploymentId : "(unknown)") + " epoch " + epoch;
  }
}
