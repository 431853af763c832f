package dev.parley.storage.mysql.internal;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Validation;
import dev.parley.core.spi.FriendStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@link FriendStore} on {@code friend_requests} and {@code friendships}. At most one pending
 * request per direction is guaranteed by a unique key on {@code (from, to, is_pending)}; a
 * friendship is two rows written and deleted in one transaction. A request row also keeps when its
 * target was last pushed ({@code notified_at}) and when it was declined ({@code declined_at}), for
 * the spam limits. Thread-safe.
 */
public final class MysqlFriendStore implements FriendStore {
  private static final String SELECT_REQUEST = "SELECT " + FriendRows.REQUEST_COLUMNS + " FROM friend_requests ";
  private static final String SELECT_FRIENDSHIP = "SELECT " + FriendRows.FRIENDSHIP_COLUMNS + " FROM friendships ";

  private final Transactions tx;
  private final Clock clock;

  public MysqlFriendStore(Transactions tx, Clock clock) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public FriendRequest addRequest(long fromUserId, long toUserId, String greeting, String remark) {
    Instant now = SqlTime.now(clock);
    // Validates ids and lengths before any SQL runs; the id here is a placeholder.
    FriendRequest draft = new FriendRequest(1, fromUserId, toUserId, greeting, remark, FriendRequest.Status.PENDING, now);
    // The upsert hits the unique pending key when a request is pending in this direction, and then
    // only replaces greeting and remark, so the request keeps its id and creation time.
    return tx.inTransaction("add friend request", h -> {
      h.createUpdate("INSERT INTO friend_requests "
              + "(from_user_id, to_user_id, greeting, remark, status, is_pending, created_at) "
              + "VALUES (:from, :to, :greeting, :remark, 'PENDING', 1, :createdAt) "
              + "ON DUPLICATE KEY UPDATE greeting = :greeting, remark = :remark")
          .bind("from", fromUserId).bind("to", toUserId).bind("greeting", draft.greeting())
          .bind("remark", draft.remark()).bind("createdAt", SqlTime.toDb(now)).execute();
      return pending(h, fromUserId, toUserId).orElseThrow();
    });
  }

  @Override
  public Optional<FriendRequest> findPendingRequest(long fromUserId, long toUserId) {
    return tx.withHandle("find pending friend request", h -> pending(h, fromUserId, toUserId));
  }

  private static Optional<FriendRequest> pending(Handle h, long fromUserId, long toUserId) {
    return h.createQuery(SELECT_REQUEST + "WHERE from_user_id = :from AND to_user_id = :to AND is_pending = 1")
        .bind("from", fromUserId).bind("to", toUserId).map(FriendRows.REQUEST).findOne();
  }

  @Override
  public List<FriendRequest> pendingRequestsTo(long toUserId) {
    return tx.withHandle("list pending friend requests", h -> h.createQuery(SELECT_REQUEST
            + "WHERE to_user_id = :to AND is_pending = 1 ORDER BY created_at DESC, id DESC")
        .bind("to", toUserId).map(FriendRows.REQUEST).list());
  }

  @Override
  public Optional<Friendship> acceptRequest(long requestId, String accepterRemark) {
    String remark = Validation.optionalText("remark", accepterRemark, Friendship.MAX_REMARK);
    Instant now = SqlTime.now(clock);
    return tx.inTransaction("accept friend request", h -> {
      Optional<FriendRequest> request = h.createQuery(SELECT_REQUEST + "WHERE id = :id AND is_pending = 1 FOR UPDATE")
          .bind("id", requestId).map(FriendRows.REQUEST).findOne();
      if (request.isEmpty()) {
        return Optional.<Friendship>empty();
      }
      FriendRequest r = request.get();
      close(h, requestId, FriendRequest.Status.ACCEPTED);
      // Existing sides (already friends) are kept as they are.
      insertSide(h, r.fromUserId(), r.toUserId(), r.remark(), now);
      insertSide(h, r.toUserId(), r.fromUserId(), remark, now);
      return side(h, r.toUserId(), r.fromUserId());
    });
  }

