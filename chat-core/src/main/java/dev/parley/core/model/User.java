package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored account. {@code passwordHash} is a {@link dev.parley.core.spi.PasswordHasher} hash,
 * never the password. Immutable.
 *
 * <p>An account made for a host application's user ({@link #isExternal()}) carries that user's id
 * in {@code externalId} (at most {@link #MAX_EXTERNAL_ID_LENGTH} characters; "" for Parley's own
 * accounts) and may have an empty {@code email} and an empty {@code passwordHash}: such an account
 * cannot log in by password, only with a credential its host's authenticator accepts. A
 * {@code disabled} account is refused at every login and its sessions are closed.
 */
public record User(long id, String email, String name, String passwordHash, String nickname,
    String avatarUrl, String bio, Instant createdAt, String externalId, boolean disabled) {
  /** Longest host user id kept in {@link #externalId}. */
  public static final int MAX_EXTERNAL_ID_LENGTH = 128;

  public User {
    Validation.id("id", id);
    email = Validation.emailOrEmpty(email);
    name = Validation.nameSyntax(name); // accounts may predate the script rule
    Objects.requireNonNull(passwordHash, "passwordHash");
    nickname = Objects.requireNonNullElse(nickname, "");
    avatarUrl = Objects.requireNonNullElse(avatarUrl, "");
    bio = Objects.requireNonNullElse(bio, "");
    Objects.requireNonNull(createdAt, "createdAt");
    externalId = Validation.externalId(externalId);
  }

  /** A Parley account of its own (no host user id), enabled. */
  public User(long id, String email, String name, String passwordHash, String nickname,
      String avatarUrl, String bio, Instant createdAt) {
    this(id, email, name, passwordHash, nickname, avatarUrl, bio, createdAt, "", false);
  }

  /** True for an account provisioned for a host application's user. */
  public boolean isExternal() {
    return !externalId.isEmpty();
  }

  /** True when a password can log this account in: it has an email and a password hash. */
  public boolean hasPassword() {
    return !email.isEmpty() && !passwordHash.isEmpty();
  }

  /** The public view of this user: no email, no password hash. */
  public Profile profile() {
    return new Profile(id, name, nickname, avatarUrl, bio);
  }

  public User withPasswordHash(String hash) {
    return new User(id, email, name, hash, nickname, avatarUrl, bio, createdAt, externalId, disabled);
  }

  public User withProfile(ProfileUpdate update) {
    return new User(id, email, name, passwordHash,
        update.nickname().orElse(nickname), update.avatarUrl().orElse(avatarUrl),
        update.bio().orElse(bio), createdAt, externalId, disabled);
  }

  /** This account with {@code disabled} set as given. */
  public User withDisabled(boolean disabled) {
    return new User(id, email, name, passwordHash, nickname, avatarUrl, bio, createdAt, externalId, disabled);
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", name=" + name + (disabled ? ", disabled" : "") + "]";
  }
}
