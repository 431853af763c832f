package dev.parley.sdk.internal;

import dev.parley.sdk.store.MailboxIdentity;
import java.util.Optional;

/**
 * Decides at each login whether the local store still holds a copy of the server's mailbox. It
 * does not when the server names another deployment or mailbox epoch than the one the store was
 * filled from (a restarted in-memory server, a new database, an account created anew with a reused
 * id), when the store holds messages but no identity (written by an older SDK), or when the server's
 * mailbox ends below what the store holds (data lost on the server). Then the store must be reset
 * and synced from seq 0: keeping it would show another account's history and hide the new one.
 *
 * <p>Not thread-safe: owned by one session's event loop.
 */
final class LocalCopyCheck {
  /** What a login means for the local copy. */
  enum Verdict {
    /** The copy is the server mailbox's: sync on from its position. */
    KEEP,
    /** The store is empty and has no identity yet: record the server's and sync from 0. */
    RECORD,
    /** The copy is not the server mailbox's: reset the store and sync from 0. */
    RESET
  }

  /** A verdict and, for {@link Verdict#RESET}, why. */
  record Outcome(Verdict verdict, String reason) {}

  private Optional<MailboxIdentity> held;

  /** Starts from the identity the store holds ({@code LocalStore.mailboxIdentity()}). */
  LocalCopyCheck(Optional<MailboxIdentity> held) {
    this.held = held;
  }

  /**
   * Judges a login: the server's mailbox is {@code server} and ends at {@code serverSeq}; the
   * local copy reaches {@code position}. Afterwards the held identity is the server's (when it
   * named one), as the store's will be once the caller has acted on the verdict.
   */
  Outcome onLogin(MailboxIdentity server, long serverSeq, long position) {
    String reason = resetReason(server, serverSeq, position);
    boolean record = reason == null && held.isEmpty() && server.known();
    if (server.known()) {
      held = Optional.of(server);
    }
    if (reason != null) {
      return new Outcome(Verdict.RESET, reason);
    }
    return new Outcome(record ? Verdict.RECORD : Verdict.KEEP, null);
  }

  private String resetReason(MailboxIdentity server, long serverSeq, long position) {
    if (server.known() && held.isPresent() && !held.get().equals(server)) {
      return "the server is " + server + " but the local store holds a copy from " + held.get();
    }
    if (server.known() && held.isEmpty() && position > 0) {
      return "the local store holds seq 1.." + position + " of a mailbox it cannot identify (no deployment id)";
    }
    if (serverSeq < position) {
      return "the server's mailbox ends at seq " + serverSeq + " but the local store holds up to " + position;
    }
    return null;
  }
}
