package dev.parley.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's hooks example on free ports, through the SDK: the filter rewrites and rejects. */
class HostHooksTest {
  @Test
  void theWordFilterRewritesAndRejects() {
    ParleyServer server = HostHooks.start(0, 0);
    try (ParleyClient client = ParleyClient.builder().gateUrl(URI.create(server.gateUrl())).build()) {
      List<Long> ids = server.seedUsers(2, "hooks", "hooks-password-42");
      server.seedFriendPairs(ids);
      List<String> received = new CopyOnWriteArrayList<>();
      ChatSession ann = client.connect("hooks1@seed.invalid", "hooks-password-42", new ChatListener() { });
      ChatSession ben = client.connect("hooks2@seed.invalid", "hooks-password-42", new ChatListener() {
        @Override
        public void onMessage(ChatMessage m) {
          received.add(m.text());
        }
      });
      ann.sendMessage(ben.userId(), "oh darn");
      await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("oh ****"));
      Throwable refused = catchThrowable(() -> ann.sendMessage(ben.userId(), "see http://example.com"));
      assertThat(refused).isInstanceOf(ChatException.class);
      assertThat(((ChatException) refused).code()).isEqualTo(ErrorCode.REJECTED_BY_POLICY);
      assertThat(((ChatException) refused).detail()).isEqualTo("links must use https");
      ann.close();
      ben.close();
    } finally {
      server.stop();
    }
  }
}
