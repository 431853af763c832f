package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.KICKED;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.MESSAGE_EVENT;
import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.READ_POSITION_EVENT;
import static dev.parley.server.DeviceLogins.attempt;
import static dev.parley.server.DeviceLogins.code;
import static dev.parley.server.DeviceLogins.kicked;
import static dev.parley.server.DeviceLogins.login;
import static dev.parley.server.DeviceLogins.pending;
import static dev.parley.server.DeviceLogins.takeMessages;
import static dev.parley.server.DeviceLogins.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One user on several devices across two chat nodes (shared stores, node-to-node Deliver and Kick
 * over real gRPC): the login policy across nodes, fan-out of every message to every device exactly
 * once with its mailbox seq (the sending device gets only its SendAck), catching up by Sync after
 * a disconnect, device listing and revocation, and the read position shared between devices.
 * Subclasses say where presence and the node directory live.
 */
abstract class MultiDeviceClusterContract {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Messages in the interleaved exchanges: enough to catch reordering and duplicates. */
  private static final int EXCHANGE = 50;

  protected ChatCluster cluster;
  private ChatNode node1;
  private ChatNode node2;
  private TestUser ann;
  private TestUser bob;
  private String annDesktopToken;
  private String annPhoneToken;

  /** A cluster whose presence registry and node directory are the ones under test. */
  protected abstract ChatCluster newCluster();

  /** Releases what {@link #newCluster()} made beyond the cluster itself. */
  protected void closeBackends() {}

  @BeforeEach
  void start() {
    cluster = newCluster();
    // ONE_PER_PLATFORM, the default; pipelined exchanges stay under the per-connection rate
    ChatLimits limits = ChatLimits.defaults().withMessagesPerSecond(1000);
    node1 = cluster.startNode("node-1", limits);
    node2 = cluster.startNode("node-2", limits);
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    cluster.befriend(ann, bob);
    annDesktopToken = token(cluster, ann, "ann-desktop", Platform.DESKTOP);
    annPhoneToken = token(cluster, ann, "ann-phone", Platform.MOBILE);
  }

  @AfterEach
  void stop() {
    cluster.close();
    closeBackends();
  }

  private TestChatClient annDesktop(ChatNode node) {
    return login(cluster, node, annDesktopToken, "ann-desktop", Platform.DESKTOP);
  }

  private TestChatClient annPhone(ChatNode node) {
    return login(cluster, node, annPhoneToken, "ann-phone", Platform.MOBILE);
  }

  private TestChatClient bobOn(ChatNode node) {
    return DeviceLogins.loginDevice(cluster, node, bob, "bob-desktop", Platform.DESKTOP);
  }

  private ChatNode node(int n) {
    return n == 1 ? node1 : node2;
  }

  // ---- (a) the policy across nodes ----

