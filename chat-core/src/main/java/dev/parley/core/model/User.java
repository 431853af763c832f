package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored account. {@code passwordHash} is a {@link dev.parley.core.spi.PasswordHasher} hash,
 * never the password. Immutable.
 */
public record User(long id, String email, String name, String passwordHash, String nickname,
    String avatarUrl, String bio, Instant createdAt) {
  public User {
    Validation.id("id", id);
    email = Validation.email(email);
    name = Validation.nameSyntax(name); // accounts may predate the script rule
    Objects.requireNonNull(passwordHash, "passwordHash");
    nickname = Objects.requireNonNullElse(nickname, "");
    avatarUrl = Objects.requireNonNullElse(avatarUrl, "");
    bio = Objects.requireNonNullElse(bio, "");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The public view of this user: no email, no password hash. */
  public Profile profile() {
    return new Profile(id, name, nickname, avatarUrl, bio);
  }

  public User withPasswordHash(String hash) {
    return new User(id, email, name, hash, nickname, avatarUrl, bio, createdAt);
  }

  public User withProfile(ProfileUpdate update) {
    return new User(id, email, name, passwordHash,
        update.nickname().orElse(nickname), update.avatarUrl().orElse(avatarUrl),
        update.bio().orElse(bio), createdAt);
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", name=" + name + "]";
  }
}
