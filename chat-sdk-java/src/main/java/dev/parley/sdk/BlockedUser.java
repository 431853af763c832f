package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/** A user this user blocks, as {@link ChatSession#listBlocked()} lists it: their profile and when. Immutable. */
public record BlockedUser(Profile profile, Instant blockedAt) {
  public BlockedUser {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(blockedAt, "blockedAt");
  }

  /** The blocked user's id. */
  public long userId() {
    return profile.userId();
  }
}
