package dev.parley.core.service;

import dev.parley.core.model.Profile;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.spi.UserStore;
import java.util.Objects;

/** Profiles: read anyone's public profile, update one's own. Thread-safe; blocks on the store. */
public final class ProfileService {
  private final UserStore users;

  public ProfileService(UserStore users) {
    this.users = Objects.requireNonNull(users, "users");
  }

  /** {@code userId}'s profile; NOT_FOUND. */
  public Profile get(long userId) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Updates {@code userId}'s own profile; returns the result. */
  public Profile update(long userId, ProfileUpdate update) {
    throw new UnsupportedOperationException("services issue");
  }
}