  @Test
  void aSamePlatformLoginOnTheOtherNodeKicksTheFirstDeviceWithPlatformConflict() {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient laptop = login(cluster, node2, token(cluster, ann, "ann-laptop", Platform.DESKTOP), "ann-laptop",
        Platform.DESKTOP);

    assertThat(kicked(desktop, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.PLATFORM_CONFLICT);
    assertThat(cluster.presence.sessions(ann.id())).singleElement().satisfies(b -> {
      assertThat(b.nodeId()).isEqualTo("node-2");
      assertThat(b.deviceId()).isEqualTo("ann-laptop");
    });
    TestChatClient bobs = bobOn(node1);
    long id = bobs.request(Requests.send(ann.id(), "c1", "still here?")).getSendAck().getMessageId();
    assertThat(takeMessages(laptop, 1, WAIT)).singleElement()
        .satisfies(e -> assertThat(e.getMessage().getMessageId()).isEqualTo(id));
    assertThat(pending(laptop, KICKED)).isEmpty();
  }

  @Test
  void aReLoginOfTheSameDeviceOnTheOtherNodeReplacesItsSession() {
    TestChatClient first = annPhone(node1);
    TestChatClient desktop = annDesktop(node1);
    TestChatClient again = annPhone(node2);

    assertThat(kicked(first, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.REPLACED_BY_SAME_DEVICE);
    assertThat(cluster.presence.sessions(ann.id())).extracting(PresenceBinding::deviceId, PresenceBinding::nodeId)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ann-desktop", "node-1"),
            org.assertj.core.groups.Tuple.tuple("ann-phone", "node-2"));
    assertThat(again.request(Requests.ping()).hasPong()).isTrue();
    assertThat(desktop.request(Requests.ping()).hasPong()).isTrue();
    assertThat(pending(desktop, KICKED)).isEmpty();
  }

  // ---- (b) fan-out to every device ----

  /**
   * Pushes are accelerators (docs/architecture.md section 13, "Ordering argument"): they may cross
   * nodes in any order, and a device puts them in order by their mailbox seq. So each device must
   * receive exactly the entries meant for it, each once, carrying the mailbox's seqs: sorted by seq
   * they are the mailbox in order. (The SDK's reassembly into app order is tested in
   * MultiDeviceJourneyTest and ClusterIT.)
   */
  @ParameterizedTest(name = "bob on node {0}")
  @ValueSource(ints = {1, 2})
  void everyMessageReachesEveryOtherDeviceExactlyOnceWithItsMailboxSeq(int bobsNode) {
    fanOut(bobsNode, false);
  }

  /** As above, with both nodes' peer channels connected before the exchange starts. */
  @ParameterizedTest(name = "bob on node {0}")
  @ValueSource(ints = {1, 2})
  void exactlyOnceAlsoOnConnectedPeerChannels(int bobsNode) {
    fanOut(bobsNode, true);
  }

  /**
   * Ann's desktop (node 1) and bob exchange {@link #EXCHANGE} messages, pipelined and interleaved,
   * while ann's phone (node 2) only listens. Every device gets each message meant for it exactly
   * once (the phone: ann's whole mailbox; the desktop: what bob sent, its own only as SendAcks;
   * bob: what ann sent), with the mailbox's seqs.
   */
  private void fanOut(int bobsNode, boolean warmUp) {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient phone = annPhone(node2);
    TestChatClient bobs = bobOn(node(bobsNode));
    TestChatClient bobElsewhere = warmUp ? DeviceLogins.loginDevice(cluster, node(3 - bobsNode), bob, "bob-phone",
        Platform.MOBILE) : null;
    if (warmUp) {
      long toBob = desktop.request(Requests.send(bob.id(), "warm-a", "warm")).getSendAck().getMessageId();
      long toAnn = bobs.request(Requests.send(ann.id(), "warm-b", "warm")).getSendAck().getMessageId();
      for (TestChatClient c : List.of(phone, bobs, bobElsewhere)) {
        assertThat(c.awaitPush(f -> isMessage(f, toBob), WAIT)).isNotNull();
      }
      for (TestChatClient c : List.of(phone, desktop, bobElsewhere)) {
        assertThat(c.awaitPush(f -> isMessage(f, toAnn), WAIT)).isNotNull();
      }
      bobElsewhere.close();
      await().atMost(WAIT).until(() -> cluster.presence.sessions(bob.id()).size() == 1);
      for (TestChatClient c : List.of(phone, desktop, bobs)) {
        assertThat(pending(c, MESSAGE_EVENT)).isEmpty();
      }
    }
    int warm = warmUp ? 2 : 0;

    List<Long> annAcked = exchange(desktop, bobs, 0, EXCHANGE);

    List<MailboxEntry> annMailbox = mailbox(ann.id());
    List<MailboxEntry> bobMailbox = mailbox(bob.id());
    annMailbox = annMailbox.subList(warm, annMailbox.size());
    bobMailbox = bobMailbox.subList(warm, bobMailbox.size());
    assertThat(annMailbox).hasSize(EXCHANGE);
    assertThat(bobMailbox).hasSize(EXCHANGE);
    assertThat(annAcked).containsExactlyElementsOf(annMailbox.stream()
        .filter(e -> e.message().senderId() == ann.id()).map(e -> e.message().id()).toList());
    List<MailboxEntry> fromBob = annMailbox.stream().filter(e -> e.message().senderId() == bob.id()).toList();
    List<MailboxEntry> fromAnn = bobMailbox.stream().filter(e -> e.message().senderId() == ann.id()).toList();

    List<ChatProtocol.MailboxEntry> onPhone = takeMessages(phone, EXCHANGE, WAIT);
    List<ChatProtocol.MailboxEntry> onDesktop = takeMessages(desktop, fromBob.size(), WAIT);
    List<ChatProtocol.MailboxEntry> toBob = takeMessages(bobs, fromAnn.size(), WAIT);
    assertThat(seqAndId(onPhone)).as("phone: ann's whole mailbox, once each").containsExactlyInAnyOrderElementsOf(seqAndIdOf(annMailbox));
    assertThat(seqAndId(onDesktop)).as("desktop: what bob sent, none of its own").containsExactlyInAnyOrderElementsOf(seqAndIdOf(fromBob));
    assertThat(seqAndId(toBob)).as("bob: what ann sent").containsExactlyInAnyOrderElementsOf(seqAndIdOf(fromAnn));
    assertThat(sortedBySeq(onPhone)).as("phone: sorted by seq, ann's mailbox in order").containsExactlyElementsOf(seqAndIdOf(annMailbox));

    // nothing more: a second copy would have been pushed before these fences
    long fenceFromBob = bobs.request(Requests.send(ann.id(), "fence-b", "fence")).getSendAck().getMessageId();
    long fenceFromAnn = desktop.request(Requests.send(bob.id(), "fence-a", "fence")).getSendAck().getMessageId();
    assertThat(phone.awaitPush(f -> isMessage(f, fenceFromAnn), WAIT)).isNotNull();
    assertThat(phone.awaitPush(f -> isMessage(f, fenceFromBob), WAIT)).isNotNull();
    assertThat(desktop.awaitPush(f -> isMessage(f, fenceFromBob), WAIT)).isNotNull();
    assertThat(bobs.awaitPush(f -> isMessage(f, fenceFromAnn), WAIT)).isNotNull();
    assertThat(pending(phone, MESSAGE_EVENT)).as("extra pushes on the phone").isEmpty();
    assertThat(pending(desktop, MESSAGE_EVENT)).as("extra pushes on the sending desktop").isEmpty();
    assertThat(pending(bobs, MESSAGE_EVENT)).as("extra pushes to bob").isEmpty();
  }

  @Test
  void theSendersOtherDeviceSeesItsMessagesAsMessageEventsFromTheSender() {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient phone = annPhone(node2);
    TestChatClient bobs = bobOn(node2);

    Frame ack = desktop.request(Requests.send(bob.id(), "own-1", "sent from the desktop"));

    ChatProtocol.MailboxEntry onPhone = takeMessages(phone, 1, WAIT).get(0);
    assertThat(onPhone.getSeq()).isEqualTo(ack.getSendAck().getSeq());
    assertThat(onPhone.getMessage().getMessageId()).isEqualTo(ack.getSendAck().getMessageId());
    assertThat(onPhone.getMessage().getSenderId()).isEqualTo(ann.id());
    assertThat(onPhone.getMessage().getRecipientId()).isEqualTo(bob.id());
    assertThat(onPhone.getMessage().getText()).isEqualTo("sent from the desktop");
    assertThat(takeMessages(bobs, 1, WAIT).get(0).getMessage().getMessageId()).isEqualTo(ack.getSendAck().getMessageId());
    // the desktop: a fence from bob arrives, and nothing before it
    long fence = bobs.request(Requests.send(ann.id(), "fence", "fence")).getSendAck().getMessageId();
    assertThat(takeMessages(desktop, 1, WAIT)).singleElement()
        .satisfies(e -> assertThat(e.getMessage().getMessageId()).isEqualTo(fence));
  }

  // ---- (c) a device that was away catches up by Sync ----

  @ParameterizedTest(name = "bob on node {0}")
  @ValueSource(ints = {1, 2})
  void aDeviceDisconnectedDuringTheExchangeSyncsExactlyTheMailboxFromItsHighestContiguousSeq(int bobsNode) {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient phone = annPhone(node2);
    TestChatClient bobs = bobOn(node(bobsNode));

    exchange(desktop, bobs, 0, 20);
    List<ChatProtocol.MailboxEntry> seen = new ArrayList<>(takeMessages(phone, 20, WAIT));
    List<Sent> pipelined = startExchange(desktop, bobs, 20, 15);
    phone.close(); // mid-exchange: some of these may reach it, some not
    awaitAnswers(pipelined);
    exchange(desktop, bobs, 35, 15);
    assertThat(phone.awaitClosed(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> cluster.presence.sessions(ann.id()).size() == 1);
    phone.pushes().stream().filter(Frame::hasMessageEvent).forEach(f -> seen.add(f.getMessageEvent().getEntry()));

    List<MailboxEntry> annMailbox = mailbox(ann.id());
    assertThat(annMailbox).hasSize(EXCHANGE);
    long contiguous = highestContiguous(annMailbox, seen);
    assertThat(contiguous).as("the phone saw the first 20 live").isGreaterThanOrEqualTo(annMailbox.get(19).seq());

    // back, on the other node this time
    TestChatClient again = cluster.connect(node1);
    Frame answer = again.request(DeviceLogins.loginFrame(annPhoneToken, "ann-phone", Platform.MOBILE));
    assertThat(answer.getLoginResponse().getMailboxSeq()).isEqualTo(annMailbox.get(EXCHANGE - 1).seq());
    List<ChatProtocol.MailboxEntry> synced = syncAll(again, contiguous, 7);

    List<ChatProtocol.MailboxEntry> caughtUp = new ArrayList<>();
    seen.stream().filter(e -> e.getSeq() <= contiguous).sorted((x, y) -> Long.compare(x.getSeq(), y.getSeq()))
        .distinct().forEach(caughtUp::add);
    caughtUp.addAll(synced);
    assertThat(seqAndId(synced)).as("synced after %d", contiguous)
        .containsExactlyElementsOf(seqAndIdOf(annMailbox.stream().filter(e -> e.seq() > contiguous).toList()));
    assertThat(seqAndId(caughtUp)).containsExactlyElementsOf(seqAndIdOf(annMailbox));
    assertThat(seen.stream().map(ChatProtocol.MailboxEntry::getSeq).toList()).as("no seq pushed twice").doesNotHaveDuplicates();
    assertThat(pending(desktop, KICKED)).isEmpty();
  }

  // ---- (d) devices ----

  @Test
  void listDevicesShowsBothDevicesOnlineAndWhichOneAsks() {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient phone = annPhone(node2);
    token(cluster, ann, "ann-tablet", Platform.WEB); // signed in, not connected

    Map<String, ChatProtocol.Device> fromDesktop = devices(desktop);
    assertThat(fromDesktop.keySet()).containsExactlyInAnyOrder("ann-desktop", "ann-phone", "ann-tablet");
    assertThat(fromDesktop.get("ann-desktop")).satisfies(d -> {
      assertThat(d.getOnline()).isTrue();
      assertThat(d.getCurrent()).isTrue();
      assertThat(d.getPlatform()).isEqualTo(ChatProtocol.Platform.DESKTOP);
      assertThat(d.getName()).isEqualTo("ann-desktop of " + ann.name());
    });
    assertThat(fromDesktop.get("ann-phone")).satisfies(d -> {
      assertThat(d.getOnline()).isTrue();
      assertThat(d.getCurrent()).isFalse();
      assertThat(d.getPlatform()).isEqualTo(ChatProtocol.Platform.MOBILE);
    });
    assertThat(fromDesktop.get("ann-tablet")).satisfies(d -> {
      assertThat(d.getOnline()).isFalse();
      assertThat(d.getCurrent()).isFalse();
    });

    Map<String, ChatProtocol.Device> fromPhone = devices(phone);
    assertThat(fromPhone.get("ann-phone").getCurrent()).isTrue();
    assertThat(fromPhone.get("ann-desktop").getCurrent()).isFalse();
    assertThat(fromPhone.get("ann-desktop").getOnline()).isTrue();

    phone.close();
    await().atMost(WAIT).untilAsserted(() -> assertThat(devices(desktop).get("ann-phone").getOnline()).isFalse());
  }

  @Test
  void revokingADeviceKicksItOnTheOtherNodeAndItsTokenNoLongerLogsIn() {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient phone = annPhone(node2);

    Frame answer = desktop.request(revoke("ann-phone"));

    assertThat(answer.hasEmptyResponse()).as("revoke answer %s", answer).isTrue();
    assertThat(kicked(phone, WAIT).getCode()).isEqualTo(ChatProtocol.KickReason.REVOKED);
    assertThat(code(attempt(cluster, node2, annPhoneToken, "ann-phone", Platform.MOBILE).answer()))
        .isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    assertThat(code(attempt(cluster, node1, annPhoneToken, "", null).answer()))
        .isEqualTo(ChatProtocol.ErrorCode.UNAUTHORIZED);
    assertThat(cluster.tokens.verify(annPhoneToken)).isEmpty();
    assertThat(cluster.tokens.verify(annDesktopToken)).isPresent();
    await().atMost(WAIT).until(() -> cluster.presence.sessions(ann.id()).size() == 1);
    assertThat(devices(desktop).keySet()).containsExactly("ann-desktop");
    assertThat(desktop.request(Requests.ping()).hasPong()).isTrue();
    assertThat(pending(desktop, KICKED)).isEmpty();
    assertThat(code(desktop.request(revoke("ann-phone")))).isEqualTo(ChatProtocol.ErrorCode.NOT_FOUND);
  }

  // ---- (e) the read position follows the user across devices ----

  @Test
  void anAckOnOneDeviceMovesTheReadPositionOnTheOther() {
    TestChatClient desktop = annDesktop(node1);
    TestChatClient phone = annPhone(node2);
    TestChatClient bobs = bobOn(node2);
    for (int i = 0; i < 3; i++) {
      bobs.request(Requests.send(ann.id(), "r" + i, "unread " + i));
    }
    // pushes may cross nodes in any order (clients order by seq): the position is the highest seq
    long last = takeMessages(desktop, 3, WAIT).stream().mapToLong(ChatProtocol.MailboxEntry::getSeq).max().orElseThrow();
    assertThat(takeMessages(phone, 3, WAIT).stream().mapToLong(ChatProtocol.MailboxEntry::getSeq).max().orElseThrow())
        .isEqualTo(last);
    assertThat(unreadFromBob(phone)).isEqualTo(3);

    assertThat(desktop.request(Requests.ack(last)).hasEmptyResponse()).isTrue();

    Frame moved = phone.awaitPush(READ_POSITION_EVENT, WAIT);
    assertThat(moved).as("ReadPositionEvent on the other device").isNotNull();
    assertThat(moved.getReadPositionEvent().getAckedSeq()).isEqualTo(last);
    assertThat(unreadFromBob(phone)).isZero();
    // the device that acked is not told
    long fence = bobs.request(Requests.send(ann.id(), "r-fence", "fence")).getSendAck().getMessageId();
    assertThat(desktop.awaitPush(f -> isMessage(f, fence), WAIT)).isNotNull();
    assertThat(pending(desktop, READ_POSITION_EVENT)).isEmpty();
    assertThat(pending(phone, READ_POSITION_EVENT)).as("one event per move").isEmpty();
  }

  // ---- helpers ----

  /**
   * Messages {@code from}..{@code from + n - 1}, alternately bob to ann (even) and ann's
   * {@code sender} to bob (odd), pipelined without waiting, then every answer awaited; returns the
   * message ids of ann's, in the order she sent them.
   */
  private List<Long> exchange(TestChatClient sender, TestChatClient bobs, int from, int n) {
    return awaitAnswers(startExchange(sender, bobs, from, n));
  }

  /** A message sent and not yet answered. */
  private record Sent(TestChatClient client, long requestId, boolean fromAnn) {}

  /** As {@link #exchange} without the waiting. */
  private List<Sent> startExchange(TestChatClient sender, TestChatClient bobs, int from, int n) {
    List<Sent> sent = new ArrayList<>(n);
    for (int i = from; i < from + n; i++) {
      sent.add(i % 2 == 0 ? new Sent(bobs, bobs.send(Requests.send(ann.id(), "b" + i, "bob " + i)), false)
          : new Sent(sender, sender.send(Requests.send(bob.id(), "a" + i, "ann " + i)), true));
    }
    return sent;
  }

  /** Waits for the SendAcks; returns the message ids of ann's, in the order she sent them. */
  private static List<Long> awaitAnswers(List<Sent> sent) {
    List<Long> annIds = new ArrayList<>();
    for (Sent m : sent) {
      Frame answer = m.client().awaitResponse(m.requestId(), WAIT);
      assertThat(answer.hasSendAck()).as("answer %s", answer).isTrue();
      if (m.fromAnn()) {
        annIds.add(answer.getSendAck().getMessageId());
      }
    }
    return annIds;
  }

  private List<MailboxEntry> mailbox(long userId) {
    return cluster.messages.readMailbox(userId, 0, 10_000);
  }

  private static List<String> seqAndId(List<ChatProtocol.MailboxEntry> entries) {
    return entries.stream().map(e -> e.getSeq() + ":" + e.getMessage().getMessageId()).toList();
  }

  private static List<String> sortedBySeq(List<ChatProtocol.MailboxEntry> entries) {
    return seqAndId(entries.stream().sorted(java.util.Comparator.comparingLong(ChatProtocol.MailboxEntry::getSeq)).toList());
  }

  private static List<String> seqAndIdOf(List<MailboxEntry> entries) {
    return entries.stream().map(e -> e.seq() + ":" + e.message().id()).toList();
  }

  private static boolean isMessage(Frame f, long messageId) {
    return f.hasMessageEvent() && f.getMessageEvent().getEntry().getMessage().getMessageId() == messageId;
  }

  /** The highest mailbox seq up to which {@code seen} holds every entry of {@code mailbox} (0: not the first). */
  private static long highestContiguous(List<MailboxEntry> mailbox, List<ChatProtocol.MailboxEntry> seen) {
    Set<Long> got = new HashSet<>();
    seen.forEach(e -> got.add(e.getSeq()));
    long contiguous = 0;
    for (MailboxEntry e : mailbox) {
      if (!got.contains(e.seq())) {
        break;
      }
      contiguous = e.seq();
    }
    return contiguous;
  }

  /** Syncs everything after {@code afterSeq} in pages of {@code limit}. */
  private static List<ChatProtocol.MailboxEntry> syncAll(TestChatClient c, long afterSeq, int limit) {
    List<ChatProtocol.MailboxEntry> out = new ArrayList<>();
    long after = afterSeq;
    for (int page = 0; page < 1000; page++) {
      ChatProtocol.SyncResponse r = c.request(Requests.sync(after, limit)).getSyncResponse();
      out.addAll(r.getEntriesList());
      if (!r.getHasMore()) {
        return out;
      }
      assertThat(r.getEntriesList()).as("a page with has_more").isNotEmpty();
      after = r.getEntries(r.getEntriesCount() - 1).getSeq();
    }
    throw new AssertionError("sync did not end");
  }

  private static Map<String, ChatProtocol.Device> devices(TestChatClient c) {
    Frame answer = c.request(Frame.newBuilder().setListDevices(ChatProtocol.ListDevicesRequest.getDefaultInstance()));
    assertThat(answer.hasListDevicesResponse()).as("list devices answer %s", answer).isTrue();
    List<ChatProtocol.Device> list = answer.getListDevicesResponse().getDevicesList();
    assertThat(list).extracting(ChatProtocol.Device::getDeviceId).doesNotHaveDuplicates();
    return list.stream().collect(Collectors.toMap(ChatProtocol.Device::getDeviceId, Function.identity()));
  }

  private static Frame.Builder revoke(String deviceId) {
    return Frame.newBuilder().setRevokeDevice(ChatProtocol.RevokeDeviceRequest.newBuilder().setDeviceId(deviceId));
  }

  private int unreadFromBob(TestChatClient c) {
    Frame answer = c.request(Frame.newBuilder()
        .setListConversations(ChatProtocol.ListConversationsRequest.newBuilder().setLimit(10)));
    assertThat(answer.hasListConversationsResponse()).as("list conversations answer %s", answer).isTrue();
    return answer.getListConversationsResponse().getConversationsList().stream()
        .filter(conv -> conv.getPeerId() == bob.id()).findFirst()
        .orElseThrow(() -> new AssertionError("no conversation with bob in " + answer))
        .getUnreadCount();
  }
}
