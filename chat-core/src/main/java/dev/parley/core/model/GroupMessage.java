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
 */
public record GroupMessage(long groupId, long seq, long id, long senderId, String clientMsgId, String text,
    Instant sentAt, GroupMessageKind kind, List<Long> targetIds, GroupRole role, Instant mutedUntil) {
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

  /** A member's text message. */
  public static GroupMessage text(long groupId, long seq, long id, long senderId, String clientMsgId, String text,
      Instant sentAt) {
    return new GroupMessage(groupId, seq, id, senderId, clientMsgId, text, sentAt, GroupMessageKind.TEXT, List.of(),
        null, null);
  }
}
