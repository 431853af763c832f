package dev.parley.core.model;

import java.util.Objects;

/** A friend as its user sees it: the friend's profile and the user's side of the friendship. Immutable. */
public record FriendView(Profile profile, Friendship friendship) {
  public FriendView {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(friendship, "friendship");
  }
}