  private int close(Handle h, long requestId, FriendRequest.Status status) {
    Instant declinedAt = status == FriendRequest.Status.DECLINED ? SqlTime.now(clock) : null;
    return h.createUpdate("UPDATE friend_requests SET status = :status, is_pending = NULL, declined_at = :declinedAt "
            + "WHERE id = :id AND is_pending = 1")
        .bind("status", status.name()).bind("id", requestId)
        .bind("declinedAt", declinedAt == null ? (String) null : SqlTime.toDb(declinedAt)).execute();
  }

  private static void insertSide(Handle h, long userId, long friendId, String remark, Instant since) {
    h.createUpdate("INSERT INTO friendships (user_id, friend_id, remark, since) "
            + "VALUES (:user, :friend, :remark, :since) ON DUPLICATE KEY UPDATE user_id = user_id")
        .bind("user", userId).bind("friend", friendId).bind("remark", remark)
        .bind("since", SqlTime.toDb(since)).execute();
  }

  private static Optional<Friendship> side(Handle h, long userId, long friendId) {
    return h.createQuery(SELECT_FRIENDSHIP + "WHERE user_id = :user AND friend_id = :friend")
        .bind("user", userId).bind("friend", friendId).map(FriendRows.FRIENDSHIP).findOne();
  }

  @Override
  public boolean declineRequest(long requestId) {
    return tx.inTransaction("decline friend request", h -> close(h, requestId, FriendRequest.Status.DECLINED) > 0);
  }

  @Override
  public int countPendingRequestsFrom(long fromUserId) {
    return tx.withHandle("count pending friend requests", h -> h.createQuery(
            "SELECT COUNT(*) FROM friend_requests WHERE from_user_id = :from AND is_pending = 1")
        .bind("from", fromUserId).mapTo(Integer.class).one());
  }

  @Override
  public Optional<Instant> lastDeclinedAt(long fromUserId, long toUserId) {
    return tx.withHandle("last declined friend request", h -> h.createQuery(
            "SELECT MAX(declined_at) FROM friend_requests WHERE from_user_id = :from AND to_user_id = :to")
        .bind("from", fromUserId).bind("to", toUserId)
        .mapTo(LocalDateTime.class).findOne().map(SqlTime::fromDb));
  }

  @Override
  public boolean markNotified(long requestId, Instant now, Duration interval) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    // One conditional UPDATE: of two renewals racing, only one finds the old time and changes it.
    return tx.inTransaction("mark friend request notified", h -> h.createUpdate("UPDATE friend_requests "
            + "SET notified_at = :at WHERE id = :id AND is_pending = 1 "
            + "AND (notified_at IS NULL OR notified_at <= :threshold)")
        .bind("at", SqlTime.toDb(at)).bind("id", requestId)
        .bind("threshold", SqlTime.toDb(at.minus(interval))).execute() > 0);
  }

  @Override
  public Optional<Friendship> findFriendship(long userId, long friendId) {
    return tx.withHandle("find friendship", h -> side(h, userId, friendId));
  }

  @Override
  public List<Friendship> listFriends(long userId) {
    return tx.withHandle("list friends", h -> h.createQuery(SELECT_FRIENDSHIP
            + "WHERE user_id = :user ORDER BY friend_id")
        .bind("user", userId).map(FriendRows.FRIENDSHIP).list());
  }

  @Override
  public boolean setRemark(long userId, long friendId, String remark) {
    String r = Validation.optionalText("remark", remark, Friendship.MAX_REMARK);
    return tx.inTransaction("set friend remark", h -> {
      // Locking read first: an UPDATE's row count says "changed", not "exists", on some drivers.
      boolean friends = h.createQuery("SELECT 1 FROM friendships WHERE user_id = :user AND friend_id = :friend FOR UPDATE")
          .bind("user", userId).bind("friend", friendId).mapTo(Integer.class).findOne().isPresent();
      if (friends) {
        h.createUpdate("UPDATE friendships SET remark = :remark WHERE user_id = :user AND friend_id = :friend")
            .bind("remark", r).bind("user", userId).bind("friend", friendId).execute();
      }
      return friends;
    });
  }

  @Override
  public boolean removeFriendship(long userId, long friendId) {
    return tx.inTransaction("remove friendship", h -> h.createUpdate("DELETE FROM friendships "
            + "WHERE (user_id = :a AND friend_id = :b) OR (user_id = :b AND friend_id = :a)")
        .bind("a", userId).bind("b", friendId).execute() > 0);
  }
}
