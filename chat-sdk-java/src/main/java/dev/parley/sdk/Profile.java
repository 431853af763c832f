package dev.parley.sdk;

import java.util.Objects;

/**
 * The public face of a user. Immutable.
 *
 * @param userId the user's id
 * @param name the unique user name
 * @param nickname a display name, empty when unset
 * @param avatarUrl an avatar address, empty when unset
 * @param bio a short self-description, empty when unset
 */
public record Profile(long userId, String name, String nickname, String avatarUrl, String bio) {
  public Profile {
    Objects.requireNonNull(name, "name");
    nickname = Objects.requireNonNullElse(nickname, "");
    avatarUrl = Objects.requireNonNullElse(avatarUrl, "");
    bio = Objects.requireNonNullElse(bio, "");
  }

  /** The nickname when set, otherwise the name. */
  public String displayName() {
    return nickname.isEmpty() ? name : nickname;
  }
}
