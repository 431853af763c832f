package dev.parley.core.spi;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Friend requests and friendships. A friendship is two sides, each with its own remark; they are
 * created and removed together. Implementations are thread-safe and may block.
 */
public interface FriendStore {
  /**
   * Records a pending request from {@code fromUserId} to {@code toUserId}. If one is already
   * pending between them in that direction, its greeting and remark are replaced and it keeps its id.
   */
  FriendRequest addRequest(long fromUserId, long toUserId, String greeting, String remark);

  /** The pending request from {@code fromUserId} to {@code toUserId}, if any. */
  Optional<FriendRequest> findPendingRequest(long fromUserId, long toUserId);

  /** Pending requests addressed to {@code toUserId}, newest first. */
  List<FriendRequest> pendingRequestsTo(long toUserId);

  /**
   * Atomically accepts a pending request: marks it accepted and creates both sides of the
   * friendship (requester's side with the request's remark, the accepter's with
   * {@code accepterRemark}). Returns the accepter's side; empty when the request was not pending.
   * If the two users were already friends the request is still closed and the existing
   * friendship is kept.
   */
  Optional<Friendship> acceptRequest(long requestId, String accepterRemark);

  /** Marks a pending request declined; false when it was not pending. */
  boolean declineRequest(long requestId);

  /** How many requests from {@code fromUserId} (to anyone) are pending. */
  int countPendingRequestsFrom(long fromUserId);

  /**
   * When {@code toUserId} last declined a request from {@code fromUserId} (stamped by the store's
   * clock in {@link #declineRequest}); empty when it never did.
   */
  Optional<Instant> lastDeclinedAt(long fromUserId, long toUserId);

  /**
   * Atomically claims the push for pending request {@code requestId}: records {@code now} as the
   * time its target was told, unless it was told after {@code now - interval}. True when recorded
   * (the caller then pushes); false when the request is not pending or was told recently, so
   * concurrent renewals push at most once per interval.
   */
  boolean markNotified(long requestId, Instant now, Duration interval);

  /** {@code userId}'s side of the friendship with {@code friendId}, if they are friends. */
  Optional<Friendship> findFriendship(long userId, long friendId);

  /**
   * Whether the two are friends. A chat node may answer this from its own cache, stale by at most
   * its friendship-cache bound (see docs/architecture.md, "Per-node caches"); code that must read
   * the friendship exactly calls {@link #findFriendship}.
   */
  default boolean areFriends(long userId, long otherId) {
    return findFriendship(userId, otherId).isPresent();
  }

  /** {@code userId}'s sides of all its friendships, ordered by friend id. */
  List<Friendship> listFriends(long userId);

  /** Sets {@code userId}'s remark for {@code friendId}; false when they are not friends. */
  boolean setRemark(long userId, long friendId, String remark);

  /** Removes both sides of the friendship; false when they were not friends. */
  boolean removeFriendship(long userId, long friendId);
}
