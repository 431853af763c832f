package dev.parley.examples.cli;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.Friend;
import dev.parley.sdk.Profile;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns user names into ids and ids into the names a person wants to read (a friend's remark,
 * else nickname, else name), from the session's friends and, failing that, the server. Caches what
 * it learns. Thread-safe.
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
