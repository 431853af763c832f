package dev.parley.core.model;

import java.util.Objects;

/** A friend request with the requester's profile, as the target sees it. Immutable. */
public record FriendRequestView(FriendRequest request, Profile from) {
  public FriendRequestView {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(from, "from");
  }
}
