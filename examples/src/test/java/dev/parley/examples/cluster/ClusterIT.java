package dev.parley.examples.cluster;

import static dev.parley.examples.cluster.SdkDriver.DELIVERY;
import static dev.parley.examples.cluster.SdkDriver.assertGroupDeliveredExactlyOnce;
import static dev.parley.examples.cluster.SdkDriver.befriend;
import static dev.parley.examples.cluster.SdkDriver.friend;
import static dev.parley.examples.cluster.SdkDriver.groupLog;
import static dev.parley.examples.cluster.SdkDriver.ids;
import static dev.parley.examples.cluster.SdkDriver.lastEndCause;
import static dev.parley.examples.cluster.SdkDriver.received;
import static dev.parley.examples.cluster.SdkDriver.sendToGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.GroupMessageKind;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.Platform;
import dev.parley.core.model.PresenceBinding;
import dev.parley.core.service.AccountService;
import dev.parley.examples.cluster.SdkDriver.DeviceListener;
import dev.parley.examples.cluster.SdkDriver.GroupSent;
import dev.parley.examples.cluster.SdkDriver.Sent;
import dev.parley.examples.cluster.SdkDriver.TestUser;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Device;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSendResult;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The cluster as separate processes (status, verify, gate, chat nodes from the example mains) on
 * MariaDB and a Redis of the test's own, driven through the SDK. The steps build on each other, in
 * order: cross-node chat, a same-platform login from another device kicking the first across nodes
 * (another platform does not), one user on two devices on two nodes (every message on both, once and
 * in order, sent messages on the other device, the read position, a device syncing a burst it was
 * offline for), a group across the nodes (every entry once and in seq order on every device, a
 * member added while offline syncing only what followed its joining), a third node killed with
 * SIGKILL during group traffic from senders on all three (every acknowledged group message in the
 * log once, gap-free, and on every member's device once), a chat node killed with SIGKILL, its
 * users' presence running out, Redis restarted empty, sessions whose tokens Redis lost, and
 * finally a password reset at the gate kicking the sessions of both devices on their node. Under the default login policy (ONE_PER_PLATFORM) alice
 * keeps a DESKTOP session ({@link SdkDriver#client}) and, from step 3 on, a MOBILE one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterIT {
  private LocalCluster cluster;
  private SdkDriver sdk;
  private TestUser alice;
  private TestUser bob;
  private TestUser carol;
  private TestUser dave;
  private final RecordingListener aliceEvents = new RecordingListener();
  private final RecordingListener bobEvents = new RecordingListener();
  private final RecordingListener bobAgainEvents = new RecordingListener();
  private final RecordingListener carolEvents = new RecordingListener();
  private final RecordingListener daveEvents = new RecordingListener();
  /** Every session of alice's phone, which keeps its local store between them. */
  private final DeviceListener alicePhoneEvents = new DeviceListener();
  private ParleyClient alicePhone;
  private ChatSession aliceSession;
  private ChatSession alicePhoneSession;
  private ChatSession bobSession;
  private ChatSession bobAgainSession;
  private ChatSession carolSession;
  private TestUser grace;
  private final RecordingListener graceEvents = new RecordingListener();
  private ChatSession graceSession;
  /** A third chat node, started in step 4 and killed during group traffic in step 5. */
  private RoleChild spareNode;

  @RegisterExtension
  final TestWatcher dumpLogsOnFailure = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      cluster.dumpLogs();
    }
  };

  @BeforeAll
  @Timeout(value = 100, unit = TimeUnit.SECONDS)
  void startCluster() throws Exception {
    cluster = LocalCluster.start();
    sdk = new SdkDriver(cluster);
    alice = sdk.register("alice");
    bob = sdk.register("bob");
    carol = sdk.register("carol");
    dave = sdk.register("dave");
  }

  @AfterAll
  void stopCluster() {
    if (sdk != null) {
      sdk.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void usersOnDifferentNodesBefriendAndChat() {
    aliceSession = sdk.open(sdk.client, alice, "chat-1", aliceEvents);
    bobSession = sdk.open(sdk.client, bob, "chat-2", bobEvents);
    befriend(aliceSession, alice, aliceEvents, bobSession, bob, bobEvents);

    Sent hello = sdk.send(aliceSession, alice, bob, "hello from chat-1");
    Sent reply = sdk.send(bobSession, bob, alice, "hello back from chat-2");

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobEvents.timesDelivered(hello.messageId())).isEqualTo(1);
      assertThat(aliceEvents.timesDelivered(reply.messageId())).isEqualTo(1);
    });
    assertThat(bobEvents.messages).filteredOn(m -> m.messageId() == hello.messageId())
        .singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("hello from chat-1"));
  }

  @Test
  @Order(2)
  void secondLoginOnTheOtherNodeKicksTheFirst() {
    // bob's other laptop: another device of the same platform as his first session's (DESKTOP).
    ParleyClient bobLaptop = sdk.device("bob-laptop", Platform.DESKTOP);
    assertThat(bobLaptop.deviceId()).isNotEqualTo(sdk.client.deviceId());
    bobAgainSession = sdk.open(bobLaptop, bob, "chat-1", bobAgainEvents);

    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobEvents.kickReasons).containsExactly(KickReason.PLATFORM_CONFLICT.name());
      assertThat(bobSession.state()).isEqualTo(ConnectionState.DISCONNECTED);
    });
    // A login on another platform kicks nobody: bob's phone joins the laptop.
    RecordingListener bobPhoneEvents = new RecordingListener();
    ChatSession bobPhoneSession = sdk.open(sdk.device("bob-phone", Platform.MOBILE), bob, "chat-2", bobPhoneEvents);
    assertThat(cluster.statusClient().sessions(bob.id()))
        .extracting(PresenceBinding::nodeId, PresenceBinding::deviceId, PresenceBinding::platform)
        .containsExactlyInAnyOrder(tuple("chat-1", "bob-laptop", Platform.DESKTOP),
            tuple("chat-2", "bob-phone", Platform.MOBILE));
    // The kicked session stays down (reconnecting would kick the new one back), the new ones stay up.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(bobSession.state()).isEqualTo(ConnectionState.DISCONNECTED);
      assertThat(bobAgainSession.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(bobPhoneSession.state()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(bobAgainEvents.kicks).isEmpty();
      assertThat(bobPhoneEvents.kicks).isEmpty();
    });
    assertThat(bobEvents.kickReasons).containsExactly(KickReason.PLATFORM_CONFLICT.name());
    Sent afterKick = sdk.send(aliceSession, alice, bob, "to the new sessions");
    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(bobAgainEvents.timesDelivered(afterKick.messageId())).isEqualTo(1);
      assertThat(bobPhoneEvents.timesDelivered(afterKick.messageId())).isEqualTo(1);
    });
    assertThat(bobEvents.timesDelivered(afterKick.messageId())).isZero();

    // Later steps go on with bob on his laptop only; he stays online throughout.
    bobPhoneSession.close();
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(cluster.statusClient().sessions(bob.id()))
        .extracting(PresenceBinding::deviceId).containsExactly("bob-laptop"));
    assertThat(friend(aliceSession, bob).online()).isTrue();
  }

  @Test
  @Order(3)
  void aUserOnTwoDevicesOnTwoNodesGetsEveryMessageOnBothOnceAndInOrder() throws Exception {
    alicePhone = sdk.device("alice-phone", Platform.MOBILE);
    alicePhoneSession = sdk.open(alicePhone, alice, "chat-2", alicePhoneEvents);
    alicePhoneSession.caughtUp().get(30, TimeUnit.SECONDS);
    sdk.assertDeliveredExactlyOnce(alicePhoneEvents.recorded, alice); // the history so far, from seq 1
    assertThat(cluster.statusClient().sessions(alice.id()))
        .extracting(PresenceBinding::nodeId, PresenceBinding::platform)
        .containsExactlyInAnyOrder(tuple("chat-1", Platform.DESKTOP), tuple("chat-2", Platform.MOBILE));
    assertThat(aliceSession.listDevices())
        .extracting(Device::deviceId, Device::platform, Device::online, Device::current)
        .containsExactlyInAnyOrder(tuple(sdk.client.deviceId(), Platform.DESKTOP, true, true),
            tuple("alice-phone", Platform.MOBILE, true, false));

    // bob (on chat-1) to alice: on both of her devices, each message once, in the order sent.
    List<Sent> toAlice = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      toAlice.add(sdk.send(bobAgainSession, bob, alice, "bob to both of alice's devices " + i));
    }
    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(received(aliceEvents, toAlice)).as("on alice's desktop").isEqualTo(ids(toAlice));
      assertThat(received(alicePhoneEvents.recorded, toAlice)).as("on alice's phone").isEqualTo(ids(toAlice));
    });

    // What alice sends from one device appears on the other, once, as outgoing; once on the sender.
    List<Sent> fromAlice = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fromAlice.add(sdk.send(aliceSession, alice, bob, "alice from her desktop " + i));
    }
    for (int i = 0; i < 5; i++) {
      fromAlice.add(sdk.send(alicePhoneSession, alice, bob, "alice from her phone " + i));
    }
    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(received(aliceEvents, fromAlice)).as("on alice's desktop").isEqualTo(ids(fromAlice));
      assertThat(received(alicePhoneEvents.recorded, fromAlice)).as("on alice's phone").isEqualTo(ids(fromAlice));
      assertThat(received(bobAgainEvents, fromAlice)).as("on bob's laptop").isEqualTo(ids(fromAlice));
    });
    for (RecordingListener device : List.of(aliceEvents, alicePhoneEvents.recorded)) {
      assertThat(device.messages).filteredOn(m -> ids(fromAlice).contains(m.messageId()))
          .allSatisfy(m -> assertThat(m.outgoing()).isTrue());
      sdk.assertDeliveredExactlyOnce(device, alice);
    }

    // Read on the desktop: the phone's read position rises with it. The phone's listener holds the
    // message, so the phone has not acknowledged it itself: only the node's push can raise it.
    alicePhoneEvents.hold(m -> m.text().equals("read it on the desktop"));
    Sent read = sdk.send(bobAgainSession, bob, alice, "read it on the desktop");
    await().atMost(DELIVERY).until(() -> aliceEvents.timesDelivered(read.messageId()) == 1 && alicePhoneEvents.holding());
    long readSeq = aliceEvents.messages.stream().filter(m -> m.messageId() == read.messageId())
        .findFirst().orElseThrow().seq();
    try {
      await("the desktop's ack").atMost(DELIVERY).until(() -> aliceSession.readPosition() >= readSeq);
      await("the phone's read position").atMost(DELIVERY).until(() -> alicePhoneSession.readPosition() >= readSeq);
      assertThat(alicePhoneEvents.recorded.timesDelivered(read.messageId())).isZero();
    } finally {
      alicePhoneEvents.release();
    }
    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(alicePhoneEvents.recorded.timesDelivered(read.messageId())).isEqualTo(1);
      assertThat(alicePhoneEvents.recorded.readPositions).contains(readSeq);
    });

    // The phone offline during a burst: on its next session it hears the desktop's read position
    // first, then syncs all it missed, each message once, in order.
    alicePhoneSession.close();
    await().atMost(DELIVERY).until(() -> alicePhone.sessions().isEmpty()); // its store closed
    await().atMost(DELIVERY).untilAsserted(() -> assertThat(cluster.statusClient().sessions(alice.id()))
        .extracting(PresenceBinding::platform).containsExactly(Platform.DESKTOP));
    int receivedBefore = alicePhoneEvents.recorded.messages.size();
    List<Sent> missed = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      missed.add(sdk.send(bobAgainSession, bob, alice, "bob while alice's phone is off " + i));
    }
    for (int i = 0; i < 3; i++) {
      missed.add(sdk.send(aliceSession, alice, bob, "alice from her desktop while her phone is off " + i));
    }
    await().atMost(DELIVERY).untilAsserted(() ->
        assertThat(received(aliceEvents, missed)).as("on alice's desktop").isEqualTo(ids(missed)));
    long desktopLast = aliceEvents.messages.get(aliceEvents.messages.size() - 1).seq();
    await("the desktop's acks").atMost(DELIVERY).until(() -> aliceSession.readPosition() >= desktopLast);
    assertThat(alicePhoneEvents.recorded.messages).hasSize(receivedBefore);

    alicePhoneSession = sdk.open(alicePhone, alice, "chat-2", alicePhoneEvents);
    alicePhoneSession.caughtUp().get(30, TimeUnit.SECONDS);
    assertThat(received(alicePhoneEvents.recorded, missed)).as("on alice's phone").isEqualTo(ids(missed));
    sdk.assertDeliveredExactlyOnce(alicePhoneEvents.recorded, alice);
    assertThat(alicePhoneEvents.recorded.storeResets).isEmpty();
    assertThat(alicePhoneSession.readPosition()).isGreaterThanOrEqualTo(desktopLast);
    assertThat(alicePhoneEvents.readPositions).as("read positions told to the phone")
        .contains(new DeviceListener.ReadAt(desktopLast, receivedBefore));
    assertThat(alicePhoneEvents.recorded.kicks).isEmpty();
  }

  @Test
  @Order(4)
  void aGroupAcrossNodesReachesEveryDeviceOnceInOrderAndAMemberAddedOfflineSyncsFromJoining() throws Exception {
    spareNode = cluster.startNode("chat-4"); // the next step's, booting meanwhile
    cluster.forgetCodeRequestCounts(); // more users than one address may register in the gate's window
    grace = sdk.register("grace");
    TestUser frank = sdk.register("frank");
    graceSession = sdk.open(sdk.client, grace, "chat-2", graceEvents);
    RecordingListener frankFirstEvents = new RecordingListener();
    ChatSession frankFirst = sdk.open(sdk.client, frank, "chat-1", frankFirstEvents);
    befriend(aliceSession, alice, aliceEvents, graceSession, grace, graceEvents);
    befriend(aliceSession, alice, aliceEvents, frankFirst, frank, frankFirstEvents);
    frankFirst.close(); // offline until the group has moved on past his joining
    await().atMost(DELIVERY).until(() -> !cluster.statusClient().isOnline(frank.id()));

    long group = aliceSession.createGroup("across nodes", List.of(bob.id(), grace.id())).group().groupId();
    Map<String, RecordingListener> devices = new LinkedHashMap<>();
    devices.put("alice's desktop (chat-1)", aliceEvents);
    devices.put("alice's phone (chat-2)", alicePhoneEvents.recorded);
    devices.put("bob's laptop (chat-1)", bobAgainEvents);
    devices.put("grace (chat-2)", graceEvents);
    await("GROUP_CREATED on every device").atMost(DELIVERY).untilAsserted(() ->
        devices.forEach((device, events) -> assertThat(events.groupSeqs(group)).as(device).containsExactly(1L)));

    List<GroupSent> beforeFrank = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      beforeFrank.add(sendToGroup(aliceSession, alice, group, "alice's desktop to the group " + i));
      beforeFrank.add(sendToGroup(alicePhoneSession, alice, group, "alice's phone to the group " + i));
      beforeFrank.add(sendToGroup(bobAgainSession, bob, group, "bob to the group " + i));
      beforeFrank.add(sendToGroup(graceSession, grace, group, "grace to the group " + i));
    }
    assertThat(aliceSession.inviteToGroup(group, List.of(frank.id())).addedIds()).containsExactly(frank.id());
    List<GroupSent> afterFrank = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      afterFrank.add(sendToGroup(graceSession, grace, group, "grace after frank joined " + i));
      afterFrank.add(sendToGroup(bobAgainSession, bob, group, "bob after frank joined " + i));
      afterFrank.add(sendToGroup(alicePhoneSession, alice, group, "alice's phone after frank joined " + i));
    }
    List<GroupSent> sent = Stream.concat(beforeFrank.stream(), afterFrank.stream()).toList();
    assertThat(sent).extracting(GroupSent::seq).as("seqs of messages sent one after another").isSorted()
        .doesNotHaveDuplicates();

    List<GroupMessage> log = groupLog(bobAgainSession, group);
    assertThat(log).extracting(GroupMessage::seq).isEqualTo(LongStream.rangeClosed(1, log.size()).boxed().toList());
    assertThat(log).filteredOn(m -> !m.system()).extracting(GroupMessage::messageId)
        .isEqualTo(sent.stream().map(GroupSent::messageId).toList());
    await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> devices.forEach(
        (device, events) -> assertGroupDeliveredExactlyOnce(device, events, group, log, 0, sent)));
    for (RecordingListener events : List.of(aliceEvents, alicePhoneEvents.recorded, bobAgainEvents)) {
      long owner = (events == bobAgainEvents ? bob : alice).id();
      assertThat(events.groupEntries).filteredOn(m -> m.groupId() == group && !m.system())
          .allSatisfy(m -> assertThat(m.outgoing()).isEqualTo(m.senderId() == owner));
    }
    // Group notices are entries of the mailbox: with them, each device still has its mailbox once, in order.
    sdk.assertDeliveredExactlyOnce(aliceEvents, alice);
    sdk.assertDeliveredExactlyOnce(alicePhoneEvents.recorded, alice);

    // frank, added while offline, hears of it from his mailbox and syncs only what followed his joining.
    GroupMessage joined = log.stream().filter(m -> m.kind() == GroupMessageKind.MEMBERS_JOINED
        && m.targetIds().contains(frank.id())).findFirst().orElseThrow();
    RecordingListener frankEvents = new RecordingListener();
    ChatSession frankSession = sdk.open(sdk.client, frank, "chat-2", frankEvents);
    long joinedSeq = frankSession.getGroup(group).self().joinedSeq();
    assertThat(joinedSeq).isEqualTo(joined.seq() - 1);
    await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(frankEvents.groupNotices).extracting(GroupNotice::groupId, GroupNotice::kind)
          .containsExactly(tuple(group, GroupMessageKind.MEMBERS_JOINED));
      assertGroupDeliveredExactlyOnce("frank (chat-2, added offline)", frankEvents, group, log, joinedSeq, afterFrank);
    });
    assertThat(frankEvents.groupEntries).extracting(GroupMessage::messageId)
        .doesNotContainAnyElementsOf(beforeFrank.stream().map(GroupSent::messageId).toList());
    assertThat(groupLog(frankSession, group)).as("frank's SyncGroup from 0").extracting(GroupMessage::seq)
        .isEqualTo(log.stream().map(GroupMessage::seq).filter(seq -> seq > joinedSeq).toList());
    frankSession.close();
  }

  @Test
  @Order(5)
  @Timeout(value = 150, unit = TimeUnit.SECONDS) // includes chat-4's start on a loaded machine
  void aChatNodeKilledDuringGroupTrafficLosesAndDuplicatesNoAcknowledgedGroupMessage() throws Exception {
    try {
      groupTrafficThroughAKill();
    } finally {
      spareNode.kill(); // dead in any case before the later steps, which expect two nodes
    }
  }

  private void groupTrafficThroughAKill() throws Exception {
    spareNode.awaitReady(Duration.ofSeconds(60));
    await("chat-4 in the directory").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> cluster.statusClient().liveNodes().stream().anyMatch(n -> n.nodeId().equals("chat-4")));
    cluster.forgetCodeRequestCounts();
    TestUser heidi = sdk.register("heidi");
    TestUser ivan = sdk.register("ivan");
    Opened heidiOn4 = openPinned(heidi, "chat-4");
    Opened ivanOn4 = openPinned(ivan, "chat-4");
    befriend(aliceSession, alice, aliceEvents, heidiOn4.session(), heidi, heidiOn4.events());
    befriend(aliceSession, alice, aliceEvents, ivanOn4.session(), ivan, ivanOn4.events());
    long group = aliceSession.createGroup("through a kill", List.of(bob.id(), grace.id(), heidi.id(), ivan.id()))
        .group().groupId();
    Map<String, RecordingListener> devices = new LinkedHashMap<>();
    devices.put("alice's desktop (chat-1)", aliceEvents);
    devices.put("alice's phone (chat-2)", alicePhoneEvents.recorded);
    devices.put("bob's laptop (chat-1)", bobAgainEvents);
    devices.put("grace (chat-2)", graceEvents);
    devices.put("heidi (chat-4, killed)", heidiOn4.events());
    devices.put("ivan (chat-4, killed)", ivanOn4.events());
    await("GROUP_CREATED on every device").atMost(DELIVERY).untilAsserted(() ->
        devices.forEach((device, events) -> assertThat(events.groupSeqs(group)).as(device).containsExactly(1L)));

    List<GroupSender> senders = List.of(new GroupSender(aliceSession, alice, group),
        new GroupSender(graceSession, grace, group), new GroupSender(heidiOn4.session(), heidi, group),
        new GroupSender(ivanOn4.session(), ivan, group));
    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (GroupSender s : senders) {
        running.add(pool.submit(s));
      }
      await("every sender acknowledged before the kill").atMost(DELIVERY)
          .until(() -> senders.stream().allMatch(s -> s.acked.size() >= 3));
      spareNode.kill(); // SIGKILL with group sends in flight
      System.out.printf("chat-4 killed with %s group messages acknowledged%n",
          senders.stream().map(s -> s.user.name() + " " + s.acked.size()).toList());
      for (Future<Void> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<GroupSent> acked = senders.stream().flatMap(s -> s.acked.stream()).toList();
    System.out.printf("group traffic through the kill: %d acknowledged, duplicate acks %s, errors re-sent: %s%n",
        acked.size(), senders.stream().map(s -> s.user.name() + " " + s.duplicateAcks.get()).toList(),
        senders.stream().flatMap(s -> s.errors.stream()).toList());
    assertThat(acked).hasSize(senders.size() * GroupSender.COUNT);
    for (GroupSender s : senders) {
      assertThat(s.acked).extracting(GroupSent::seq).as("%s's seqs", s.user.name()).isSorted().doesNotHaveDuplicates();
    }
    for (Opened reconnected : List.of(heidiOn4, ivanOn4)) {
      assertThat(reconnected.events().states).extracting(RecordingListener.StateChange::state)
          .contains(ConnectionState.RECONNECTING);
      assertThat(reconnected.session().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    // The log: gap-free, every acknowledged message in it once, nothing else from a member.
    List<GroupMessage> log = groupLog(bobAgainSession, group);
    assertThat(log).extracting(GroupMessage::seq).isEqualTo(LongStream.rangeClosed(1, log.size()).boxed().toList());
    for (GroupSent s : acked) {
      assertThat(log).as("log entries of %s", s)
          .filteredOn(m -> m.senderId() == s.senderId() && m.clientMsgId().equals(s.clientMsgId())).singleElement()
          .satisfies(m -> assertThat(tuple(m.seq(), m.messageId())).isEqualTo(tuple(s.seq(), s.messageId())));
    }
    assertThat(log).filteredOn(m -> !m.system()).hasSize(acked.size());
    // Every member's device, on the survivors and reconnected from the dead node, has each once, in order.
    await().atMost(DELIVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> devices.forEach(
        (device, events) -> assertGroupDeliveredExactlyOnce(device, events, group, log, 0, acked)));
    for (ChatSession s : List.of(graceSession, heidiOn4.session(), ivanOn4.session())) {
      s.close(); // the later steps go on with the users they started with
    }
  }

  @Test
  @Order(6)
  void killedNodesClientsReconnectThroughTheGateAndGetEveryMessageOnce() throws Exception {
    carolSession = sdk.open(sdk.client, carol, "chat-2", carolEvents);
    ChatSession daveSession = sdk.open(sdk.noReconnectClient, dave, "chat-2", daveEvents);
    befriend(aliceSession, alice, aliceEvents, carolSession, carol, carolEvents);
    befriend(aliceSession, alice, aliceEvents, daveSession, dave, daveEvents);

    List<CompletableFuture<Sent>> sends = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sends.add(sdk.sendAsync(aliceSession, alice, carol, "alice to carol " + i));
      sends.add(sdk.sendAsync(carolSession, carol, alice, "carol to alice " + i));
    }
    cluster.node("chat-2").kill(); // SIGKILL with sends in flight

    // The dead node's bindings outlive it until their TTL: dave still looks online.
    assertThat(cluster.statusClient().sessions(dave.id())).extracting(PresenceBinding::nodeId).containsExactly("chat-2");
    assertThat(friend(aliceSession, dave).online()).isTrue();

    for (int i = 10; i < 15; i++) {
      sends.add(sdk.sendAsync(aliceSession, alice, carol, "alice to carol " + i));
      sends.add(sdk.sendAsync(carolSession, carol, alice, "carol to alice " + i)); // queued while reconnecting
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(45, TimeUnit.SECONDS);

    assertThat(carolEvents.states).extracting(RecordingListener.StateChange::state)
        .contains(ConnectionState.RECONNECTING);
    assertThat(carolSession.state()).isEqualTo(ConnectionState.CONNECTED);
    // alice's phone was on the killed node too: it reconnected and has every message of hers once.
    await().atMost(DELIVERY).untilAsserted(() -> {
      assertThat(alicePhoneEvents.recorded.states).extracting(RecordingListener.StateChange::state)
          .contains(ConnectionState.RECONNECTING);
      assertThat(alicePhoneSession.state()).isEqualTo(ConnectionState.CONNECTED);
      sdk.assertDeliveredExactlyOnce(aliceEvents, alice);
      sdk.assertDeliveredExactlyOnce(alicePhoneEvents.recorded, alice);
      sdk.assertDeliveredExactlyOnce(carolEvents, carol);
    });
    assertThat(alicePhoneEvents.recorded.kicks).isEmpty();
    await().atMost(DELIVERY).until(() -> daveSession.state() == ConnectionState.DISCONNECTED);
  }

  @Test
  @Order(7)
  void killedNodesUsersGoOfflineWhenTheirPresenceRunsOut() {
    await().atMost(LocalCluster.PRESENCE_TTL.plusSeconds(10)).untilAsserted(() -> {
      assertThat(cluster.statusClient().isOnline(dave.id())).isFalse();
      assertThat(friend(aliceSession, dave).online()).isFalse();
    });
    // carol was on the killed node too but reconnected: online on the survivor.
    assertThat(cluster.statusClient().sessions(carol.id())).extracting(PresenceBinding::nodeId).containsExactly("chat-1");
    assertThat(friend(aliceSession, carol).online()).isTrue();
    // So was alice's phone: its new session replaced the dead one; both her devices on the survivor.
    assertThat(cluster.statusClient().sessions(alice.id()))
        .extracting(PresenceBinding::nodeId, PresenceBinding::platform)
        .containsExactlyInAnyOrder(tuple("chat-1", Platform.DESKTOP), tuple("chat-1", Platform.MOBILE));
  }

  @Test
  @Order(8)
  void redisRestartLosesNoAcknowledgedMessage() throws Exception {
    RoleChild node = cluster.node("chat-1");
    cluster.redis.kill();
    List<CompletableFuture<Sent>> duringOutage = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      duringOutage.add(sdk.sendAsync(aliceSession, alice, carol, "alice to carol, Redis down " + i));
      duringOutage.add(sdk.sendAsync(carolSession, carol, alice, "carol to alice, Redis down " + i));
    }
    await("chat-1 reports Redis down").atMost(Duration.ofSeconds(30)).until(() -> node.health() == 503);
    assertThatThrownBy(() -> sdk.client.login(alice.email(), SdkDriver.PASSWORD))
        .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));

    cluster.redis.restart();
    await("chat-1 healthy again").atMost(Duration.ofSeconds(30)).until(() -> node.health() == 200);
    await("chat-1 back in the directory").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> cluster.statusClient().liveNodes().stream().anyMatch(n -> n.nodeId().equals("chat-1")));
    for (CompletableFuture<Sent> f : duringOutage) {
      f.handle((sent, error) -> sent).get(45, TimeUnit.SECONDS); // an ack or a clean error, never a hang
    }

    carriesOnOrReportsUnauthorized(aliceSession, alice, carol, aliceEvents);
    carriesOnOrReportsUnauthorized(carolSession, carol, alice, carolEvents);
    carriesOnOrReportsUnauthorized(bobAgainSession, bob, alice, bobAgainEvents); // idle during the outage
    carriesOnOrReportsUnauthorized(alicePhoneSession, alice, bob, alicePhoneEvents.recorded); // idle too
    System.out.printf("after the Redis restart: alice %s, alice's phone %s, carol %s, bob %s%n", aliceSession.state(),
        alicePhoneSession.state(), carolSession.state(), bobAgainSession.state());
    ChatSession live = aliceSession.state() == ConnectionState.CONNECTED ? aliceSession
        : carolSession.state() == ConnectionState.CONNECTED ? carolSession : null;
    if (live != null) { // otherwise the last step checks the mailboxes with fresh sessions
      List<ChatMessage> history = live.history(live == aliceSession ? carol.id() : alice.id(), 0, 200).messages();
      for (Sent s : sdk.conversation(alice, carol)) {
        assertThat(history).filteredOn(m -> m.messageId() == s.messageId()).singleElement()
            .satisfies(m -> assertThat(m.clientMsgId()).isEqualTo(s.clientMsgId()));
      }
    }
  }

  @Test
  @Order(9)
  void sessionsWhoseTokensRedisLostEndWithUnauthorizedAndFreshLoginsGetEverything() throws Exception {
    cluster.node("chat-1").stop(Duration.ofSeconds(15)); // every client must reconnect, with a lost token
    for (ChatSession s : List.of(aliceSession, alicePhoneSession, bobAgainSession, carolSession)) {
      await().atMost(DELIVERY).until(() -> s.state() == ConnectionState.DISCONNECTED);
    }
    for (RecordingListener events : List.of(aliceEvents, alicePhoneEvents.recorded, bobAgainEvents, carolEvents)) {
      assertThat(lastEndCause(events)).isInstanceOfSatisfying(ChatException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }

    cluster.startNode("chat-3").awaitReady(Duration.ofSeconds(60));
    for (TestUser user : List.of(alice, bob, carol)) {
      Opened fresh = openOnAFreshNode(sdk.client, user);
      fresh.session().caughtUp().get(30, TimeUnit.SECONDS);
      sdk.assertDeliveredExactlyOnce(fresh.events(), user);
      fresh.session().close();
    }
    // alice's phone logs in again as well: with what its store kept, it has everything once.
    await().atMost(DELIVERY).until(() -> alicePhone.sessions().isEmpty()); // the old session's store closed
    Opened phone = openOnAFreshNode(alicePhone, alice);
    phone.session().caughtUp().get(30, TimeUnit.SECONDS);
    assertThat(phone.events().storeResets).isEmpty();
    sdk.assertDeliveredExactlyOnce(Stream.concat(alicePhoneEvents.recorded.messages.stream(),
        phone.events().messages.stream()).toList(), Stream.concat(alicePhoneEvents.recorded.groupNotices.stream(),
        phone.events().groupNotices.stream()).toList(), alice);
    phone.session().close();
  }

  @Test
  @Order(10)
  void aPasswordResetAtTheGateKicksTheSessionsOfEveryDeviceAndRefusesTheirTokens() throws Exception {
    TestUser erin = sdk.register("erin");
    List<ParleyClient> devices = List.of(sdk.client, sdk.device("erin-phone", Platform.MOBILE));
    List<LoginResult> logins = new ArrayList<>();
    List<RecordingListener> events = new ArrayList<>();
    List<ChatSession> sessions = new ArrayList<>();
    for (ParleyClient device : devices) {
      RecordingListener listener = new RecordingListener();
      LoginResult login = device.login(erin.email(), SdkDriver.PASSWORD);
      ChatSession session = device.openSession(login, listener);
      session.caughtUp().get(30, TimeUnit.SECONDS);
      logins.add(login);
      events.add(listener);
      sessions.add(session);
    }
    assertThat(cluster.statusClient().sessions(erin.id())).extracting(PresenceBinding::platform)
        .containsExactlyInAnyOrder(Platform.DESKTOP, Platform.MOBILE);

    sdk.client.requestVerificationCode(erin.email(), CodePurpose.RESET_PASSWORD);
    sdk.client.resetPassword(erin.email(), cluster.awaitCode(erin.email(), 1), "a brand new secret 9");

    await().atMost(DELIVERY).untilAsserted(() -> {
      for (int i = 0; i < devices.size(); i++) {
        assertThat(events.get(i).kickReasons).as("kick reasons on %s", devices.get(i).platform())
            .containsExactly(KickReason.REVOKED.name());
        assertThat(events.get(i).kicks).containsExactly(AccountService.PASSWORD_RESET_REASON);
        assertThat(sessions.get(i).state()).isEqualTo(ConnectionState.DISCONNECTED);
      }
    });
    for (int i = 0; i < devices.size(); i++) {
      LoginResult login = logins.get(i);
      ParleyClient device = devices.get(i);
      assertThatThrownBy(() -> device.openSession(login, new RecordingListener()))
          .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
  }

  /** A session and the listener it was opened with. */
  private record Opened(ChatSession session, RecordingListener events) {}

  /**
   * Sends {@link #COUNT} messages to a group one after another, each under a client msg id of its
   * own, and each until acknowledged: the SDK queues it while reconnecting and re-sends it after a
   * lost ack; a send that still fails is sent again under the same id (at most {@link #ATTEMPTS} times).
   */
  private static final class GroupSender implements Callable<Void> {
    static final int COUNT = 30;
    static final int ATTEMPTS = 5;
    final ChatSession session;
    final TestUser user;
    final long groupId;
    final List<GroupSent> acked = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    /** Acks the server gave for a re-send it had stored already (the SDK re-sent after a lost ack). */
    final AtomicInteger duplicateAcks = new AtomicInteger();

    GroupSender(ChatSession session, TestUser user, long groupId) {
      this.session = session;
      this.user = user;
      this.groupId = groupId;
    }

    @Override
    public Void call() throws Exception {
      for (int i = 0; i < COUNT; i++) {
        String clientMsgId = user.name() + "-kill-" + i;
        for (int attempt = 1; ; attempt++) {
          try {
            GroupSendResult ack = session.sendGroupMessageAsync(groupId, user.name() + " during the kill " + i,
                clientMsgId).get(40, TimeUnit.SECONDS);
            if (ack.duplicate()) {
              duplicateAcks.incrementAndGet();
            }
            acked.add(GroupSent.of(ack, user));
            break;
          } catch (ExecutionException e) {
            errors.add(clientMsgId + " attempt " + attempt + ": " + e.getCause());
            if (attempt == ATTEMPTS) {
              throw new AssertionError(user.name() + " could not send " + clientMsgId + ": " + errors, e.getCause());
            }
          }
        }
      }
      return null;
    }
  }

  /** Opens {@code user}'s session pinned to a node that has just started, retrying as {@link #openOnAFreshNode}. */
  private Opened openPinned(TestUser user, String nodeId) {
    AtomicReference<Opened> opened = new AtomicReference<>();
    await("a session on " + nodeId).atMost(Duration.ofSeconds(60))
        .ignoreExceptionsMatching(e -> e instanceof ChatException c && c.code() == ErrorCode.UNAVAILABLE)
        .until(() -> {
          RecordingListener attempt = new RecordingListener();
          opened.set(new Opened(sdk.open(sdk.client, user, nodeId, attempt), attempt));
          return true;
        });
    return opened.get();
  }

  /**
   * Logs {@code user} in through the gate as {@code device} on a node that has just started. The
   * SDK's first connect does not retry, and this test's 3 s read-idle limit can close the first
   * Login on a node that has just started (cold JIT, pools and Redis connections) on a loaded
   * machine: this waits until a connect gets through, as an application would retry, each attempt
   * with a listener of its own so a failed one leaves nothing in the one checked.
   */
  private Opened openOnAFreshNode(ParleyClient device, TestUser user) {
    AtomicReference<Opened> opened = new AtomicReference<>();
    await("a session on the fresh node").atMost(Duration.ofSeconds(60))
        .ignoreExceptionsMatching(e -> e instanceof ChatException c && c.code() == ErrorCode.UNAVAILABLE)
        .until(() -> {
          RecordingListener attempt = new RecordingListener();
          opened.set(new Opened(device.connect(user.email(), SdkDriver.PASSWORD, attempt), attempt));
          return true;
        });
    return opened.get();
  }

  /** After Redis lost everything, a session either still sends, or has ended with UNAUTHORIZED. */
  private void carriesOnOrReportsUnauthorized(ChatSession session, TestUser from, TestUser to,
      RecordingListener events) throws Exception {
    Optional<Sent> sent = sdk.sendAsync(session, from, to, "after the Redis restart")
        .handle((s, error) -> Optional.ofNullable(s)).get(40, TimeUnit.SECONDS);
    if (sent.isEmpty()) {
      await().atMost(DELIVERY).until(() -> session.state() == ConnectionState.DISCONNECTED);
      if (!(lastEndCause(events) instanceof ChatException e) || e.code() != ErrorCode.UNAUTHORIZED) {
        fail(from.name() + "'s send failed but the session did not end with UNAUTHORIZED: " + events.states);
      }
    }
  }
}
