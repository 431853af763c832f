package dev.parley.core.model;

import java.util.Objects;

/**
 * What {@link dev.parley.core.spi.UserStore#create} needs to create an account. Immutable.
 *
 * <p>A Parley account ({@code externalId} "") needs a valid email. An account for a host
 * application's user names that user in {@code externalId} (at most
 * {@link User#MAX_EXTERNAL_ID_LENGTH} characters) and may leave {@code email} and
 * {@code passwordHash} empty ("" cannot verify any password). {@code nickname} may be empty.
 */
public record NewUser(String email, String name, String passwordHash, String externalId, String nickname) {
  public NewUser {
    externalId = Validation.externalId(externalId);
    email = externalId.isEmpty() ? Validation.email(email) : Validation.emailOrEmpty(email);
    name = Validation.name(name);
    Objects.requireNonNull(passwordHash, "passwordHash");
    nickname = Validation.optionalText("nickname", nickname, ProfileUpdate.MAX_NICKNAME);
  }

  /** A Parley account of its own: an email, a name and a password hash. */
  public NewUser(String email, String name, String passwordHash) {
    this(email, name, passwordHash, "", "");
  }

  /** An account for the host application's user {@code externalId}, with no password. */
  public static NewUser external(String externalId, String name, String nickname, String email) {
    return new NewUser(email, name, "", externalId, nickname);
  }
}
