package dev.parley.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of revising a one-to-one message ({@link dev.parley.core.spi.MessageStore#revise}).
 *
 * @param message the message in its final state as the actor's mailbox holds it
 * @param entries the revision entries appended: the actor's first, then (recall and edit) the
 *     other participant's; empty when {@code duplicate}
 * @param duplicate the message was already in this state (a second recall, a second delete):
 *     nothing was stored
 */
public record RevisionResult(Message message, List<MailboxEntry> entries, boolean duplicate) {
  public RevisionResult {
    Objects.requireNonNull(message, "message");
    entries = List.copyOf(entries);
    if (duplicate != entries.isEmpty()) {
      throw new IllegalArgumentException("a duplicate appends no entry, a new revision at least one");
    }
  }

  /** The actor's own revision entry; only when not a duplicate. */
  public MailboxEntry actorEntry() {
    return entries.get(0);
  }
}
