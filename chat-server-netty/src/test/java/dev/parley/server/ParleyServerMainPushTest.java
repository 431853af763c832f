package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.User;
import dev.parley.server.push.WebhookReceiver;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import dev.parley.server.push.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's offline push options: a webhook URL with a secret file turns the webhook on (a
 * real receiver gets a push signed with the file's trimmed content), the preview mode is checked,
 * and half a configuration is refused with a message that says what is missing.
 */
class ParleyServerMainPushTest {
  @TempDir
  Path dir;

  @Test
  void theWebhookOptionsSignWithTheSecretFile() throws Exception {
    Path secretFile = dir.resolve("webhook.secret");
    Files.writeString(secretFile, "  launcher-secret-0123456789abcdef\n");
    try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
      ParleyServerBuilder b = ParleyServerMain.parse(new String[] {"--gate-port", "0", "--chat-port", "0",
          "--warm-up-ms", "0", "--push-webhook-url", receiver.url().toString(),
          "--push-webhook-secret-file", secretFile.toString(), "--push-preview", "text"});
      InMemoryUserStore users = new InMemoryUserStore();
      InMemoryFriendStore friends = new InMemoryFriendStore(Clock.systemUTC());
      InMemoryTokenStore tokens = new InMemoryTokenStore(Duration.ofHours(1), Clock.systemUTC());
      User ann = users.create(new NewUser("ann@example.com", "ann", "not-a-real-hash"));
      User bob = users.create(new NewUser("bob@example.com", "bob", "not-a-real-hash"));
      friends.acceptRequest(friends.addRequest(ann.id(), bob.id(), "hi", "").id(), "");
      ParleyServer server = b.userStore(users).friendStore(friends).tokenStore(tokens).build().start();
      try (TestChatClient a = TestChatClient.connect("127.0.0.1", server.chatAddress().getPort())) {
        assertThat(a.login(tokens.issue(ann.id()).token()).hasLoginResponse()).isTrue();
        assertThat(a.request(Requests.send(bob.id(), "m1", "see you")).hasSendAck()).isTrue();

        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 1);
        WebhookReceiver.Received r = receiver.received().get(0);
        byte[] trimmed = "launcher-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(trimmed, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
            r.header(WebhookSignature.SIGNATURE_HEADER), WebhookSignature.DEFAULT_TOLERANCE)).isTrue();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"preview\":\"see you\"");
      } finally {
        server.stop();
      }
    }
  }

  @Test
  void halfAWebhookConfigurationIsRefused() {
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--push-webhook-url", "http://127.0.0.1:1/h"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--push-webhook-secret-file");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--push-webhook-secret-file", "/nope"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --push-webhook-url");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--push-webhook-url", "http://127.0.0.1:1/h",
        "--push-webhook-secret-file", dir.resolve("missing").toString()}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--push-preview", "everything"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none, sender, text");
  }

  @Test
  void aShortSecretIsRefused() throws Exception {
    Path secretFile = dir.resolve("short.secret");
    Files.writeString(secretFile, "short\n");
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[] {"--push-webhook-url", "http://127.0.0.1:1/h",
        "--push-webhook-secret-file", secretFile.toString()}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
  }

  @Test
  void theOptionsFallBackToTheEnvironment() throws Exception {
    Path secretFile = dir.resolve("env.secret");
    Files.writeString(secretFile, "environment-secret-0123456789");
    ParleyServerMain.Launch launch = ParleyServerMain.parse(new String[0], Map.of(
        "PARLEY_PUSH_WEBHOOK_URL", "http://127.0.0.1:1/hook",
        "PARLEY_PUSH_WEBHOOK_SECRET_FILE", secretFile.toString(), "PARLEY_PUSH_PREVIEW", "none"));
    assertThat(launch).isNotNull();
    assertThatThrownBy(() -> ParleyServerMain.parse(new String[0], Map.of("PARLEY_PUSH_PREVIEW", "all")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
