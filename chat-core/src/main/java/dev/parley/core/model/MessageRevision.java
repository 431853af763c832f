package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A later change to a stored one-to-one message, kept as a mailbox entry of its own so a device
 * that syncs later applies it in mailbox order. Immutable.
 *
 * @param messageId the {@link Message#id()} it applies to
 * @param kind recalled, edited or deleted (for the mailbox owner only)
 * @param text {@link RevisionKind#EDITED}: the new text; empty otherwise
 * @param byUserId who made it: the sender for a recall or an edit, the mailbox owner for a delete
 * @param at when it was made
 * @param peerId the other participant of the conversation, seen from the mailbox owner
 */
public record MessageRevision(long messageId, RevisionKind kind, String text, long byUserId, Instant at,
    long peerId) {
  public MessageRevision {
    Validation.id("messageId", messageId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Validation.id("byUserId", byUserId);
    Objects.requireNonNull(at, "at");
    Validation.id("peerId", peerId);
  }
}
