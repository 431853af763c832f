package dev.parley.examples.cluster;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records everything a session reports, for timed assertions. Thread-safe. */
final class RecordingListener implements ChatListener {
  /** One state change and its cause (null for a normal change). */
  record StateChange(ConnectionState state, Throwable cause) {}

  final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
  final List<FriendRequest> friendRequests = new CopyOnWriteArrayList<>();
  final List<Friend> friendsAdded = new CopyOnWriteArrayList<>();
  final List<String> kicks = new CopyOnWriteArrayList<>();
  final List<StateChange> states = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(ChatMessage message) {
    messages.add(message);
  }

  @Override
  public void onFriendRequest(FriendRequest request) {
    friendRequests.add(request);
  }

  @Override
  public void onFriendAdded(Friend friend) {
    friendsAdded.add(friend);
  }

  @Override
  public void onKicked(String reason) {
    kicks.add(reason);
  }

  @Override
  public void onStateChanged(ConnectionState state, Throwable cause) {
    states.add(new StateChange(state, cause));
  }

  /** How often the message with this server id reached the application. */
  long timesDelivered(long messageId) {
    return messages.stream().filter(m -> m.messageId() == messageId).count();
  }

  /** The cause the session ended with, or null while it has not ended (or ended normally). */
  Throwable endCause() {
    return states.stream().filter(s -> s.state() == ConnectionState.DISCONNECTED).map(StateChange::cause)
        .findFirst().orElse(null);
  }
}
