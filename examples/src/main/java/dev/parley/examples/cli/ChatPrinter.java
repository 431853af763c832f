package dev.parley.examples.cli;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Prints what happens on a session as it happens, one time-stamped line each, through a line
 * printer (the shell's terminal prints above the line being typed). Messages this user sent are
 * not echoed (the shell already shows them as typed). Thread-safe: the SDK calls it one event at a
 * time, and each line is one call of the printer.
 */
final class ChatPrinter implements ChatListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Consumer<String> out;
  private volatile Names names;
  private volatile boolean live;
  /** Incoming messages per sender delivered before {@link #start}: what arrived while away. */
  private final Map<Long, Integer> arrivedWhileAway = new ConcurrentHashMap<>();

  /** Prints each line with {@code out}, which must be thread-safe. */
  ChatPrinter(Consumer<String> out) {
    this.out = out;
  }

  /**
   * The incoming messages per sender that the login's catch-up delivered (everything this client
   * had not seen yet), and forgets them.
   */
  Map<Long, Integer> takeArrivedWhileAway() {
    Map<Long, Integer> arrived = Map.copyOf(arrivedWhileAway);
    arrivedWhileAway.clear();
    return arrived;
  }

  /** Stops printing (the session is being closed by the user). */
  void stop() {
    this.live = false;
  }

  /** Starts printing, using {@code namesToUse} for senders (events before this are silent). */
  void start(Names namesToUse) {
    this.names = namesToUse;
    this.live = true;
  }

  static String line(ChatMessage m, Names names) {
    String who = m.outgoing() ? "me -> " + names.of(m.recipientId()) : names.of(m.senderId());
    return "[" + TIME.format(m.sentAt()) + "] " + who + ": " + m.text();
  }

  /** A friend as the friend lists print it: name, the remark in brackets, "online" when online. */
  static String line(Friend f) {
    return f.profile().name() + (f.remark().isEmpty() ? "" : " (" + f.remark() + ")") + (f.online() ? "  online" : "");
  }

  /** A friend request as the lists and the live notice print it: requester and greeting. */
  static String line(FriendRequest r) {
    return r.from().name() + (r.greeting().isEmpty() ? "" : ": " + r.greeting());
  }

  @Override
  public void onMessage(ChatMessage message) {
    if (message.outgoing()) {
      return;
    }
    if (live) {
      out.accept(line(message, names));
    } else {
      arrivedWhileAway.merge(message.senderId(), 1, Integer::sum);
    }
  }

  @Override
  public void onFriendRequest(FriendRequest request) {
    if (live) {
      out.accept(now() + " friend request from " + line(request) + "   (/accept " + request.from().name() + ")");
    }
  }

  @Override
  public void onFriendAdded(Friend friend) {
    if (live) {
      names.refresh();
      out.accept(now() + " " + friend.profile().name() + " is now your friend");
    }
  }

  @Override
  public void onPresence(long userId, boolean online) {
    if (live) {
      out.accept(now() + " " + names.of(userId) + " is " + (online ? "online" : "offline"));
    }
  }

  @Override
  public void onLocalStoreReset(String reason) {
    out.accept(now() + " the server's history is not the one kept here; starting afresh (" + reason + ")");
  }

  @Override
  public void onKicked(String reason) {
    out.accept(now() + " signed out: you logged in somewhere else (" + reason + ")");
  }

  @Override
  public void onStateChanged(ConnectionState state, Throwable cause) {
    if (live && state != ConnectionState.CONNECTED) {
      out.accept(now() + " connection " + state.name().toLowerCase() + (cause == null ? "" : ": " + cause.getMessage()));
    } else if (live) {
      out.accept(now() + " connected");
    }
  }

  private static String now() {
    return "[" + TIME.format(Instant.now()) + "]";
  }
}
