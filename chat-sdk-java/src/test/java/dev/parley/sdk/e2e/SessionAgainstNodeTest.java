package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.e2e.NodeFixture.TestUser;
import dev.parley.sdk.testing.RecordingListener;
import dev.parley.server.ChatNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK session against one real chat node (no gate): requests, pushes, ordering, kicks. */
class SessionAgainstNodeTest {
  private final NodeFixture fixture = new NodeFixture();
  private final ParleyClient client = ParleyClient.builder().gateUrl(URI.create("http://127.0.0.1:1"))
      .reconnectPolicy(ReconnectPolicy.none()).requestTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    client.close();
    fixture.close();
  }

  @Test
  void friendsChatBothWaysAndEachSeesTheWholeMailboxInOrder() {
    ChatNode node = fixture.startNode("n1");
    TestUser ann = fixture.newUser("ann");
    TestUser bob = fixture.newUser("bob");
    fixture.befriend(ann, bob);
    RecordingListener annHears = new RecordingListener();
    RecordingListener bobHears = new RecordingListener();
    ChatSession a = client.openSession(NodeFixture.login(ann, node.port()), annHears);
    ChatSession b = client.openSession(NodeFixture.login(bob, node.port()), bobHears);
    assertThat(a.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(a.profile().name()).isEqualTo(ann.name());
    assertThat(a.friends()).extracting(f -> f.profile().name()).containsExactly(bob.name());

    SendResult first = a.sendMessage(bob.id(), "hello bob");
    b.sendMessage(ann.id(), "hi ann");
    a.sendMessage(bob.id(), "how are you?");

    assertThat(first.seq()).isEqualTo(1);
    bobHears.awaitMessages(3);
    annHears.awaitMessages(3);
    assertThat(bobHears.texts()).containsExactly("hello bob", "hi ann", "how are you?");
    assertThat(bobHears.seqs()).containsExactly(1L, 2L, 3L);
    assertThat(annHears.texts()).containsExactly("hello bob", "hi ann", "how are you?");
    assertThat(annHears.messages).extracting(m -> m.outgoing()).containsExactly(true, false, true);
    assertThat(annHears.threads).allMatch(t -> t.startsWith("parley-callback"));
    assertThat(a.localStore().messages(bob.id(), 10)).extracting(m -> m.text())
        .containsExactly("hello bob", "hi ann", "how are you?");
    await().atMost(RecordingListener.WAIT).until(() -> fixture.messages.ackedSeq(bob.id()) == 3);
  }

  @Test
  void anOfflineUserGetsEverythingOnceAndInOrderWhenItComesBack() throws Exception {
    ChatNode node = fixture.startNode("n1");
    TestUser ann = fixture.newUser("ann");
    TestUser bob = fixture.newUser("bob");
    fixture.befriend(ann, bob);
    ChatSession a = client.openSession(NodeFixture.login(ann, node.port()), new RecordingListener());
    List<CompletableFuture<SendResult>> sends = new ArrayList<>();
    for (int i = 1; i <= 120; i++) { // more than a sync page, and faster than the node's 50/s rate limit
      sends.add(a.sendMessageAsync(bob.id(), "m" + i));
    }
    sends.add(a.sendMessageAsync(bob.id(), "last"));
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    assertThat(sends).allSatisfy(f -> assertThat(f.join().duplicate()).isFalse());

    RecordingListener bobHears = new RecordingListener();
    ChatSession b = client.openSession(NodeFixture.login(bob, node.port()), bobHears);
    assertThat(b.caughtUp().get(10, TimeUnit.SECONDS)).isEqualTo(121);
    assertThat(bobHears.messages).hasSize(121);
    assertThat(bobHears.seqs()).isEqualTo(LongStream.rangeClosed(1, 121).boxed().toList());
    assertThat(bobHears.texts()).containsExactlyInAnyOrderElementsOf(
        sends.stream().map(f -> a.localStore().messagesAfter(f.join().seq() - 1, 1).get(0).text()).toList());
    assertThat(bobHears.texts()).contains("m1", "m120", "last");
  }

  @Test
  void aKickedSessionStopsAndSaysWhy() {
    ChatNode node = fixture.startNode("n1");
    TestUser ann = fixture.newUser("ann");
    RecordingListener first = new RecordingListener();
    ChatSession old = client.openSession(NodeFixture.login(ann, node.port()), first);
    ChatSession newer = client.openSession(NodeFixture.login(ann, node.port()), new RecordingListener());

    first.awaitState(ConnectionState.DISCONNECTED);
    assertThat(first.kicks).hasSize(1);
    assertThat(old.state()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(newer.state()).isEqualTo(ConnectionState.CONNECTED);
  }
}
