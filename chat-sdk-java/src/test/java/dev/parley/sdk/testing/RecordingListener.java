package dev.parley.sdk.e2e;

import static org.awaitility.Awaitility.await;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Records every callback, and the thread it ran on, for timed assertions. Thread-safe. */
final class RecordingListener implements ChatListener {
  static final Duration WAIT = Duration.ofSeconds(10);

  record StateChange(ConnectionState state, Throwable cause) {}

  final List<ChatMessage> messages = new CopyOnWriteArrayList<>();
  final List<FriendRequest> friendRequests = new CopyOnWriteArrayList<>();
  final List<Friend> friendsAdded = new CopyOnWriteArrayList<>();
  final List<String> kicks = new CopyOnWriteArrayList<>();
  final List<StateChange> states = new CopyOnWriteArrayList<>();
  final List<String> presence = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void onMessage(ChatMessage message) {
    threads.add(Thread.currentThread().getName());
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
  public void onPresence(long userId, boolean online) {
    presence.add(userId + (online ? " online" : " offline"));
  }

  @Override
  public void onKicked(String reason) {
    kicks.add(reason);
  }

  @Override
  public void onStateChanged(ConnectionState state, Throwable cause) {
    states.add(new StateChange(state, cause));
  }

  List<String> texts() {
    return messages.stream().map(ChatMessage::text).toList();
  }

  List<String> incomingTexts() {
    return messages.stream().filter(m -> !m.outgoing()).map(ChatMessage::text).toList();
  }

  List<Long> seqs() {
    return messages.stream().map(ChatMessage::seq).toList();
  }

  void awaitMessages(int count) {
    await().atMost(WAIT).until(() -> messages.size() >= count);
  }

  void awaitState(ConnectionState state) {
    awaitState(s -> s.state() == state);
  }

  void awaitState(Predicate<StateChange> wanted) {
    await().atMost(WAIT).until(() -> states.stream().anyMatch(wanted));
  }
}
