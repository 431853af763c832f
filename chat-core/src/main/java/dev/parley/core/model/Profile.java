package dev.parley.core.model;

import java.util.Objects;

/** The public face of a user, as other users see it. Immutable. */
public record Profile(long userId, String name, String nickname, String avatarUrl, String bio) {
  public Profile {
    Objects.requireNonNull(name, "name");
    nickname = Objects.requireNonNullElse(nickname, "");
    avatarUrl = Objects.requireNonNullElse(avatarUrl, "");
    bio = Objects.requireNonNullElse(bio, "");
  }
}
