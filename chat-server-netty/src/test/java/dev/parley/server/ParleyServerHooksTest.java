package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.hooks.MessageInterceptor.Verdict;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The all-in-one server passes the hooks to its chat node: the interceptor checks sends (and moves
 * requests off the event loops), the listener hears them, and both show in the server's metrics.
 */
class ParleyServerHooksTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HostEventListenerTest.Recording heard = new HostEventListenerTest.Recording();
  private ParleyServer server;
  private TestChatClient anns;
  private TestChatClient bobs;

  @AfterEach
  void stop() {
    if (anns != null) {
      anns.close();
      bobs.close();
    }
    server.stop();
  }

  @Test
  void theServersHooksReachItsChatNode() {
    server = ParleyServer.builder().passwordHasher(Argon2PasswordHasher.forTesting())
        .messageInterceptor(d -> d.text().contains("spam") ? Verdict.reject("no spam") : Verdict.replace(d.text() + "!"))
        .interceptorTimeout(Duration.ofSeconds(1))
        .eventListener(heard).eventQueueCapacity(50)
        .build().start();
    assertThat(server.chatNode().requestsOnEventLoop()).isFalse();
    List<Long> ids = server.seedUsers(2, "hooks", "a password 42");
    server.seedFriendPairs(ids);
    anns = login(ids.get(0));
    bobs = login(ids.get(1));

    assertThat(anns.request(Requests.send(ids.get(1), "c-1", "spam")).getError().getCode())
        .isEqualTo(ErrorCode.REJECTED_BY_POLICY);
    assertThat(anns.request(Requests.send(ids.get(1), "c-2", "hi")).hasSendAck()).isTrue();
    assertThat(bobs.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText()).isEqualTo("hi!");
    await().atMost(WAIT).until(() -> heard.events().contains("message " + ids.get(0) + "->" + ids.get(1) + " hi!"));

    String scrape = server.meterRegistry().scrape();
    assertThat(scrape).contains("parley_interceptor_verdicts_total{node=\"chat-1\",outcome=\"reject\"} 1.0")
        .contains("parley_interceptor_failures_total{node=\"chat-1\",reason=\"timeout\"} 0.0")
        .contains("parley_host_events_dropped_total{node=\"chat-1\"} 0.0")
        .contains("parley_host_events_delivered_total").contains("parley_host_events_queued");
  }

  private TestChatClient login(long userId) {
    TestChatClient c = TestChatClient.connect("127.0.0.1", server.chatNode().port());
    assertThat(c.login(server.config().tokens().issue(userId).token()).hasLoginResponse()).isTrue();
    return c;
  }
}
