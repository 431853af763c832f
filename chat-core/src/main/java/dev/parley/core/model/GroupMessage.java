package dev.parley.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a group's log, stored once for all members. {@code seq} is gap-free per group,
 * assigned when the entry is stored; {@code id} is global and increases with time. A system entry
 * ({@link GroupMessageKind#isSystem()}) has the acting user as sender, an empty client message id
 * and text, and says what changed in {@code targetIds}, {@code role} and {@code mutedUntil}. Immutable.
 *
 * @param role for {@link GroupMessageKind#ROLE_CHANGED}: the new role; null otherwise
 * @param mutedUntil for {@link GroupMessageKind#MEMBER_MUTED}: until when (null: unmuted); null otherwise
 * @param targetSeq for {@link GroupMessageKind#MESSAGE_RECALLED} / {@link GroupMessageKind#MESSAGE_EDITED}:
 *     the seq of the TEXT entry revised (whose new text an edit carries in {@code text}); 0 otherwise
 * @param recalled a TEXT entry in its final state: recalled (text empty)
 * @param editedAt a TEXT entry in its final state: when its text was last replaced (null: never)
 */
public record GroupMessage(long groupId, long seq, long id, long senderId, String clientMsgId, String text,
    Instant sentAt, GroupMessageKind kind, List<Long> targetIds, GroupRole role, Instant mutedUntil,
    long targetSeq, boolean recalled, Instant editedAt) {
  public GroupMessage {
    Validation.id("groupId", groupId);
    Validation.id("seq", seq);
    Validation.id("id", id);
    Validation.id("senderId", senderId);
    Objects.requireNonNull(clientMsgId, "clientMsgId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sentAt, "sentAt");
    Objects.requireNonNull(kind, "kind");
    targetIds = List.copyOf(targetIds);
  }

  /** An entry that revises nothing and was never revised. */
  public GroupMessage(long groupId, long seq, long id, long senderId, String clientMsgId, String text,
      Instant sentAt, GroupMessageKind kind, List<Long> targetIds, GroupRole role, Instant mutedUntil) {
    this(groupId, seq, id, senderId, clientMsgId, text, sentAt, kind, targetIds, role, mutedUntil, 0, false, null);
  }

  /** A member's text message. */
  public static GroupMessage text(long groupId, long seq, long id, long senderId, String clientMsgId, String text,
      Instant sentAt) {
    return new GroupMessage(groupId, seq, id, senderId, clientMsgId, text, sentAt, GroupMessageKind.TEXT, List.of(),
        null, null);
  }

  /** The system entry recording that {@code actorId} recalled ({@code newText} empty) or edited entry {@code targetSeq}. */
  public static GroupMessage revision(long groupId, long seq, long id, long actorId, GroupMessageKind kind,
      long targetSeq, String newText, Instant at) {
    return new GroupMessage(groupId, seq, id, actorId, "", newText, at, kind, List.of(), null, null, targetSeq, false,
        null);
  }

  /** This TEXT entry recalled: the text dropped. */
  public GroupMessage asRecalled() {
    return new GroupMessage(groupId, seq, id, senderId, clientMsgId, "", sentAt, kind, targetIds, role, mutedUntil,
        targetSeq, true, editedAt);
  }

  /** This TEXT entry with its text replaced at {@code at}. */
  public GroupMessage asEdited(String newText, Instant at) {
    return new GroupMessage(groupId, seq, id, senderId, clientMsgId, newText, sentAt, kind, targetIds, role,
        mutedUntil, targetSeq, recalled, at);
  }

  /** Whether this is a MESSAGE_RECALLED or MESSAGE_EDITED entry. */
  public boolean isRevision() {
    return kind == GroupMessageKind.MESSAGE_RECALLED || kind == GroupMessageKind.MESSAGE_EDITED;
  }
}
