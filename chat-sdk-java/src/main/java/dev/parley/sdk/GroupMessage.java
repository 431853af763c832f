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
 * @param targetSeq for {@link GroupMessageKind#MESSAGE_RECALLED} / {@link GroupMessageKind#MESSAGE_EDITED}:
 *     the seq of the TEXT entry recalled or edited (an edit's new text is in {@code text}); 0 otherwise
 * @param recalled a TEXT entry that was recalled (its text is empty)
 * @param editedAt a TEXT entry's last edit time; null when never edited
 */
public record GroupMessage(long groupId, long seq, long messageId, long senderId, String clientMsgId, String text,
    Instant sentAt, GroupMessageKind kind, List<Long> targetIds, GroupRole role, Instant mutedUntil,
    boolean outgoing, long targetSeq, boolean recalled, Instant editedAt) {
  public GroupMessage {
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(kind, "kind");
    targetIds = List.copyOf(targetIds);
  }

  /** An entry that revises nothing and was never revised. */
  public GroupMessage(long groupId, long seq, long messageId, long senderId, String clientMsgId, String text,
      Instant sentAt, GroupMessageKind kind, List<Long> targetIds, GroupRole role, Instant mutedUntil,
      boolean outgoing) {
    this(groupId, seq, messageId, senderId, clientMsgId, text, sentAt, kind, targetIds, role, mutedUntil, outgoing, 0,
        false, null);
  }

  /** Whether this is a recall or an edit of an earlier TEXT entry ({@link #targetSeq()}). */
  public boolean isRevision() {
    return kind == GroupMessageKind.MESSAGE_RECALLED || kind == GroupMessageKind.MESSAGE_EDITED;
  }

  /** This TEXT entry with the revision entry {@code revision} applied. */
  public GroupMessage revised(GroupMessage revision) {
    boolean recall = revision.kind() == GroupMessageKind.MESSAGE_RECALLED;
    return new GroupMessage(groupId, seq, messageId, senderId, clientMsgId, recall ? "" : revision.text(), sentAt, kind,
        targetIds, role, mutedUntil, outgoing, targetSeq, recalled || recall, recall ? editedAt : revision.sentAt());
  }

  /** Whether the server wrote this entry (anything but {@link GroupMessageKind#TEXT}). */
  public boolean system() {
    return kind.isSystem();
  }
}
