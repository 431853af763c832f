package dev.parley.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.SendResult;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Smoke test: the quick start runs against the all-in-one server and its message arrives. */
class QuickStartTest {
  private final MailTrap mail = new MailTrap();
  private final ParleyServer server = ParleyServer.builder().mailSender(mail)
      .passwordHasher(Argon2PasswordHasher.forTesting()).build().start();

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void registersBefriendsAndGreets() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    URI gate = URI.create(server.gateUrl());
    try (ParleyClient grace = ParleyClient.builder().gateUrl(gate).build()) {
      String graceEmail = "grace" + suffix + "@example.com";
      grace.requestVerificationCode(graceEmail, CodePurpose.REGISTER);
      grace.register(graceEmail, "grace" + suffix, "correct horse 42", mail.codeFor(graceEmail));
      List<String> received = new CopyOnWriteArrayList<>();
      AtomicReference<ChatSession> session = new AtomicReference<>();
      session.set(grace.connect(graceEmail, "correct horse 42", new ChatListener() {
        @Override
        public void onFriendRequest(FriendRequest request) {
          session.get().answerFriendRequestAsync(request.from().userId(), true, "Ada");
        }

        @Override
        public void onMessage(ChatMessage message) {
          received.add(message.text());
        }
      }));

      String adaEmail = "ada" + suffix + "@example.com";
      SendResult sent = QuickStart.run(gate, adaEmail, "ada" + suffix, "correct horse 42", "grace" + suffix,
          () -> mail.codeFor(adaEmail));

      assertThat(sent.duplicate()).isFalse();
      await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("Hello from the Parley quick start!"));
    }
  }
}
