package dev.parley.core.memory;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.NonBlocking;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FriendStore} in concurrent maps. Thread-safe. Writes are serialised on this store so a
 * request's state and both sides of a friendship change together. Friendship look-ups, which sit on
 * the path of every sent message, are lock-free: both sides live in one immutable {@link Pair}
 * value, so a reader sees both sides or neither. {@link #areFriends}, the one look-up of every
 * sent message, reads a per-user sorted array of friend ids (replaced, never changed, under the
 * store's monitor) through a {@link StripedLongMap}: no key object, no boxing, no Optional.
 */
public final class InMemoryFriendStore implements FriendStore, NonBlocking {
  private final Map<Long, FriendRequest> requestsById = new ConcurrentHashMap<>();
  private final Map<Direction, Long> pendingIdByDirection = new ConcurrentHashMap<>();
  /** Pending request ids by target user: the login path lists them, so no full scan. */
  private final Map<Long, Set<Long>> pendingIdsByTarget = new ConcurrentHashMap<>();
  private final Map<Direction, Pair> friendships = new ConcurrentHashMap<>();
  /** Each user's friend ids, ascending; an array is never changed once published. */
  private final StripedLongMap<long[]> friendIdsByUser = new StripedLongMap<>();
  /** Pending request ids by requester, for the cap on outgoing requests. */
  private final Map<Long, Set<Long>> pendingIdsBySender = new ConcurrentHashMap<>();
  /** When each pending request's target was last told; dropped when the request closes. */
  private final Map<Long, Instant> notifiedAtById = new ConcurrentHashMap<>();
  private final Map<Direction, Instant> lastDeclinedAt = new ConcurrentHashMap<>();
  private final Clock clock;
  private long lastRequestId;

  /** A store that stamps requests and friendships with the system UTC clock. */
  public InMemoryFriendStore() {
    this(Clock.systemUTC());
  }

  /** A store that stamps requests and friendships with {@code clock}. */
  public InMemoryFriendStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized FriendRequest addRequest(long fromUserId, long toUserId, String greeting, String remark) {
    Direction direction = new Direction(fromUserId, toUserId);
    Long pendingId = pendingIdByDirection.get(direction);
    FriendRequest request;
    if (pendingId != null) {
      FriendRequest old = requestsById.get(pendingId);
      request = new FriendRequest(old.id(), fromUserId, toUserId, greeting, remark, FriendRequest.Status.PENDING,
          old.createdAt());
    } else {
      request = new FriendRequest(lastRequestId + 1, fromUserId, toUserId, greeting, remark,
          FriendRequest.Status.PENDING, clock.instant());
      lastRequestId++;
    }
    requestsById.put(request.id(), request);
    pendingIdByDirection.put(direction, request.id());
    pendingIdsByTarget.computeIfAbsent(toUserId, k -> ConcurrentHashMap.newKeySet()).add(request.id());
    pendingIdsBySender.computeIfAbsent(fromUserId, k -> ConcurrentHashMap.newKeySet()).add(request.id());
    return request;
  }

  @Override
  public Optional<FriendRequest> findPendingRequest(long fromUserId, long toUserId) {
    Long id = pendingIdByDirection.get(new Direction(fromUserId, toUserId));
    return Optional.ofNullable(id == null ? null : requestsById.get(id))
        .filter(r -> r.status() == FriendRequest.Status.PENDING);
  }

  @Override
  public List<FriendRequest> pendingRequestsTo(long toUserId) {
    Set<Long> ids = pendingIdsByTarget.getOrDefault(toUserId, Set.of());
    List<FriendRequest> pending = new ArrayList<>(ids.size());
    for (long id : ids) {
      FriendRequest r = requestsById.get(id);
      if (r != null && r.status() == FriendRequest.Status.PENDING) {
        pending.add(r);
      }
    }
    pending.sort(Comparator.comparing(FriendRequest::createdAt).thenComparingLong(FriendRequest::id).reversed());
    return pending;
  }

  @Override
  public synchronized Optional<Friendship> acceptRequest(long requestId, String accepterRemark) {
    FriendRequest request = closePending(requestId, FriendRequest.Status.ACCEPTED);
    if (request == null) {
      return Optional.empty();
    }
    long requester = request.fromUserId();
    long accepter = request.toUserId();
    Direction key = Direction.unordered(requester, accepter);
    Pair existing = friendships.get(key);
    if (existing != null) {
      return Optional.of(existing.sideOf(accepter));
    }
    Instant since = clock.instant();
    Pair pair = Pair.of(new Friendship(requester, accepter, request.remark(), since),
        new Friendship(accepter, requester, accepterRemark, since));
    friendships.put(key, pair);
    addIndex(requester, accepter);
    addIndex(accepter, requester);
    return Optional.of(pair.sideOf(accepter));
  }

  @Override
  public synchronized boolean declineRequest(long requestId) {
    FriendRequest request = closePending(requestId, FriendRequest.Status.DECLINED);
    if (request == null) {
      return false;
    }
    lastDeclinedAt.put(new Direction(request.fromUserId(), request.toUserId()), clock.instant());
    return true;
  }

  @Override
  public int countPendingRequestsFrom(long fromUserId) {
    return pendingIdsBySender.getOrDefault(fromUserId, Set.of()).size();
  }

  @Override
  public Optional<Instant> lastDeclinedAt(long fromUserId, long toUserId) {
    return Optional.ofNullable(lastDeclinedAt.get(new Direction(fromUserId, toUserId)));
  }

  @Override
  public synchronized boolean markNotified(long requestId, Instant now, Duration interval) {
    FriendRequest request = requestsById.get(requestId);
    if (request == null || request.status() != FriendRequest.Status.PENDING) {
      return false;
    }
    Instant last = notifiedAtById.get(requestId);
    if (last != null && last.isAfter(now.minus(interval))) {
      return false;
    }
    notifiedAtById.put(requestId, now);
    return true;
  }

  /** Moves a pending request to {@code status}; null when it was not pending. Caller holds the lock. */
  private FriendRequest closePending(long requestId, FriendRequest.Status status) {
    FriendRequest request = requestsById.get(requestId);
    if (request == null || request.status() != FriendRequest.Status.PENDING) {
      return null;
    }
    requestsById.put(requestId, request.withStatus(status));
    pendingIdByDirection.remove(new Direction(request.fromUserId(), request.toUserId()), requestId);
    removeId(pendingIdsByTarget, request.toUserId(), requestId);
    removeId(pendingIdsBySender, request.fromUserId(), requestId);
    notifiedAtById.remove(requestId);
    return request;
  }

  private static void removeId(Map<Long, Set<Long>> index, long userId, long requestId) {
    index.computeIfPresent(userId, (k, ids) -> {
      ids.remove(requestId);
      return ids.isEmpty() ? null : ids;
    });
  }

  @Override
  public Optional<Friendship> findFriendship(long userId, long friendId) {
    Pair pair = friendships.get(Direction.unordered(userId, friendId));
    return pair == null ? Optional.empty() : Optional.of(pair.sideOf(userId));
  }

  @Override
  public boolean areFriends(long userId, long otherId) {
    long[] ids = friendIdsByUser.get(userId);
    return ids != null && Arrays.binarySearch(ids, otherId) >= 0;
  }

  @Override
  public List<Friendship> listFriends(long userId) {
    long[] ids = friendIdsByUser.get(userId);
    if (ids == null) {
      return List.of();
    }
    List<Friendship> sides = new ArrayList<>(ids.length);
    for (long friendId : ids) { // ascending friend id
      findFriendship(userId, friendId).ifPresent(sides::add);
    }
    return sides;
  }

  @Override
  public synchronized boolean setRemark(long userId, long friendId, String remark) {
    Direction key = Direction.unordered(userId, friendId);
    Pair pair = friendships.get(key);
    if (pair == null) {
      return false;
    }
    Friendship side = pair.sideOf(userId);
    friendships.put(key, pair.with(new Friendship(userId, friendId, remark, side.since())));
    return true;
  }

  @Override
  public synchronized boolean removeFriendship(long userId, long friendId) {
    if (friendships.remove(Direction.unordered(userId, friendId)) == null) {
      return false;
    }
    removeIndex(userId, friendId);
    removeIndex(friendId, userId);
    return true;
  }

  /** Publishes a copy of {@code userId}'s friend ids with {@code friendId} added; under this store's monitor. */
  private void addIndex(long userId, long friendId) {
    long[] ids = friendIdsByUser.get(userId);
    long[] current = ids == null ? new long[0] : ids;
    int at = Arrays.binarySearch(current, friendId);
    if (at >= 0) {
      return;
    }
    int insert = -at - 1;
    long[] next = new long[current.length + 1];
    System.arraycopy(current, 0, next, 0, insert);
    next[insert] = friendId;
    System.arraycopy(current, insert, next, insert + 1, current.length - insert);
    friendIdsByUser.put(userId, next);
  }

  /** Publishes a copy of {@code userId}'s friend ids without {@code friendId}; under this store's monitor. */
  private void removeIndex(long userId, long friendId) {
    long[] ids = friendIdsByUser.get(userId);
    int at = ids == null ? -1 : Arrays.binarySearch(ids, friendId);
    if (at < 0) {
      return;
    }
    long[] next = new long[ids.length - 1];
    System.arraycopy(ids, 0, next, 0, at);
    System.arraycopy(ids, at + 1, next, at, ids.length - at - 1);
    friendIdsByUser.put(userId, next);
  }

  /** A (from, to) pair of user ids; {@link #unordered} keys a friendship by its smaller id first. */
  private record Direction(long from, long to) {
    static Direction unordered(long a, long b) {
      return a <= b ? new Direction(a, b) : new Direction(b, a);
    }

    /**
     * Mixes both ids. The record's default (31 * from + to) gives ids like (2i, 2i + 1) hashes
     * 64i + 1 whose low bits never change, so a hash map piles them into a few bins (profiled: 6 %
     * of a chat node's CPU in ConcurrentHashMap tree bins at 15,000 msg/s).
     */
    @Override
    public int hashCode() {
      long h = (from * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(to * 0xC2B2AE3D27D4EB4FL, 31);
      return (int) (h ^ (h >>> 32));
    }
  }

  /** Both sides of one friendship, {@code low} being the side of the smaller user id. Immutable. */
  private record Pair(Friendship low, Friendship high) {
    static Pair of(Friendship a, Friendship b) {
      return a.userId() < b.userId() ? new Pair(a, b) : new Pair(b, a);
    }

    Friendship sideOf(long userId) {
      return low.userId() == userId ? low : high;
    }

    Pair with(Friendship side) {
      return side.userId() == low.userId() ? new Pair(side, high) : new Pair(low, side);
    }
  }
}
