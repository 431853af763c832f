package dev.parley.core.service;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import java.util.ArrayList;
import java.util.List;

/** A {@link ChatEvents} that records every event in order. Thread-safe. */
final class RecordingChatEvents implements ChatEvents {
  /** {@code userId} and {@code friendId} as passed to {@link #friendRemoved}. */
  record Removal(long userId, long friendId) {}

  private final List<AppendResult> stored = new ArrayList<>();
  private final List<FriendRequest> requests = new ArrayList<>();
  private final List<Friendship> added = new ArrayList<>();
  private final List<Removal> removed = new ArrayList<>();

  @Override
  public synchronized void messageStored(AppendResult result) {
    stored.add(result);
  }

  @Override
  public synchronized void friendRequestReceived(FriendRequest request) {
    requests.add(request);
  }

  @Override
  public synchronized void friendAdded(Friendship side) {
    added.add(side);
  }

  @Override
  public synchronized void friendRemoved(long userId, long friendId) {
    removed.add(new Removal(userId, friendId));
  }

  synchronized List<AppendResult> stored() {
    return List.copyOf(stored);
  }

  synchronized List<FriendRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<Friendship> added() {
    return List.copyOf(added);
  }

  synchronized List<Removal> removed() {
    return List.copyOf(removed);
  }

  synchronized void clear() {
    stored.clear();
    requests.clear();
    added.clear();
    removed.clear();
  }
}
