package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.Friend;
import dev.parley.sdk.GroupSummary;
import dev.parley.sdk.Profile;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns user names into ids and ids into the names a person wants to read (a friend's remark,
 * else nickname, else name), from the session's friends and, failing that, the server. Caches what
 * it learns. Groups likewise: a group is named by its name, the user's remark for it, or its id.
 * Thread-safe.
 */
final class Names {
  private final ChatSession session;
  private static final Pattern USER_ID = Pattern.compile("\\buser (\\d+)\\b");

  private final Map<Long, String> display = new ConcurrentHashMap<>();

  Names(ChatSession session) {
    this.session = session;
  }

  /** The user called {@code name} (user name or a friend's remark). */
  Profile resolve(String name) {
    String wanted = name.startsWith("@") ? name.substring(1) : name;
    Optional<Friend> friend = session.localStore().friends().stream()
        .filter(f -> f.profile().name().equalsIgnoreCase(wanted) || f.remark().equalsIgnoreCase(wanted))
        .findFirst();
    if (friend.isPresent()) {
      return friend.get().profile();
    }
    return session.findUser(wanted)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "no user named '" + wanted + "'"));
  }

  /** What to call user {@code userId} on screen. */
  String of(long userId) {
    if (userId == session.userId()) {
      return "me";
    }
    return display.computeIfAbsent(userId, this::lookUp);
  }

  /**
   * {@code message} with every "user 17" replaced by that user's name, so an error never shows
   * an internal id ("user 17 is not a friend of 12" becomes "eve is not a friend of dee").
   */
  String withNames(String message) {
    Matcher m = USER_ID.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long id = Long.parseLong(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(id == session.userId() ? session.profile().name() : userName(id)));
    }
    return m.appendTail(out).toString();
  }

  /**
   * The user's group called {@code nameOrId} (its name, the user's remark for it, or its id), from
   * the local store and, failing that, the server's list of the user's groups.
   */
  GroupSummary resolveGroup(String nameOrId) {
    String wanted = nameOrId.startsWith("#") ? nameOrId.substring(1) : nameOrId;
    Optional<GroupSummary> known = findGroup(session.localStore().groups(), wanted);
    if (known.isPresent()) {
      return known.get();
    }
    return findGroup(session.listGroups(500), wanted)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "you are in no group named '" + wanted + "'"));
  }

  /** What to call group {@code groupId} on screen: its display name, else "group N". */
  String group(long groupId) {
    return session.localStore().group(groupId).map(g -> "#" + g.displayName()).orElse("group " + groupId);
  }

  private static Optional<GroupSummary> findGroup(java.util.List<GroupSummary> groups, String wanted) {
    Optional<GroupSummary> byName = groups.stream()
        .filter(g -> g.group().name().equalsIgnoreCase(wanted) || g.remark().equalsIgnoreCase(wanted)).findFirst();
    if (byName.isPresent() || !wanted.chars().allMatch(Character::isDigit) || wanted.isEmpty()) {
      return byName;
    }
    long id = Long.parseLong(wanted);
    return groups.stream().filter(g -> g.groupId() == id).findFirst();
  }

  /** Forgets cached names (after friends or remarks changed). */
  void refresh() {
    display.clear();
  }

  private String userName(long userId) {
    try {
      return session.profileAsync(userId).join().name();
    } catch (RuntimeException e) {
      return "user " + userId; // unknown to the server too: the id is all there is
    }
  }

  private String lookUp(long userId) {
    return session.localStore().friends().stream().filter(f -> f.userId() == userId).findFirst()
        .map(Friend::displayName)
        .orElseGet(() -> {
          try {
            return session.profileAsync(userId).join().displayName();
          } catch (RuntimeException e) {
            return "user " + userId;
          }
        });
  }
}
