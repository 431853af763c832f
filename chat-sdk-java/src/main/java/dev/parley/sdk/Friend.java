package dev.parley.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * A friend of this session's user. Immutable.
 *
 * @param profile the friend's profile
 * @param remark this user's private alias for the friend, empty when none
 * @param since when the friendship began
 * @param online whether the friend was online when this value was produced
 */
public record Friend(Profile profile, String remark, Instant since, boolean online) {
  public Friend {
    Objects.requireNonNull(profile, "profile");
    remark = Objects.requireNonNullElse(remark, "");
    Objects.requireNonNull(since, "since");
  }

  /** The friend's user id. */
  public long userId() {
    return profile.userId();
  }

  /** The remark when set, otherwise the profile's display name. */
  public String displayName() {
    return remark.isEmpty() ? profile.displayName() : remark;
  }

  /** A copy with another online flag. */
  public Friend withOnline(boolean nowOnline) {
    return new Friend(profile, remark, since, nowOnline);
  }
}
