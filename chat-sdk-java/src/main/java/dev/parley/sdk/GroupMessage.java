package dev.parley.sdk;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.GroupRole;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a group's log: a member's text ({@link GroupMessageKind#TEXT}) or a system entry the
 * server wrote when the group changed (the sender is the user who acted). Immutable.
 *
 * @param groupId the group
 * @param seq the entry's position in the group's log (1, 2, 3, ... with no gaps per group)
 * @param messageId the server's global id of the entry
 * @param senderId who sent it (for a system entry: who acted)
 * @param clientMsgId the sender's idempotency key; empty for a system entry
 * @param text the text; empty for most system entries
 * @param sentAt when the server stored it
 * @param kind what it is
 * @param targetIds whom a system entry is about (joined, left, kicked, new role, muted, new owner)
 * @param role the new role of a {@link GroupMessageKind#ROLE_CHANGED} entry; null otherwise
 * @param mutedUntil until when a {@link GroupMessageKind#MEMBER_MUTED} entry mutes; null otherwise or unmuted
 * @param outgoing true when this session's user is the sender
 */
public record GroupMessage(long groupId, long seq, long messageId, long senderId, String clientMsgId, String text,
    Instant sentAt, GroupMessageKind kind, List<Long> targetIds, GroupRole role, Instant mutedUntil,
    boolean outgoing) {
  public GroupMessage {
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(kind, "kind");
    targetIds = List.copyOf(targetIds);
  }

  /** Whether the server wrote this entry (anything but {@link GroupMessageKind#TEXT}). */
  public boolean system() {
    return kind.isSystem();
  }
}
