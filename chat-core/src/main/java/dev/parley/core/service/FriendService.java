package dev.parley.core.service;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.internal.SafeEvents;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendRequestView;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Profile;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.User;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.UserStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Friends: search, requests with greeting and remark, answers, remarks, removal and lists. Every
 * method acts as {@code userId}, the authenticated user. Publishes {@link ChatEvents}.
 * Thread-safe; methods block on the SPIs.
 */
public final class FriendService {
  // Names are at most 32 and nicknames 64 characters: a longer prefix cannot match anyone.
  private static final int MAX_QUERY_LENGTH = ProfileUpdate.MAX_NICKNAME;

  private final UserStore users;
  private final FriendStore friends;
  private final ChatEvents events;
  private final ChatLimits limits;

  public FriendService(UserStore users, FriendStore friends, ChatEvents events, ChatLimits limits) {
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.events = new SafeEvents(Objects.requireNonNull(events, "events"));
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Users whose name or nickname starts with {@code query} (trimmed, ignoring case), excluding
   * {@code userId}, ordered by name; at most {@link ChatLimits#pageSize}({@code limit}). An empty
   * query finds nobody.
   */
  public List<Profile> search(long userId, String query, int limit) {
    String q = query == null ? "" : query.strip();
    if (q.isEmpty() || q.length() > MAX_QUERY_LENGTH) {
      return List.of();
    }
    int size = limits.pageSize(limit);
    // One extra so that dropping the caller still leaves a full page.
    return users.search(q, size + 1).stream()
        .filter(u -> u.id() != userId)
        .limit(size)
        .map(User::profile)
        .toList();
  }

  /**
   * Sends (or renews) a request to {@code toUserId}. NOT_FOUND for an unknown target, BAD_REQUEST
   * for oneself or an over-long greeting or remark, ALREADY_FRIENDS when they are friends. When the
   * target has already asked {@code userId}, this accepts that request instead (both become friends,
   * {@code remark} becomes {@code userId}'s remark) and returns it with status ACCEPTED.
   */
  public FriendRequest sendRequest(long userId, long toUserId, String greeting, String remark) {
    String greetingText = Validation.optionalText("greeting", strip(greeting), FriendRequest.MAX_GREETING);
    String remarkText = Validation.optionalText("remark", strip(remark), Friendship.MAX_REMARK);
    if (userId == toUserId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " cannot befriend itself");
    }
    requireUser(toUserId);
    if (friends.areFriends(userId, toUserId)) {
      throw new ChatException(ErrorCode.ALREADY_FRIENDS, "user " + toUserId + " is already a friend of " + userId);
    }
    Optional<FriendRequest> crossing = friends.findPendingRequest(toUserId, userId);
    if (crossing.isPresent()) {
      Optional<Friendship> accepted = friends.acceptRequest(crossing.get().id(), remarkText);
      if (accepted.isPresent()) {
        publishFriendship(accepted.get());
        return crossing.get().withStatus(FriendRequest.Status.ACCEPTED);
      }
      // The crossing request was answered meanwhile; fall through to an ordinary request.
      if (friends.areFriends(userId, toUserId)) {
        throw new ChatException(ErrorCode.ALREADY_FRIENDS, "user " + toUserId + " is already a friend of " + userId);
      }
    }
    FriendRequest request = friends.addRequest(userId, toUserId, greetingText, remarkText);
    events.friendRequestReceived(request);
    return request;
  }

  /**
   * Accepts or declines the pending request from {@code requesterId} to {@code userId}. Returns
   * the new friend when accepted (with {@code remark} as {@code userId}'s remark), empty when
   * declined; NOT_FOUND when there is no such pending request, BAD_REQUEST for an over-long remark.
   */
  public Optional<FriendView> answer(long userId, long requesterId, boolean accept, String remark) {
    String remarkText = Validation.optionalText("remark", strip(remark), Friendship.MAX_REMARK);
    FriendRequest request = friends.findPendingRequest(requesterId, userId)
        .orElseThrow(() -> noPendingRequest(requesterId, userId));
    if (!accept) {
      if (!friends.declineRequest(request.id())) {
        throw noPendingRequest(requesterId, userId);
      }
      return Optional.empty();
    }
    boolean wereFriends = friends.areFriends(userId, requesterId);
    Friendship side = friends.acceptRequest(request.id(), remarkText)
        .orElseThrow(() -> noPendingRequest(requesterId, userId));
    if (!wereFriends) {
      publishFriendship(side);
    }
    return Optional.of(new FriendView(requireUser(requesterId).profile(), side));
  }

  /** Sets {@code userId}'s remark for {@code friendId}; NOT_FRIENDS, BAD_REQUEST for an over-long remark. */
  public void setRemark(long userId, long friendId, String remark) {
    String remarkText = Validation.optionalText("remark", strip(remark), Friendship.MAX_REMARK);
    if (!friends.setRemark(userId, friendId, remarkText)) {
      throw notFriends(userId, friendId);
    }
  }

  /** Ends the friendship on both sides and tells {@code friendId}; NOT_FRIENDS. */
  public void remove(long userId, long friendId) {
    if (!friends.removeFriendship(userId, friendId)) {
      throw notFriends(userId, friendId);
    }
    events.friendRemoved(userId, friendId);
  }

  /** {@code userId}'s friends with their profiles and {@code userId}'s remarks, ordered by friend id. */
  public List<FriendView> listFriends(long userId) {
    List<Friendship> sides = friends.listFriends(userId);
    Map<Long, User> profiles = users.findAllById(sides.stream().map(Friendship::friendId).toList());
    return sides.stream()
        .filter(side -> profiles.containsKey(side.friendId()))
        .map(side -> new FriendView(profiles.get(side.friendId()).profile(), side))
        .toList();
  }

  /** Pending requests to {@code userId}, newest first, with the requesters' profiles. */
  public List<FriendRequestView> pendingRequests(long userId) {
    List<FriendRequest> requests = friends.pendingRequestsTo(userId);
    Map<Long, User> profiles = users.findAllById(requests.stream().map(FriendRequest::fromUserId).toList());
    return requests.stream()
        .filter(r -> profiles.containsKey(r.fromUserId()))
        .map(r -> new FriendRequestView(r, profiles.get(r.fromUserId()).profile()))
        .toList();
  }

  /** Tells each side about the other, given the side returned by the store's accept. */
  private void publishFriendship(Friendship accepterSide) {
    events.friendAdded(accepterSide);
    friends.findFriendship(accepterSide.friendId(), accepterSide.userId()).ifPresent(events::friendAdded);
  }

  private User requireUser(long userId) {
    return users.findById(userId)
        .orElseThrow(() -> new ChatException(ErrorCode.NOT_FOUND, "user " + userId + " does not exist"));
  }

  private static String strip(String text) {
    return text == null ? "" : text.strip();
  }

  private static ChatException noPendingRequest(long fromUserId, long toUserId) {
    return new ChatException(ErrorCode.NOT_FOUND, "no pending friend request from " + fromUserId + " to " + toUserId);
  }

  private static ChatException notFriends(long userId, long friendId) {
    return new ChatException(ErrorCode.NOT_FRIENDS, "user " + friendId + " is not a friend of " + userId);
  }
}
