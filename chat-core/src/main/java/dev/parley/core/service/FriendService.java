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
import dev.parley.core.service.DirectoryLimits.SearchMode;
import dev.parley.core.spi.BlockStore;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.RateLimiter;
import dev.parley.core.spi.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Friends: search, requests with greeting and remark, answers, remarks, removal and lists. Every
 * method acts as {@code userId}, the authenticated user. Publishes {@link ChatEvents}. Enforces
 * {@link ChatLimits#friendRequests} (re-push interval, decline cooldown, pending cap) and, for
 * search, {@link ChatLimits#directory}. Thread-safe; methods block on the SPIs.
 */
public final class FriendService {
  // Names are at most 32 and nicknames 64 characters: a longer prefix cannot match anyone.
  private static final int MAX_QUERY_LENGTH = ProfileUpdate.MAX_NICKNAME;

  private final UserStore users;
  private final FriendStore friends;
  private final ChatEvents events;
  private final ChatLimits limits;
  private final DirectoryGuard directory;
  private final Clock clock;
  private final BlockStore blocks;

  /**
   * {@code rateLimiter} counts directory look-ups (share it between nodes so the budget is per user,
   * not per node); {@code clock} judges the friend-request intervals.
   */
  public FriendService(UserStore users, FriendStore friends, ChatEvents events, ChatLimits limits,
      RateLimiter rateLimiter, Clock clock) {
    this(users, friends, events, limits, rateLimiter, clock, NoBlocks.INSTANCE);
  }

  /** As above; a friend request to a user who blocks the requester is refused with BLOCKED. */
  public FriendService(UserStore users, FriendStore friends, ChatEvents events, ChatLimits limits,
      RateLimiter rateLimiter, Clock clock, BlockStore blocks) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.users = Objects.requireNonNull(users, "users");
    this.friends = Objects.requireNonNull(friends, "friends");
    this.events = new SafeEvents(Objects.requireNonNull(events, "events"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.directory = new DirectoryGuard(rateLimiter, limits.directory());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Users matching {@code query} (trimmed, ignoring case) by {@link DirectoryLimits#searchMode}:
   * the one whose name it is (EXACT_NAME), or those whose name or nickname starts with it (PREFIX);
   * excluding {@code userId}, ordered by name; at most {@link ChatLimits#pageSize}({@code limit}).
   * BAD_REQUEST for a query shorter than {@link DirectoryLimits#minQueryLength} code points;
   * RATE_LIMITED past the user's directory look-ups ({@link DirectoryLimits#lookupsPerWindow}).
   */
  public List<Profile> search(long userId, String query, int limit) {
    String q = query == null ? "" : query.strip();
    int length = q.codePointCount(0, q.length());
    if (length < limits.directory().minQueryLength()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "a search needs at least " + limits.directory().minQueryLength()
          + " characters, the query has " + length);
    }
    directory.spend(userId, "search");
    if (q.length() > MAX_QUERY_LENGTH) {
      return List.of();
    }
    if (limits.directory().searchMode() == SearchMode.EXACT_NAME) {
      return users.findByName(q).filter(u -> u.id() != userId).map(User::profile).stream().toList();
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
   * for oneself or an over-long greeting or remark, ALREADY_FRIENDS when they are friends, BLOCKED
   * when the target blocks {@code userId}. When the
   * target has already asked {@code userId}, this accepts that request instead (both become friends,
   * {@code remark} becomes {@code userId}'s remark) and returns it with status ACCEPTED.
   *
   * <p>Spam limits ({@link ChatLimits#friendRequests}): a renewal of a pending request pushes the
   * target again only once {@link FriendRequestLimits#renotifyInterval} has passed since the last
   * push; a new request within {@link FriendRequestLimits#declineCooldown} of the target declining
   * the last one is RATE_LIMITED with the time left; a new request past
   * {@link FriendRequestLimits#maxPendingOutgoing} pending ones is TOO_MANY_PENDING_REQUESTS.
   */
  public FriendRequest sendRequest(long userId, long toUserId, String greeting, String remark) {
    String greetingText = Validation.optionalText("greeting", strip(greeting), FriendRequest.MAX_GREETING);
    String remarkText = Validation.optionalText("remark", strip(remark), Friendship.MAX_REMARK);
    if (userId == toUserId) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "user " + userId + " cannot befriend itself");
    }
    requireUser(toUserId);
    if (friendsNow(userId, toUserId)) {
      throw new ChatException(ErrorCode.ALREADY_FRIENDS, "user " + toUserId + " is already a friend of " + userId);
    }
    if (blocks.isBlocked(toUserId, userId)) {
      throw new ChatException(ErrorCode.BLOCKED, "this user does not accept friend requests from you");
    }
    Optional<FriendRequest> crossing = friends.findPendingRequest(toUserId, userId);
    if (crossing.isPresent()) {
      Optional<Friendship> accepted = friends.acceptRequest(crossing.get().id(), remarkText);
      if (accepted.isPresent()) {
        publishFriendship(accepted.get());
        return crossing.get().withStatus(FriendRequest.Status.ACCEPTED);
      }
      // The crossing request was answered meanwhile; fall through to an ordinary request.
      if (friendsNow(userId, toUserId)) {
        throw new ChatException(ErrorCode.ALREADY_FRIENDS, "user " + toUserId + " is already a friend of " + userId);
      }
    }
    Instant now = clock.instant();
    if (friends.findPendingRequest(userId, toUserId).isEmpty()) {
      checkMayAskAgain(userId, toUserId, now);
      checkPendingCap(userId);
    }
    FriendRequest request = friends.addRequest(userId, toUserId, greetingText, remarkText);
    if (friends.markNotified(request.id(), now, limits.friendRequests().renotifyInterval())) {
      events.friendRequestReceived(request);
    }
    return request;
  }

  /** RATE_LIMITED while the decline cooldown since {@code toUserId} last declined {@code userId} runs. */
  private void checkMayAskAgain(long userId, long toUserId, Instant now) {
    Optional<Instant> declined = friends.lastDeclinedAt(userId, toUserId);
    if (declined.isEmpty()) {
      return;
    }
    Duration cooldown = limits.friendRequests().declineCooldown();
    Duration left = Duration.between(now, declined.get().plus(cooldown));
    if (!left.isNegative() && !left.isZero()) {
      throw ChatException.rateLimited("user " + toUserId + " declined a request from " + userId + " at "
          + declined.get() + "; asking again waits " + cooldown.toMinutes() + " min", left);
    }
  }

  private void checkPendingCap(long userId) {
    int pending = friends.countPendingRequestsFrom(userId);
    int max = limits.friendRequests().maxPendingOutgoing();
    if (pending >= max) {
      throw new ChatException(ErrorCode.TOO_MANY_PENDING_REQUESTS, "user " + userId + " has " + pending
          + " friend requests pending, the limit is " + max + "; wait for answers");
    }
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
    boolean wereFriends = friendsNow(userId, requesterId);
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

  /**
   * Read from the store itself: a node may answer {@link FriendStore#areFriends} from a cache that
   * is briefly stale, which is fine for authorising a send but not for deciding what to change.
   */
  private boolean friendsNow(long userId, long otherId) {
    return friends.findFriendship(userId, otherId).isPresent();
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
