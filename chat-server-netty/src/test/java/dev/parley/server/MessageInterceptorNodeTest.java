package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.GROUP_MESSAGE_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.hooks.MessageInterceptor;
import dev.parley.core.hooks.MessageInterceptor.Draft;
import dev.parley.core.hooks.MessageInterceptor.Verdict;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.testing.Latches;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host's {@link MessageInterceptor} on a chat node, end to end over real sockets: a rejection
 * reaches the sender with its reason and nothing else happens, a replacement is what the recipient
 * and the history see, and an interceptor that is slow, throws or is swamped fails the send with
 * UNAVAILABLE within about its deadline while the node goes on serving everyone else.
 */
class MessageInterceptorNodeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration DEADLINE = Duration.ofMillis(300);

  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC()));
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean slowIsSlow = new AtomicBoolean(true);
  private final List<Draft> seen = new CopyOnWriteArrayList<>();
  /** Rejects "spam", replaces "darn", makes "grow" too long, waits on "slow", throws on "boom". */
  private final MessageInterceptor filter = d -> {
    seen.add(d);
    String t = d.text();
    if (t.contains("spam")) {
      return Verdict.reject("no spam, please");
    }
    if (t.contains("darn")) {
      return Verdict.replace(t.replace("darn", "****"));
    }
    if (t.contains("grow")) {
      return Verdict.replace(t.repeat(2000));
    }
    if (t.contains("boom")) {
      throw new IllegalStateException("the filter broke");
    }
    if (t.contains("slow") && slowIsSlow.get()) {
      Latches.awaitIgnoringInterrupts(release); // a stuck filter that even ignores the cancel
    }
    return Verdict.accept();
  };
  private TestUser ann;
  private TestUser bob;
  private ChatNode node;

  @BeforeEach
  void users() {
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
  }

  @AfterEach
  void stop() {
    release.countDown();
    cluster.close();
  }

  private ChatNode start(UnaryOperator<ChatNodeBuilder> more) {
    node = cluster.startNode("n1", ChatLimits.defaults(),
        b -> more.apply(b.messageInterceptor(filter).interceptorTimeout(DEADLINE)));
    return node;
  }

  private ChatNode start() {
    return start(b -> b);
  }

  @Test
  void aBlockingInterceptorTakesRequestsOffTheEventLoops() {
    assertThat(start().requestsOnEventLoop()).isFalse();
    ChatNode plain = cluster.startNode("n2", ChatLimits.defaults());
    assertThat(plain.requestsOnEventLoop()).as("the same in-memory node without one").isTrue();
  }

  @Test
  void aNonBlockingInterceptorKeepsRequestsOnTheEventLoopsAndStillApplies() {
    node = cluster.startNode("n1", ChatLimits.defaults(), b -> b.messageInterceptor(new Upper()));
    assertThat(node.requestsOnEventLoop()).isTrue();
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient bobs = cluster.login(node, bob);
    assertThat(anns.request(Requests.send(bob.id(), "c-1", "quiet")).hasSendAck()).isTrue();
    assertThat(bobs.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("QUIET");
  }

  /** In memory, in microseconds: may run on an event loop. */
  private static final class Upper implements MessageInterceptor, dev.parley.core.spi.NonBlocking {
    @Override
    public Verdict check(Draft draft) {
      return Verdict.replace(draft.text().toUpperCase(java.util.Locale.ROOT));
    }
  }

  @Test
  void aRejectionTellsTheSenderTheReasonAndStoresAndPushesNothing() {
    start();
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient bobs = cluster.login(node, bob);

    Frame refused = anns.request(Requests.send(bob.id(), "c-1", "buy spam now"));
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.REJECTED_BY_POLICY);
    assertThat(refused.getError().getMessage()).contains("no spam, please");
    assertThat(cluster.messages.lastSeq(bob.id())).isZero();
    assertThat(cluster.messages.lastSeq(ann.id())).isZero();

    assertThat(anns.request(Requests.send(bob.id(), "c-2", "hello")).hasSendAck()).isTrue();
    Frame first = bobs.awaitPush(MESSAGE_EVENT, WAIT);
    assertThat(first.getMessageEvent().getEntry().getMessage().getText())
        .as("the first push bob gets is the accepted message").isEqualTo("hello");
    assertThat(seen).extracting(Draft::text).containsExactly("buy spam now", "hello");
    assertThat(counter("parley.interceptor.verdicts", "outcome", "reject")).isEqualTo(1);
  }

  @Test
  void aReplacementIsWhatTheRecipientAndTheHistorySee() {
    start();
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient bobs = cluster.login(node, bob);

    Frame ack = anns.request(Requests.send(bob.id(), "c-1", "oh darn it"));
    assertThat(ack.hasSendAck()).as("%s", ack).isTrue();
    assertThat(bobs.awaitPush(MESSAGE_EVENT, WAIT).getMessageEvent().getEntry().getMessage().getText())
        .isEqualTo("oh **** it");
    Frame history = bobs.request(Requests.history(ann.id(), 0, 10));
    assertThat(history.getHistoryResponse().getMessagesList()).extracting(ChatProtocol.ChatMessage::getText)
        .containsExactly("oh **** it");
  }

  @Test
  void aReplacementPastTheTextLimitIsRefusedAndNotStored() {
    start();
    TestChatClient anns = cluster.login(node, ann);
    Frame refused = anns.request(Requests.send(bob.id(), "c-1", "grow this"));
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
    assertThat(refused.getError().getMessage()).contains("message policy replaced the text");
    assertThat(cluster.messages.lastSeq(bob.id())).isZero();
  }

  @Test
  void aRetriedClientMsgIdIsAckedAsTheOriginalDuplicate() {
    start();
    TestChatClient anns = cluster.login(node, ann);
    Frame first = anns.request(Requests.send(bob.id(), "c-1", "darn"));
    Frame retry = anns.request(Requests.send(bob.id(), "c-1", "darn"));
    assertThat(retry.getSendAck().getDuplicate()).isTrue();
    assertThat(retry.getSendAck().getMessageId()).isEqualTo(first.getSendAck().getMessageId());
    assertThat(cluster.messages.lastSeq(bob.id())).isEqualTo(1);
  }

  @Test
  void aSlowInterceptorTimesOutWhileTheNodeServesOthersAndSendsWorkOnceItRecovers() {
    start();
    TestUser carl = cluster.newUser("carl");
    TestUser dave = cluster.newUser("dave");
    cluster.befriend(carl, dave);
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient carls = cluster.login(node, carl);
    TestChatClient daves = cluster.login(node, dave);

    long started = System.nanoTime();
    long slow = anns.send(Requests.send(bob.id(), "c-1", "slow one"));
    // Meanwhile another user's send goes through as usual.
    assertThat(carls.request(Requests.send(dave.id(), "c-1", "hi dave")).hasSendAck()).isTrue();
    assertThat(daves.awaitPush(MESSAGE_EVENT, WAIT)).isNotNull();
    Frame timedOut = anns.awaitResponse(slow, WAIT);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(timedOut.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(timedOut.getError().getMessage()).contains("did not answer within 300 ms");
    assertThat(tookMs).as("failed about at the deadline").isBetween(DEADLINE.toMillis() - 10, 3000L);
    assertThat(cluster.messages.lastSeq(bob.id())).isZero();
    assertThat(counter("parley.interceptor.failures", "reason", "timeout")).isEqualTo(1);

    slowIsSlow.set(false);
    release.countDown(); // the stuck check ends and frees its thread
    assertThat(anns.request(Requests.send(bob.id(), "c-2", "slow no more")).hasSendAck()).isTrue();
  }

  @Test
  void aThrowingInterceptorFailsTheSendUnavailable() {
    start();
    TestChatClient anns = cluster.login(node, ann);
    Frame failed = anns.request(Requests.send(bob.id(), "c-1", "boom"));
    assertThat(failed.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(failed.getError().getMessage()).doesNotContain("the filter broke"); // no internals to clients
    assertThat(counter("parley.interceptor.failures", "reason", "error")).isEqualTo(1);
    assertThat(anns.request(Requests.send(bob.id(), "c-2", "fine")).hasSendAck()).isTrue();
  }

  @Test
  void moreSlowSendsThanTheExecutorHoldsAreRefusedNotHung() {
    start(b -> b.interceptorThreads(1, 1).interceptorTimeout(Duration.ofSeconds(2)));
    List<TestChatClient> senders = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestUser u = cluster.newUser("s" + i);
      cluster.befriend(u, bob);
      senders.add(cluster.login(node, u));
    }
    long started = System.nanoTime();
    List<Long> ids = new CopyOnWriteArrayList<>();
    senders.forEach(s -> ids.add(s.send(Requests.send(bob.id(), "c-1", "slow"))));
    List<Frame> answers = new CopyOnWriteArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      answers.add(senders.get(i).awaitResponse(ids.get(i), WAIT));
    }
    assertThat(answers).allSatisfy(a -> assertThat(a.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(answers).filteredOn(a -> a.getError().getMessage().contains("busy (1 threads, 1 queued)"))
        .as("one thread, one waiting: the others are refused at once").hasSizeGreaterThanOrEqualTo(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(8000);
    assertThat(counter("parley.interceptor.failures", "reason", "saturated")).isGreaterThanOrEqualTo(2);

    // The one thread is still stuck: a normal send is refused at once too, the node itself still answers.
    TestChatClient anns = cluster.login(node, ann);
    assertThat(anns.request(Requests.send(bob.id(), "c-1", "hello")).getError().getCode())
        .isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(anns.request(Requests.sync(0, 10)).hasSyncResponse()).isTrue();
    release.countDown();
    slowIsSlow.set(false);
    await().atMost(WAIT).until(() -> anns.request(Requests.send(bob.id(), "c-2", "hello again")).hasSendAck());
  }

  @Test
  void groupMessagesAreInterceptedToo() {
    start();
    TestChatClient anns = cluster.login(node, ann);
    TestChatClient bobs = cluster.login(node, bob);
    long groupId = anns.request(GroupFrames.create("team", List.of(bob.id()))).getGroupResponse().getGroup().getGroupId();

    Frame refused = anns.request(GroupFrames.send(groupId, "g-1", "spam for all"));
    assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.REJECTED_BY_POLICY);
    assertThat(refused.getError().getMessage()).contains("no spam, please");
    assertThat(anns.request(GroupFrames.send(groupId, "g-2", "darn it all")).hasGroupSendAck()).isTrue();
    Frame pushed = bobs.awaitPush(GROUP_MESSAGE_EVENT, WAIT);
    assertThat(pushed.getGroupMessageEvent().getMessage().getText()).isEqualTo("**** it all");
    assertThat(seen).filteredOn(d -> d.groupId() == groupId).extracting(Draft::text)
        .containsExactly("spam for all", "darn it all");
  }

  private double counter(String name, String tag, String value) {
    var c = cluster.meters.find(name).tag(tag, value).counter();
    return c == null ? -1 : c.count();
  }

}
