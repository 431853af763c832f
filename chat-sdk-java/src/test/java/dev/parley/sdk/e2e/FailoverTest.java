package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ErrorCode;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ChatNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two chat nodes behind one gate: a client whose node dies carries on on the other, losing nothing. */
class FailoverTest {
  private final ParleyStack stack = new ParleyStack();
  private final ParleyClient client = ParleyClient.builder().gateUrl(stack.gateUrl())
      .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 0.2))
      .heartbeatInterval(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    client.close();
    stack.close();
  }

  private String register(String prefix) {
    return stack.register(client, prefix);
  }

  @Test
  void aClientWhoseNodeStopsReconnectsToTheOtherAndNoMessageIsLostOrDoubled() throws Exception {
    ChatNode first = stack.startNode("n1");
    String annEmail = register("ann");
    String bobEmail = register("bob");
    // both log in while only n1 runs, so both sit on n1
    LoginResult annLogin = client.login(annEmail, "correct horse 42");
    LoginResult bobLogin = client.login(bobEmail, "correct horse 42");
    assertThat(annLogin.chat().port()).isEqualTo(first.port());
    ChatNode second = stack.startNode("n2");
    RecordingListener annHears = new RecordingListener();
    RecordingListener bobHears = new RecordingListener();
    ChatSession ann = client.openSession(annLogin, annHears);
    ChatSession bob = client.openSession(bobLogin, bobHears);
    long friendRequester = bob.userId();
    bob.sendFriendRequest(ann.userId(), "hi", "Ann");
    await().atMost(RecordingListener.WAIT).until(() -> annHears.friendRequests.size() == 1);
    ann.acceptFriendRequest(friendRequester, "Bob");
    bob.sendMessage(ann.userId(), "before");

    List<CompletableFuture<SendResult>> during = new ArrayList<>();
    first.stop();
    IntStream.rangeClosed(1, 20).forEach(i -> during.add(bob.sendMessageAsync(ann.userId(), "during " + i)));

    annHears.awaitState(s -> s.state() == ConnectionState.RECONNECTING);
    bobHears.awaitState(s -> s.state() == ConnectionState.RECONNECTING);
    CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
    bob.sendMessage(ann.userId(), "after");
    annHears.awaitMessages(22);

    assertThat(ann.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(bob.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(second.connectionCount()).isEqualTo(2);
    List<String> expected = new ArrayList<>();
    expected.add("before");
    IntStream.rangeClosed(1, 20).forEach(i -> expected.add("during " + i));
    expected.add("after");
    assertThat(annHears.incomingTexts()).containsExactlyElementsOf(expected);
    assertThat(annHears.seqs()).isEqualTo(IntStream.rangeClosed(1, 22).mapToObj(i -> (long) i).toList());
    assertThat(stack.messages.readMailbox(ann.userId(), 0, 100)).hasSize(22);
    assertThat(bobHears.texts()).containsExactlyElementsOf(expected);
  }

  @Test
  void sendsWaitInABoundedQueueWhileNoNodeIsUp() throws Exception {
    ChatNode only = stack.startNode("n1");
    try (ParleyClient small = ParleyClient.builder().gateUrl(stack.gateUrl()).sendQueueCapacity(3)
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(200), 0.2)).build()) {
      LoginResult ann = small.login(register("ann"), ParleyStack.PASSWORD);
      LoginResult bob = small.login(register("bob"), ParleyStack.PASSWORD);
      stack.befriend(ann.userId(), bob.userId());
      RecordingListener annHears = new RecordingListener();
      ChatSession annSession = small.openSession(ann, annHears);

      only.stop();
      annHears.awaitState(ConnectionState.RECONNECTING);
      List<CompletableFuture<SendResult>> queued = new ArrayList<>();
      IntStream.rangeClosed(1, 3).forEach(i -> queued.add(annSession.sendMessageAsync(bob.userId(), "queued " + i)));
      CompletableFuture<SendResult> overflow = annSession.sendMessageAsync(bob.userId(), "one too many");

      assertThat(overflow).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause().isInstanceOfSatisfying(dev.parley.core.ChatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("send queue is full");
          });
      assertThat(queued).noneMatch(CompletableFuture::isDone);

      stack.startNode("n2");
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
      RecordingListener bobHears = new RecordingListener();
      ChatSession bobSession = small.openSession(small.login(stack.users.findById(bob.userId()).orElseThrow().email(),
          ParleyStack.PASSWORD), bobHears);
      bobSession.caughtUp().get(10, TimeUnit.SECONDS);
      assertThat(bobHears.texts()).containsExactly("queued 1", "queued 2", "queued 3");
    }
  }

  @Test
  void aRevokedTokenEndsTheSessionInsteadOfRetryingForever() {
    ChatNode node = stack.startNode("n1");
    String email = register("cat");
    LoginResult login = client.login(email, "correct horse 42");
    RecordingListener hears = new RecordingListener();
    ChatSession session = client.openSession(login, hears);
    stack.tokens.revoke(login.token());

    node.stop();
    stack.startNode("n2");

    hears.awaitState(ConnectionState.DISCONNECTED);
    RecordingListener.StateChange last = hears.states.get(hears.states.size() - 1);
    assertThat(last.cause()).isInstanceOfSatisfying(dev.parley.core.ChatException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    assertThat(session.state()).isEqualTo(ConnectionState.DISCONNECTED);
  }
}
