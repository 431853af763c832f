package dev.parley.server.internal.cache;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.spi.FriendStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A friend store that passes every call to another: the base of decorators that change a few
 * calls ({@link CachingFriendStore}) and of tests' counting or pausing stores. Not
 * {@code NonBlocking}, whatever the delegate is. Thread-safe as its delegate is.
 */
public class ForwardingFriendStore implements FriendStore {
  /** The store every call goes to. */
  protected final FriendStore store;

  public ForwardingFriendStore(FriendStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public FriendRequest addRequest(long fromUserId, long toUserId, String greeting, String remark) {
    return store.addRequest(fromUserId, toUserId, greeting, remark);
  }

  @Override
  public Optional<FriendRequest> findPendingRequest(long fromUserId, long toUserId) {
    return store.findPendingRequest(fromUserId, toUserId);
  }

  @Override
  public List<FriendRequest> pendingRequestsTo(long toUserId) {
    return store.pendingRequestsTo(toUserId);
  }

  @Override
  public Optional<Friendship> acceptRequest(long requestId, String accepterRemark) {
    return store.acceptRequest(requestId, accepterRemark);
  }

  @Override
  public boolean declineRequest(long requestId) {
    return store.declineRequest(requestId);
  }

  @Override
  public int countPendingRequestsFrom(long fromUserId) {
    return store.countPendingRequestsFrom(fromUserId);
  }

  @Override
  public Optional<Instant> lastDeclinedAt(long fromUserId, long toUserId) {
    return store.lastDeclinedAt(fromUserId, toUserId);
  }

  @Override
  public boolean markNotified(long requestId, Instant now, Duration interval) {
    return store.markNotified(requestId, now, interval);
  }

  @Override
  public Optional<Friendship> findFriendship(long userId, long friendId) {
    return store.findFriendship(userId, friendId);
  }

  @Override
  public boolean areFriends(long userId, long otherId) {
    return store.areFriends(userId, otherId);
  }

  @Override
  public List<Friendship> listFriends(long userId) {
    return store.listFriends(userId);
  }

  @Override
  public boolean setRemark(long userId, long friendId, String remark) {
    return store.setRemark(userId, friendId, remark);
  }

  @Override
  public boolean removeFriendship(long userId, long friendId) {
    return store.removeFriendship(userId, friendId);
  }
}
