package dev.parley.core.model;

import java.time.Instant;
import java.util.Objects;

/** A user the caller blocks, as the caller lists them: the blocked user's profile and when. Immutable. */
public record BlockedUser(Profile profile, Instant blockedAt) {
  public BlockedUser {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(blockedAt, "blockedAt");
  }
}
