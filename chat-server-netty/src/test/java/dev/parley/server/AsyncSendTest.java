package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SendMessage over real sockets on a node whose message store completes appends later on its own
 * writer thread (as MySQL's group commit does): a send waiting for its append holds no
 * blocking-work thread, yet each session's sends are still stored and acked in the order sent.
 */
class AsyncSendTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private final AsyncAppendStore store = new AsyncAppendStore(cluster.messages);

  @AfterEach
  void stop() {
    store.close();
    cluster.close();
  }

  private ChatNode startNode(int blockingThreads) {
    return cluster.startNode("n1", ChatLimits.defaults().withMessagesPerSecond(1000),
        b -> b.messageStore(store).blockingWork(blockingThreads, 64));
  }

  @Test
  void moreSendsWaitForTheirAppendsAtOnceThanTheNodeHasBlockingThreads() {
    ChatNode node = startNode(2);
    TestUser bob = cluster.newUser("bob");
    List<TestChatClient> senders = new ArrayList<>();
    List<Long> requests = new ArrayList<>();
    store.hold();
    for (int i = 0; i < 8; i++) {
      TestUser sender = cluster.newUser("sender" + i);
      cluster.befriend(sender, bob);
      TestChatClient c = cluster.login(node, sender);
      senders.add(c);
      requests.add(c.send(Requests.send(bob.id(), "m" + i, "hello " + i)));
    }

    // with a thread held per waiting send, only 2 appends could ever be unfinished together
    await().atMost(WAIT).until(() -> store.unfinished() == 8);
    TestChatClient b = cluster.login(node, bob); // a login and a sync still find a thread
    assertThat(b.request(Requests.sync(0, 10)).getSyncResponse().getEntriesList()).isEmpty();
    store.release();

    for (int i = 0; i < 8; i++) {
      Frame ack = senders.get(i).awaitResponse(requests.get(i), WAIT);
      assertThat(ack.hasSendAck()).as("answer %s", ack).isTrue();
      assertThat(ack.getSendAck().getClientMsgId()).isEqualTo("m" + i);
    }
    assertThat(store.mostUnfinished()).isEqualTo(8);
    assertThat(cluster.messages.lastSeq(bob.id())).isEqualTo(8);
    assertThat(cluster.meters.get("parley.request.latency").tags("node", "n1", "type", "send_message").timer().count())
        .isEqualTo(8);
    assertThat(cluster.meters.get("parley.messages.sent").tag("node", "n1").counter().count()).isEqualTo(8.0);
  }

  @Test
  void pipelinedSendsOfOneSessionAreStoredAndAckedInTheOrderSent() {
    ChatNode node = startNode(2);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    List<Long> requests = new ArrayList<>();
    List<String> ids = IntStream.range(0, 50).mapToObj(i -> "m" + i).toList();

    for (String id : ids) {
      requests.add(a.send(Requests.send(bob.id(), id, "text of " + id)));
    }

    for (int i = 0; i < ids.size(); i++) {
      ChatProtocol.SendAck ack = a.awaitResponse(requests.get(i), WAIT).getSendAck();
      assertThat(ack.getClientMsgId()).isEqualTo(ids.get(i));
      assertThat(ack.getSeq()).isEqualTo(i + 1);
    }
    assertThat(store.appended()).containsExactlyElementsOf(ids);
    assertThat(store.mostUnfinishedOfOneSender()).as("appends of one session unfinished at once").isEqualTo(1);
    assertThat(a.answerOrder().subList(a.answerOrder().size() - ids.size(), a.answerOrder().size()))
        .containsExactlyElementsOf(requests);
    assertThat(cluster.messages.readMailbox(bob.id(), 0, 100)).extracting(e -> e.message().clientMsgId())
        .containsExactlyElementsOf(ids);
  }

  @Test
  void aFailedAppendAnswersItsErrorAndTheSessionGoesOn() {
    ChatNode node = startNode(2);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    store.failAppendOf("refused", new ChatException(ErrorCode.UNAVAILABLE, "the store is failing over"));
    store.failAppendOf("broken", new IllegalStateException("a bug in the store"));

    Frame refused = a.request(Requests.send(bob.id(), "refused", "one"));
    Frame broken = a.request(Requests.send(bob.id(), "broken", "two"));
    Frame toSelf = a.request(Requests.send(ann.id(), "self", "three"));
    Frame ack = a.request(Requests.send(bob.id(), "fine", "four"));

    assertThat(refused.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.UNAVAILABLE);
    assertThat(refused.getError().getMessage()).isEqualTo("the store is failing over");
    assertThat(broken.getError().getCode()).isEqualTo(ChatProtocol.ErrorCode.INTERNAL);
    assertThat(toSelf.getError().getCode()).as("refused before the store").isEqualTo(ChatProtocol.ErrorCode.BAD_REQUEST);
    assertThat(ack.getSendAck().getSeq()).isEqualTo(1);
    assertThat(store.appended()).containsExactly("refused", "broken", "fine");
    assertThat(cluster.meters.get("parley.request.latency").tags("node", "n1", "type", "send_message").timer().count())
        .isEqualTo(4);
  }

  @Test
  void aSessionClosedWhileItsSendWaitsLeavesNothingHeldAndTheMessageStored() {
    ChatNode node = startNode(1);
    TestUser ann = cluster.newUser("ann");
    TestUser bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    TestChatClient a = cluster.login(node, ann);
    store.hold();
    a.send(Requests.send(bob.id(), "waiting", "stored though its sender left"));
    a.send(Requests.send(bob.id(), "queued", "never runs: its session is gone"));
    await().atMost(WAIT).until(() -> store.unfinished() == 1);

    a.close();
    await().atMost(WAIT).until(() -> node.connectionCount() == 0);
    // the node's only blocking-work thread is free: bob's login and send run while ann's append waits
    TestChatClient b = cluster.login(node, bob);
    long bobSend = b.send(Requests.send(ann.id(), "reply", "hi"));
    await().atMost(WAIT).until(() -> store.unfinished() == 2);
    store.release();

    assertThat(b.awaitResponse(bobSend, WAIT).getSendAck().getSeq()).isEqualTo(2);
    assertThat(store.appended()).containsExactly("waiting", "reply");
    assertThat(cluster.messages.readMailbox(ann.id(), 0, 10)).extracting(MailboxEntry::seq).containsExactly(1L, 2L);
    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.meters.get("parley.request.latency")
        .tags("node", "n1", "type", "send_message").timer().count()).isEqualTo(2));
    assertThat(b.request(Requests.send(ann.id(), "again", "the node goes on")).getSendAck().getSeq()).isEqualTo(3);
  }
}
