package dev.parley.examples.hostapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.model.CodePurpose;
import dev.parley.examples.MailTrap;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServer;
import dev.parley.server.push.WebhookPushSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's {@code muteSession} against the all-in-one server with the webhook to the example's
 * host receiver: a muted session still gets the message and its user the (verified) push; after
 * unmuting, the next message brings no push.
 */
class MuteSessionSdkTest {
  private static final byte[] SECRET = "mute-session-test-secret-0123456789".getBytes(StandardCharsets.UTF_8);

  private final MailTrap mail = new MailTrap();
  private HostWebhookReceiver receiver;
  private WebhookPushSender webhook;
  private ParleyServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    if (webhook != null) {
      webhook.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aMutedSessionGetsTheMessageAndItsUserThePush() throws Exception {
    receiver = new HostWebhookReceiver(SECRET);
    webhook = WebhookPushSender.builder(receiver.url(), SECRET).build();
    server = ParleyServer.builder().gatePort(0).chatPort(0).mailSender(mail)
        .passwordHasher(Argon2PasswordHasher.forTesting()).offlinePush(webhook).pushPreview(PreviewMode.TEXT)
        .build().start();
    try (ParleyClient client = ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).build()) {
      List<String> received = new CopyOnWriteArrayList<>();
      ChatSession ann = signUp(client, "ann", new ChatListener() { });
      ChatSession bob = signUp(client, "bob", new ChatListener() {
        @Override
        public void onMessage(ChatMessage m) {
          received.add(m.text());
        }
      });
      ann.sendFriendRequest(bob.userId(), "hi", "Bob");
      bob.acceptFriendRequest(ann.userId(), "Ann");

      bob.muteSession(true);
      ann.sendMessage(bob.userId(), "while muted");
      await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("while muted"));
      String push = receiver.pushes().poll(10, TimeUnit.SECONDS);
      assertThat(push).isNotNull();
      JsonNode body = new ObjectMapper().readTree(push);
      assertThat(body.get("userId").asLong()).isEqualTo(bob.userId());
      assertThat(body.get("preview").asText()).isEqualTo("while muted");

      bob.muteSession(false);
      ann.sendMessage(bob.userId(), "unmuted");
      await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("unmuted"));
      await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> receiver.pushes().isEmpty());
      ann.close();
      bob.close();
    }
  }

  private ChatSession signUp(ParleyClient client, String name, ChatListener listener) {
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    client.register(email, name, "mute-test-42", mail.codeFor(email));
    return client.connect(email, "mute-test-42", listener);
  }
}
