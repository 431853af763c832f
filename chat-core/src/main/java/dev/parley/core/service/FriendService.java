package dev.parley.core.service;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendRequestView;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.Profile;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.UserStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Friends: search, requests with greeting and remark, answers, remarks, removal and lists. Every
 * method acts as {@code userId}, the authenticated user. Publishes {@link ChatEvents}.
 * Thread-safe; methods block on the SPIs.
 */
public final class FriendService {
  private final UserStore users;
  private final FriendStore friends;
  private final ChatEvents events;
  private final ChatLimits limits;

  public FriendService(UserStore users, FriendStore friends, ChatEvents events, ChatLimits limits) {
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.events = Objects.requireNonNull(events, "events");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Users whose name or nickname starts with {@code query}, excluding {@code userId}. */
  public List<Profile> search(long userId, String query, int limit) {
    throw new UnsupportedOperationException("services issue");
  }

  /**
   * Sends (or renews) a request to {@code toUserId}. NOT_FOUND for an unknown target, BAD_REQUEST
   * for oneself, ALREADY_FRIENDS when they are friends. When the target has already asked
   * {@code userId}, this accepts that request instead (both become friends).
   */
  public FriendRequest sendRequest(long userId, long toUserId, String greeting, String remark) {
    throw new UnsupportedOperationException("services issue");
  }

  /**
   * Accepts or declines the pending request from {@code requesterId} to {@code userId}. Returns
   * the new friend when accepted; NOT_FOUND when there is no such pending request.
   */
  public Optional<FriendView> answer(long userId, long requesterId, boolean accept, String remark) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Sets {@code userId}'s remark for {@code friendId}; NOT_FRIENDS. */
  public void setRemark(long userId, long friendId, String remark) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Ends the friendship on both sides; NOT_FRIENDS. */
  public void remove(long userId, long friendId) {
    throw new UnsupportedOperationException("services issue");
  }

  /** {@code userId}'s friends with their profiles and {@code userId}'s remarks. */
  public List<FriendView> listFriends(long userId) {
    throw new UnsupportedOperationException("services issue");
  }

  /** Pending requests to {@code userId}, newest first, with the requesters' profiles. */
  public List<FriendRequestView> pendingRequests(long userId) {
    throw new UnsupportedOperationException("services issue");
  }
}
