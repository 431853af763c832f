package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.store.LocalStoreFactory;
import dev.parley.sdk.store.MvStoreLocalStore;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ChatNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once and in-order across lost acks, restarts and kicks, against a real gate and node. */
class DeliveryGuaranteesTest {
  private final ParleyStack stack = new ParleyStack();
  private final ChatNode node = stack.startNode("n1");

  @TempDir
  Path dataDir;

  @AfterEach
  void stop() {
    stack.close();
  }

  private ParleyClient.Builder clientBuilder() {
    return ParleyClient.builder().gateUrl(stack.gateUrl()).requestTimeout(Duration.ofSeconds(5))
        .reconnectPolicy(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(500), 0.2));
  }

  @Test
  void aSendWhoseAckWasLostIsRetriedAfterReconnectAndStoredOnce() throws Exception {
    try (ParleyClient client = clientBuilder().build(); FrameProxy proxy = new FrameProxy("127.0.0.1", node.port())) {
      LoginResult ann = client.login(stack.register(client, "ann"), ParleyStack.PASSWORD);
      LoginResult bob = client.login(stack.register(client, "bob"), ParleyStack.PASSWORD);
      stack.befriend(ann.userId(), bob.userId());
      RecordingListener bobHears = new RecordingListener();
      RecordingListener annHears = new RecordingListener();
      client.openSession(bob, bobHears);
      ChatSession annSession = client.openSession(ParleyStack.via(ann, proxy.port()), annHears);

      proxy.loseNextSendAck();
      SendResult result = annSession.sendMessage(bob.userId(), "only once, please");

      assertThat(result.duplicate()).as("the re-send was answered with the original ack").isTrue();
      assertThat(annHears.states).extracting(RecordingListener.StateChange::state).contains(ConnectionState.RECONNECTING);
      List<Frame> sends = proxy.fromClients.stream().filter(Frame::hasSendMessage).toList();
      assertThat(sends).hasSize(1); // the retry went straight to the node, past the proxy
      assertThat(sends.get(0).getSendMessage().getClientMsgId()).isEqualTo(result.clientMsgId());
      assertThat(stack.messages.readMailbox(bob.userId(), 0, 100)).hasSize(1);
      bobHears.awaitMessages(1);
      annHears.awaitMessages(1);
      assertThat(annHears.messages).singleElement().satisfies(m -> {
        assertThat(m.outgoing()).isTrue();
        assertThat(m.seq()).isEqualTo(result.seq());
      });
      assertThat(bobHears.texts()).containsExactly("only once, please");
    }
  }

  @Test
  void aPushThatSkipsAheadMakesTheClientSyncTheGapAndKeepOrder() throws Exception {
    try (ParleyClient client = clientBuilder().build(); FrameProxy proxy = new FrameProxy("127.0.0.1", node.port())) {
      LoginResult ann = client.login(stack.register(client, "ann"), ParleyStack.PASSWORD);
      LoginResult bob = client.login(stack.register(client, "bob"), ParleyStack.PASSWORD);
      stack.befriend(ann.userId(), bob.userId());
      ChatSession annSession = client.openSession(ann, new RecordingListener());
      RecordingListener bobHears = new RecordingListener();
      client.openSession(ParleyStack.via(bob, proxy.port()), bobHears);
      annSession.sendMessage(bob.userId(), "one");
      bobHears.awaitMessages(1);
      int syncsBefore = proxy.syncRequests().size();

      proxy.dropNextMessageEvent();
      annSession.sendMessage(bob.userId(), "two (its push is lost)");
      annSession.sendMessage(bob.userId(), "three");

      bobHears.awaitMessages(3);
      assertThat(bobHears.texts()).containsExactly("one", "two (its push is lost)", "three");
      assertThat(bobHears.seqs()).containsExactly(1L, 2L, 3L);
      assertThat(proxy.syncRequests().subList(syncsBefore, proxy.syncRequests().size()))
          .first().satisfies(f -> assertThat(f.getSync().getAfterSeq()).isEqualTo(1));
    }
  }

  @Test
  void aNodeThatStopsAnsweringTimesRequestsOutAndIsLeftForALiveConnection() throws Exception {
    try (ParleyClient client = clientBuilder().heartbeatInterval(Duration.ofMillis(200))
        .requestTimeout(Duration.ofMillis(500)).build();
        FrameProxy proxy = new FrameProxy("127.0.0.1", node.port())) {
      LoginResult ann = client.login(stack.register(client, "ann"), ParleyStack.PASSWORD);
      RecordingListener annHears = new RecordingListener();
      ChatSession session = client.openSession(ParleyStack.via(ann, proxy.port()), annHears);

      proxy.stall();
      java.util.concurrent.ExecutionException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
          java.util.concurrent.ExecutionException.class, () -> session.friendsAsync().get());
      assertThat(failure.getCause()).isInstanceOfSatisfying(dev.parley.core.ChatException.class, e -> {
        assertThat(e.code()).isEqualTo(dev.parley.core.ErrorCode.UNAVAILABLE);
        assertThat(e.getMessage()).containsPattern("request \\d+ \\(list_friends\\) timed out after 500 ms");
      });
      // silence for three heartbeat intervals marks the connection dead; the gate routes to the node itself
      annHears.awaitState(ConnectionState.RECONNECTING);
      await().atMost(RecordingListener.WAIT).until(() -> session.state() == ConnectionState.CONNECTED);
      assertThat(session.friends()).isEmpty();
    }
  }

  @Test
  void aRestartedClientHasItsHistoryAndSyncsOnlyWhatIsNew() throws Exception {
    LoginResult ann;
    LoginResult bob;
    ChatSession bobSession;
    ParleyClient bobClient = clientBuilder().build();
    try (ParleyClient first = clientBuilder().localStoreFactory(LocalStoreFactory.mvStore(dataDir)).build()) {
      ann = first.login(stack.register(first, "ann"), ParleyStack.PASSWORD);
      bob = bobClient.login(stack.register(bobClient, "bob"), ParleyStack.PASSWORD);
      stack.befriend(ann.userId(), bob.userId());
      bobSession = bobClient.openSession(bob, new RecordingListener());
      RecordingListener annHears = new RecordingListener();
      ChatSession annSession = first.openSession(ann, annHears);
      bobSession.sendMessage(ann.userId(), "one");
      annSession.sendMessage(bob.userId(), "two");
      bobSession.sendMessage(ann.userId(), "three");
      annHears.awaitMessages(3);
    }
    bobSession.sendMessage(ann.userId(), "four (while ann is away)");
    bobSession.sendMessage(ann.userId(), "five (while ann is away)");

    // one file per user and device; the device id is kept in the same directory
    Path file = dataDir.resolve("user-" + ann.userId() + "-" + LocalStoreFactory.mvStore(dataDir).deviceId() + ".mv.db");
    try (MvStoreLocalStore offline = MvStoreLocalStore.open(file)) {
      assertThat(offline.messages(bob.userId(), 10)).extracting(ChatMessage::text).containsExactly("one", "two", "three");
      assertThat(offline.highestContiguousSeq()).isEqualTo(3);
    }

    try (ParleyClient restarted = clientBuilder().localStoreFactory(LocalStoreFactory.mvStore(dataDir)).build();
        FrameProxy proxy = new FrameProxy("127.0.0.1", node.port())) {
      RecordingListener annHears = new RecordingListener();
      LoginResult again = restarted.login(emailOf(ann), ParleyStack.PASSWORD);
      ChatSession annSession = restarted.openSession(ParleyStack.via(again, proxy.port()), annHears);
      assertThat(annSession.caughtUp().get()).isEqualTo(5);

      assertThat(proxy.syncRequests()).first().satisfies(f -> assertThat(f.getSync().getAfterSeq()).isEqualTo(3));
      assertThat(annHears.texts()).containsExactly("four (while ann is away)", "five (while ann is away)");
      assertThat(annHears.seqs()).containsExactly(4L, 5L);
      assertThat(annSession.localStore().messages(bob.userId(), 10)).hasSize(5);
    } finally {
      bobClient.close();
    }
  }

  private String emailOf(LoginResult login) {
    return stack.users.findById(login.userId()).orElseThrow().email();
  }

  @Test
  void aKickedSessionStaysDown() {
    try (ParleyClient client = clientBuilder().build()) {
      String email = stack.register(client, "dan");
      RecordingListener firstHears = new RecordingListener();
      ChatSession first = client.connect(email, ParleyStack.PASSWORD, firstHears);
      ChatSession second = client.connect(email, ParleyStack.PASSWORD, new RecordingListener());

      firstHears.awaitState(ConnectionState.DISCONNECTED);
      assertThat(firstHears.kicks).hasSize(1);
      assertThat(firstHears.states).extracting(RecordingListener.StateChange::state)
          .doesNotContain(ConnectionState.RECONNECTING);
      await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() ->
          first.state() == ConnectionState.DISCONNECTED && second.state() == ConnectionState.CONNECTED
              && node.connectionCount() == 1);
      assertThat(client.sessions()).containsExactly(second);
    }
  }
}
