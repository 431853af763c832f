package dev.parley.examples.cli;

import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints what happens on a session as it happens, one time-stamped line each. Messages this user
 * sent are not echoed (the shell already shows them as typed). Thread-safe: the SDK calls it one
 * event at a time, and each line is one {@code println}.
 */
final class ChatPrinter implements ChatListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private volatile Names names;
  private volatile boolean live;

  ChatPrinter(PrintStream out) {
    this.out = out;
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
    if (live && !message.outgoing()) {
      out.println(line(message, names));
    }
  }

  @Override
  public void onFriendRequest(FriendRequest request) {
    if (live) {
      out.println(now() + " friend request from " + line(request) + "   (/accept " + request.from().name() + ")");
    }
  }

  @Override
  public void onFriendAdded(Friend friend) {
    if (live) {
      names.refresh();
      out.println(now() + " " + friend.profile().name() + " is now your friend");
    }
  }

  @Override
  public void onKicked(String reason) {
    out.println(now() + " signed out: you logged in somewhere else (" + reason + ")");
  }

  @Override
  public void onStateChanged(ConnectionState state, Throwable cause) {
    if (live && state != ConnectionState.CONNECTED) {
      out.println(now() + " connection " + state.name().toLowerCase() + (cause == null ? "" : ": " + cause.getMessage()));
    } else if (live) {
      out.println(now() + " connected");
    }
  }

  private static String now() {
    return "[" + TIME.format(Instant.now()) + "]";
  }
}
