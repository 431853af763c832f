package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Profile;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.User;
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
    return users.findById(userId).map(User::profile).orElseThrow(() -> notFound(userId));
  }

  /**
   * Updates {@code userId}'s own profile; returns the result. NOT_FOUND when the user does not
   * exist, BAD_REQUEST without an update (field lengths are checked by {@link ProfileUpdate}).
   */
  public Profile update(long userId, ProfileUpdate update) {
    if (update == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a profile update is required");
    }
    return users.updateProfile(userId, update).map(User::profile).orElseThrow(() -> notFound(userId));
  }

  private static ChatException notFound(long userId) {
    return new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " does not exist");
  }
}
