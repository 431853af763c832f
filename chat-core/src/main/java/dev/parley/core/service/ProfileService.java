package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Profile;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.SettingsUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.UserSettings;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.UserStore;
import java.util.Objects;

/**
 * Profiles: read public profiles, update one's own; and one's own settings. A client reading a stranger's profile (neither
 * itself nor a friend) spends a directory look-up ({@link DirectoryLimits}), so ids cannot be walked
 * faster than that. Thread-safe; blocks on the stores and the rate limiter.
 */
public final class ProfileService {
  private final UserStore users;
  private final FriendStore friends;
  private final DirectoryGuard directory;

  /** {@code rateLimiter} counts look-ups of strangers' profiles under {@code limits.directory()}. */
  public ProfileService(UserStore users, FriendStore friends, RateLimiter rateLimiter, ChatLimits limits) {
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.directory = new DirectoryGuard(rateLimiter, Objects.requireNonNull(limits, "limits").directory());
  }

  /** {@code userId}'s profile, unconditionally (for the node's own use, not a client's); NOT_FOUND. */
  public Profile get(long userId) {
    return users.findById(userId).map(User::profile).orElseThrow(() -> notFound(userId));
  }

  /**
   * {@code userId}'s profile as {@code viewerId} asked for it: oneself and friends at once, anyone
   * else after spending one of the viewer's directory look-ups (RATE_LIMITED when spent); NOT_FOUND.
   */
  public Profile view(long viewerId, long userId) {
    if (viewerId != userId && !friends.areFriends(viewerId, userId)) {
      directory.spend(viewerId, "profile of user " + userId);
    }
    return get(userId);
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

  /** {@code userId}'s own settings; NOT_FOUND when the user does not exist. */
  public UserSettings settings(long userId) {
    return users.settings(userId).orElseThrow(() -> notFound(userId));
  }

  /**
   * Applies the present fields of {@code update} to {@code userId}'s own settings and returns the
   * result (an empty update changes nothing and returns the settings); NOT_FOUND when the user
   * does not exist, BAD_REQUEST without an update.
   */
  public UserSettings updateSettings(long userId, SettingsUpdate update) {
    if (update == null) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a settings update is required");
    }
    return (update.isEmpty() ? users.settings(userId) : users.updateSettings(userId, update))
        .orElseThrow(() -> notFound(userId));
  }

  private static ChatException notFound(long userId) {
    return new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " does not exist");
  }
}
