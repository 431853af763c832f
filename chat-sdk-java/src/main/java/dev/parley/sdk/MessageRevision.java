package dev.parley.sdk;

import dev.parley.core.model.RevisionKind;
import java.time.Instant;
import java.util.Objects;

/**
 * A recall, edit or delete-for-me of an earlier one-to-one message: an entry of the user's mailbox
 * of its own, applied to the local store in mailbox order. Immutable.
 *
 * @param seq its position in this user's mailbox
 * @param messageId the {@link ChatMessage#messageId()} it applies to
 * @param kind recalled (by the sender, for both), edited (by the sender, for both), or deleted (by
 *     this user, for this user's devices only)
 * @param text for an edit: the new text; empty otherwise
 * @param byUserId who made it
 * @param at when
 * @param peerId the other participant of the conversation
 */
public record MessageRevision(long seq, long messageId, RevisionKind kind, String text, long byUserId, Instant at,
    long peerId) {
  public MessageRevision {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
  }
}
