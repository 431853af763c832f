package dev.parley.core.hooks;

import java.util.Objects;

/**
 * Who a host credential names: the host's own user id (stable, unique in the deployment, at most
 * {@link #MAX_ID_LENGTH} characters) and what a first login may provision the Parley account
 * with. {@code name} (the account's unique name), {@code nickname} and {@code email} may be empty;
 * the provisioning derives a name when the host gives none or a taken one. Immutable.
 */
public record ExternalIdentity(String externalId, String name, String nickname, String email) {
  /** Longest host user id accepted. */
  public static final int MAX_ID_LENGTH = 128;

  public ExternalIdentity {
    Objects.requireNonNull(externalId, "externalId");
    if (externalId.isBlank() || externalId.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("externalId must be 1-" + MAX_ID_LENGTH + " characters");
    }
    name = Objects.requireNonNullElse(name, "");
    nickname = Objects.requireNonNullElse(nickname, "");
    email = Objects.requireNonNullElse(email, "");
  }
}
