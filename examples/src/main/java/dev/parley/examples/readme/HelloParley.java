package dev.parley.examples.readme;

import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.Profile;
import dev.parley.sdk.SendResult;
import java.net.URI;
import java.util.Scanner;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Two new users sign up, become friends and exchange a message. Each run makes users of its own
 * (names and emails end in a random suffix), so it runs any number of times against one server.
 */
public final class HelloParley {
  private static final String PASSWORD = "correct horse 42";

  private HelloParley() {}

  public static void main(String[] args) throws Exception {
    URI gate = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080");
    Scanner console = new Scanner(System.in);
    String received = run(gate, email -> {                 // bin/parley-server prints each mail
      System.out.print("code in the mail to " + email + ": ");
      return console.nextLine().trim();
    });
    System.out.println("grace received: " + received);
  }

  /** Runs the conversation; {@code codeFor} returns the code mailed to an address. */
  public static String run(URI gate, UnaryOperator<String> codeFor) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    try (ParleyClient client = ParleyClient.builder().gateUrl(gate).build()) { // one per application
      CompletableFuture<String> received = new CompletableFuture<>();
      ChatSession ada = signUpAndConnect(client, "ada-" + suffix, codeFor, new ChatListener() { });
      ChatSession grace = signUpAndConnect(client, "grace-" + suffix, codeFor, new ChatListener() {
        @Override
        public void onMessage(ChatMessage m) {               // every mailbox entry, once, in order
          if (!m.outgoing()) {
            received.complete(m.text());
          }
        }
      });

      Profile graceProfile = ada.findUser("grace-" + suffix).orElseThrow();
      ada.sendFriendRequest(graceProfile.userId(), "Hi, it's Ada", "Grace");
      grace.acceptFriendRequest(ada.userId(), "Ada");
      SendResult sent = ada.sendMessage(graceProfile.userId(), "Hello, Grace!"); // throws ChatException
      System.out.println("stored as message " + sent.messageId() + ", seq " + sent.seq());
      String text = received.get(30, TimeUnit.SECONDS);
      ada.close();
      grace.close();
      return text;
    }
  }

  private static ChatSession signUpAndConnect(ParleyClient client, String name, UnaryOperator<String> codeFor,
      ChatListener listener) {
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    client.register(email, name, PASSWORD, codeFor.apply(email));
    return client.connect(email, PASSWORD, listener);       // logs in, syncs, pings, reconnects
  }
}
