package dev.parley.examples.cli;

import dev.parley.core.model.GroupMessageKind;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSummary;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/** How the shell prints groups, their log entries and membership notices, one line each. Stateless. */
final class GroupLines {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private GroupLines() {}

  /** "#team (id 12)  3 members  unread 2  [ADMIN]" */
  static String line(GroupSummary g) {
    return "#" + g.displayName() + " (id " + g.groupId() + ")  " + g.group().memberCount() + " members"
        + (g.unreadCount() > 0 ? "  unread " + g.unreadCount() : "") + "  [" + g.self().role() + "]"
        + (g.group().muteAll() ? "  muted for members" : "");
  }

  /**
   * A text ("[12:00:01] #team ann: hi", "(recalled)" or "... (edited)" in its final state) or what a
   * system entry says ("[12:00:01] #team: ann added bob").
   */
  static String line(GroupMessage m, Names names) {
    String head = "[" + TIME.format(m.sentAt()) + "] " + names.group(m.groupId());
    if (!m.system()) {
      return head + " " + names.of(m.senderId()) + ": " + ChatPrinter.finalText(m.text(), m.recalled(), m.editedAt() != null);
    }
    return head + ": " + names.of(m.senderId()) + " " + what(m, names);
  }

  /** What a notice means for the user ("you were added to #team by ann"). */
  static String line(GroupNotice n, Names names) {
    String group = "#" + n.groupName();
    String by = " by " + names.of(n.actorId());
    return switch (n.kind()) {
      case MEMBERS_JOINED, GROUP_CREATED -> "you were added to " + group + by + "   (/g " + n.groupId() + " to chat)";
      case MEMBER_LEFT -> "you left " + group;
      case MEMBER_KICKED -> "you were removed from " + group + by;
      case ROLE_CHANGED -> "you are " + n.role() + " in " + group + " now";
      case MEMBER_MUTED -> n.mutedUntil() == null ? "you may speak in " + group + " again"
          : "you are muted in " + group + " until " + TIME.format(n.mutedUntil()) + by;
      case OWNERSHIP_TRANSFERRED -> "you own " + group + " now";
      case GROUP_DISSOLVED -> group + " was dissolved" + by;
      default -> "your membership of " + group + " changed (" + n.kind() + ")";
    };
  }

  private static String what(GroupMessage m, Names names) {
    String targets = m.targetIds().stream().map(names::of).collect(Collectors.joining(", "));
    GroupMessageKind kind = m.kind();
    return switch (kind) {
      case GROUP_CREATED -> "created the group with " + targets;
      case MEMBERS_JOINED -> m.targetIds().equals(java.util.List.of(m.senderId())) ? "joined" : "added " + targets;
      case MEMBER_LEFT -> "left";
      case MEMBER_KICKED -> "removed " + targets;
      case ROLE_CHANGED -> "made " + targets + " " + m.role();
      case MEMBER_MUTED -> m.mutedUntil() == null ? "unmuted " + targets
          : "muted " + targets + " until " + TIME.format(m.mutedUntil());
      case GROUP_INFO_UPDATED -> "changed the group's settings";
      case OWNERSHIP_TRANSFERRED -> "handed the group to " + targets;
      case GROUP_DISSOLVED -> "dissolved the group";
      case MESSAGE_RECALLED -> "recalled a message";
      case MESSAGE_EDITED -> "edited: " + m.text();
      default -> kind.name();
    };
  }
}
