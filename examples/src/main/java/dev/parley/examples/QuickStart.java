package dev.parley.examples;

import dev.parley.core.ChatException;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import dev.parley.sdk.SendResult;
import java.net.URI;
import java.util.Scanner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The SDK quick start: build a client, register with the mailed code, log in, listen, befriend a
 * user and send them a message.
 *
 * <pre>
 * java dev.parley.examples.QuickStart http://127.0.0.1:8080 ada@example.com ada "correct horse 42" grace
 * </pre>
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: QuickStart GATE_URL EMAIL NAME PASSWORD FRIEND_NAME");
      System.exit(2);
    }
    Scanner console = new Scanner(System.in);
    run(URI.create(args[0]), args[1], args[2], args[3], args[4], () -> {
      System.out.print("code from the mail: ");
      return console.nextLine().trim();
    });
  }

  /** Registers {@code email}, logs in, asks {@code friendName} to be a friend and greets them once they accept. */
  public static SendResult run(URI gate, String email, String name, String password, String friendName,
      Supplier<String> mailedCode) throws Exception {
    // 1. one client per application: thread-safe, shares its threads among sessions
    try (ParleyClient client = ParleyClient.builder().gateUrl(gate).build()) {
      // 2. sign up: the gate mails a code, the user types it in
      client.requestVerificationCode(email, CodePurpose.REGISTER);
      client.register(email, name, password, mailedCode.get());

      // 3. log in and listen; callbacks run on the client's callback threads, in order
      CompletableFuture<Friend> accepted = new CompletableFuture<>();
      ChatSession session = client.connect(email, password, new ChatListener() {
        @Override
        public void onMessage(ChatMessage message) {
          if (!message.outgoing()) {
            System.out.println("user " + message.senderId() + ": " + message.text());
          }
        }

        @Override
        public void onFriendAdded(Friend friend) {
          accepted.complete(friend);
        }

        @Override
        public void onStateChanged(ConnectionState state, Throwable cause) {
          System.out.println("connection " + state + (cause == null ? "" : " (" + cause.getMessage() + ")"));
        }
      });

      // 4. befriend and send; a send survives reconnects and is stored exactly once
      Profile friend = session.findUser(friendName)
          .orElseThrow(() -> new IllegalArgumentException("no user named " + friendName));
      session.sendFriendRequest(friend.userId(), "Hi, it's " + name + "!", friendName);
      System.out.println("waiting for " + friendName + " to accept...");
      accepted.get(5, TimeUnit.MINUTES);
      try {
        SendResult sent = session.sendMessage(friend.userId(), "Hello from the Parley quick start!");
        System.out.println("stored as message " + sent.messageId());
        return sent;
      } catch (ChatException e) {
        System.err.println("send failed: " + e.code() + " " + e.detail());
        throw e;
      } finally {
        session.close();
      }
    }
  }
}
