package dev.parley.sdk;

import java.util.Optional;

/**
 * Which profile fields to change; an empty field is left as it is. Immutable.
 * Build one with {@code ProfileChanges.none().nickname("Al").bio("hi")}.
 *
 * @param nickname the new nickname, if it changes
 * @param avatarUrl the new avatar address, if it changes
 * @param bio the new bio, if it changes
 */
public record ProfileChanges(Optional<String> nickname, Optional<String> avatarUrl, Optional<String> bio) {
  public ProfileChanges {
    nickname = nickname == null ? Optional.empty() : nickname;
    avatarUrl = avatarUrl == null ? Optional.empty() : avatarUrl;
    bio = bio == null ? Optional.empty() : bio;
  }

  /** Changes nothing. */
  public static ProfileChanges none() {
    return new ProfileChanges(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** A copy that also sets the nickname. */
  public ProfileChanges nickname(String value) {
    return new ProfileChanges(Optional.of(value), avatarUrl, bio);
  }

  /** A copy that also sets the avatar address. */
  public ProfileChanges avatarUrl(String value) {
    return new ProfileChanges(nickname, Optional.of(value), bio);
  }

  /** A copy that also sets the bio. */
  public ProfileChanges bio(String value) {
    return new ProfileChanges(nickname, avatarUrl, Optional.of(value));
  }
}
