package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.KickReason;
import dev.parley.core.model.Platform;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatListener;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.ConnectionState;
import dev.parley.sdk.Friend;
import dev.parley.sdk.FriendRequest;
import dev.parley.sdk.Group;
import dev.parley.sdk.GroupMessage;
import dev.parley.sdk.GroupMessagePage;
import dev.parley.sdk.GroupNotice;
import dev.parley.sdk.GroupSendResult;
import dev.parley.sdk.JoinRequest;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.store.LocalStoreFactory;
import dev.parley.sdk.testing.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Drives SDK clients against a {@link LocalCluster} for {@link ClusterIT}: registers users through
 * the gate (codes from the test's SMTP server), opens sessions on chosen nodes, makes friends, and
 * remembers every acknowledged message so deliveries can be counted. Two clients with short
 * heartbeat and reconnect settings: one reconnects, one gives up at the first loss; both DESKTOP
 * devices of random ids with in-memory stores. {@link #device} adds a client per named device
 * (its id and platform, a durable store of its own), as a user's phone or second laptop would be.
 * Thread-safe for recording; used by one test thread otherwise.
 */
final class SdkDriver implements AutoCloseable {
  static final Duration DELIVERY = Duration.ofSeconds(20);
  static final String PASSWORD = "cluster-test-pass-42";

  /** A registered user. */
  record TestUser(long id, String name, String email) {}

  /** An acknowledged message. */
  record Sent(long messageId, String clientMsgId, long senderId, long recipientId) {}

  /** An acknowledged group message: its entry's seq in the group's log. */
  record GroupSent(long groupId, long seq, long messageId, String clientMsgId, long senderId) {
    static GroupSent of(GroupSendResult result, TestUser from) {
      return new GroupSent(result.groupId(), result.seq(), result.messageId(), result.clientMsgId(), from.id());
    }
  }

  private final LocalCluster cluster;
  final ParleyClient client;
  final ParleyClient noReconnectClient;
  private final List<Sent> acknowledged = new CopyOnWriteArrayList<>();
  private final Map<String, ParleyClient> devices = new ConcurrentHashMap<>();

  SdkDriver(LocalCluster cluster) {
    this.cluster = cluster;
    this.client = sdk(ReconnectPolicy.exponential(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2)).build();
    this.noReconnectClient = sdk(ReconnectPolicy.none()).build();
  }

  private ParleyClient.Builder sdk(ReconnectPolicy policy) {
    ParleyClient.Builder b = ParleyClient.builder().gateUrl(cluster.gateUrl()).heartbeatInterval(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(8))
        .sendTimeout(Duration.ofSeconds(30)).reconnectPolicy(policy);
    if (cluster.tls()) {
      b.trustedCertificates(cluster.publicCaFile()); // the gate's and the nodes' CA; hostname checks stay on
    }
    return b;
  }

  /**
   * The client of the device {@code deviceId} (made on first use, closed with the driver): it logs
   * in as that device on {@code platform}, reconnects like {@link #client}, and keeps its local
   * stores in a directory of its own under the cluster's log directory, so a session opened again
   * on this device continues from what the device had received.
   *
   * @throws IllegalArgumentException when the device was made before with another platform
   */
  ParleyClient device(String deviceId, Platform platform) {
    ParleyClient c = devices.computeIfAbsent(deviceId, id -> sdk(ReconnectPolicy.exponential(Duration.ofMillis(200),
        Duration.ofSeconds(1), 0.2)).deviceId(id).platform(platform).deviceName("cluster-it " + id)
        .localStoreFactory(LocalStoreFactory.mvStore(cluster.logDir.resolve("devices").resolve(id))).build());
    if (c.platform() != platform) {
      throw new IllegalArgumentException("device " + deviceId + " is " + c.platform() + ", not " + platform);
    }
    return c;
  }

  /** Registers a new user whose name starts with {@code prefix}, with the code mailed by the verify role. */
  TestUser register(String prefix) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = prefix + "-" + suffix + "@parley.test";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    long id = client.register(email, prefix + "_" + suffix, PASSWORD, cluster.awaitCode(email)).userId();
    return new TestUser(id, prefix + "_" + suffix, email);
  }

  /**
   * Logs in at the gate as {@code c}'s device, then opens the session on the named node (the token
   * is good on any node, for that device).
   */
  ChatSession open(ParleyClient c, TestUser user, String nodeId, ChatListener events) {
    LoginResult login = c.login(user.email(), PASSWORD);
    assertThat(login.userId()).isEqualTo(user.id());
    ChatAddress pinned = new ChatAddress("127.0.0.1", cluster.node(nodeId).port("port"), cluster.tls(), 0);
    return c.openSession(login.withChat(pinned), events);
  }

  /** {@code from} asks, {@code to} accepts; returns once both sides heard of it. */
  static void befriend(ChatSession from, TestUser fromUser, RecordingListener fromEvents,
      ChatSession to, TestUser toUser, RecordingListener toEvents) {
    from.sendFriendRequest(toUser.id(), "hi", toUser.name());
    await().atMost(DELIVERY).until(() -> toEvents.friendRequests.stream()
        .anyMatch(r -> r.from().userId() == fromUser.id()));
    to.acceptFriendRequest(fromUser.id(), fromUser.name());
    await().atMost(DELIVERY).until(() -> fromEvents.friendsAdded.stream().anyMatch(f -> f.userId() == toUser.id()));
  }

  /** {@code user} as the server lists them among {@code session}'s friends, with the online flag. */
  static Friend friend(ChatSession session, TestUser user) {
    return session.friends().stream().filter(f -> f.userId() == user.id()).findFirst()
        .orElseThrow(() -> new AssertionError(user.name() + " is not a friend"));
  }

  Sent send(ChatSession session, TestUser from, TestUser to, String text) {
    return record(session.sendMessage(to.id(), text), from, to);
  }

  CompletableFuture<Sent> sendAsync(ChatSession session, TestUser from, TestUser to, String text) {
    return session.sendMessageAsync(to.id(), text).thenApply(r -> record(r, from, to));
  }

  /** Sends {@code text} to group {@code groupId} and waits for the ack. */
  static GroupSent sendToGroup(ChatSession session, TestUser from, long groupId, String text) {
    return GroupSent.of(session.sendGroupMessage(groupId, text), from);
  }

  /** The server ids of the messages of {@code events} that are among {@code sent}, in the order received. */
  static List<Long> received(RecordingListener events, List<Sent> sent) {
    List<Long> ids = sent.stream().map(Sent::messageId).toList();
    return events.messages.stream().map(ChatMessage::messageId).filter(ids::contains).toList();
  }

  /** The server ids of {@code sent}, in order. */
  static List<Long> ids(List<Sent> sent) {
    return sent.stream().map(Sent::messageId).toList();
  }

  /** The cause the listener's latest session ended with (null: it has not ended, or ended normally). */
  static Throwable lastEndCause(RecordingListener events) {
    List<RecordingListener.StateChange> ends = events.states.stream()
        .filter(s -> s.state() == ConnectionState.DISCONNECTED).toList();
    return ends.isEmpty() ? null : ends.get(ends.size() - 1).cause();
  }

  /** The acknowledged messages between {@code a} and {@code b}, each once. */
  List<Sent> conversation(TestUser a, TestUser b) {
    return acknowledged.stream().filter(s -> (s.senderId() == a.id() && s.recipientId() == b.id())
        || (s.senderId() == b.id() && s.recipientId() == a.id())).distinct().toList();
  }

  /**
   * Every acknowledged message to or from {@code user} reached this session's application exactly
   * once, and the session saw its mailbox as seq 1, 2, 3, ... without gaps or repeats.
   */
  void assertDeliveredExactlyOnce(RecordingListener events, TestUser user) {
    assertDeliveredExactlyOnce(events.messages, events.groupNotices, user);
  }

  /**
   * {@link #assertDeliveredExactlyOnce(RecordingListener, TestUser)} for the messages and group
   * notices one device's application received, in the order received (over several sessions of the
   * device, joined). A group notice is an entry of the mailbox too: messages and notices together
   * hold the seqs 1, 2, 3, ..., each once, and each kind arrives in ascending seq order.
   */
  void assertDeliveredExactlyOnce(List<ChatMessage> received, List<GroupNotice> notices, TestUser user) {
    List<Sent> mine = acknowledged.stream().distinct()
        .filter(s -> s.senderId() == user.id() || s.recipientId() == user.id()).toList();
    assertThat(mine).as("acknowledged messages of %s", user.name()).isNotEmpty();
    for (Sent s : mine) {
      assertThat(received.stream().filter(m -> m.messageId() == s.messageId()).count())
          .as("deliveries of %s to %s", s, user.name()).isEqualTo(1);
    }
    List<Long> seqs = received.stream().map(ChatMessage::seq).toList();
    List<Long> noticeSeqs = notices.stream().map(GroupNotice::mailboxSeq).toList();
    assertThat(seqs).as("mailbox seqs of %s's messages", user.name()).isSorted();
    assertThat(noticeSeqs).as("mailbox seqs of %s's group notices", user.name()).isSorted();
    List<Long> all = Stream.concat(seqs.stream(), noticeSeqs.stream()).sorted().toList();
    assertThat(all).as("mailbox seqs of %s (messages %s, group notices %s)", user.name(), seqs, noticeSeqs)
        .isEqualTo(LongStream.rangeClosed(1, all.size()).boxed().toList());
  }

  /**
   * {@code events} heard group {@code groupId}'s log as exactly the entries of {@code log} from
   * {@code afterSeq} on (seq order, each once, nothing from before), with each of {@code sent}
   * exactly once under its seq and message id.
   */
  static void assertGroupDeliveredExactlyOnce(String device, RecordingListener events, long groupId,
      List<GroupMessage> log, long afterSeq, List<GroupSent> sent) {
    List<Long> expected = log.stream().map(GroupMessage::seq).filter(seq -> seq > afterSeq).toList();
    assertThat(events.groupSeqs(groupId)).as("group %d seqs on %s", groupId, device).isEqualTo(expected);
    for (GroupSent s : sent) {
      assertThat(events.groupEntries).as("deliveries of %s on %s", s, device)
          .filteredOn(m -> m.groupId() == groupId && m.messageId() == s.messageId()).singleElement()
          .satisfies(m -> assertThat(m.seq()).isEqualTo(s.seq()));
    }
  }

  /** The whole of group {@code groupId}'s log that {@code session}'s user may see, by SyncGroup pages from 0. */
  static List<GroupMessage> groupLog(ChatSession session, long groupId) {
    List<GroupMessage> log = new ArrayList<>();
    long after = 0;
    for (int page = 0; page < 1000; page++) {
      GroupMessagePage p = session.syncGroup(groupId, after, 50);
      log.addAll(p.messages());
      if (!p.hasMore() || p.messages().isEmpty()) {
        return log;
      }
      after = p.messages().get(p.messages().size() - 1).seq();
    }
    throw new AssertionError("group " + groupId + "'s log does not end: " + log.size() + " entries read");
  }

  @Override
  public void close() {
    client.close();
    noReconnectClient.close();
    devices.values().forEach(ParleyClient::close);
  }

  private Sent record(SendResult result, TestUser from, TestUser to) {
    Sent sent = new Sent(result.messageId(), result.clientMsgId(), from.id(), to.id());
    acknowledged.add(sent);
    return sent;
  }

  /**
   * The listener of one device over all its sessions: forwards every callback to {@link #recorded},
   * notes how many messages had arrived when each read position was reported, and can hold one
   * message in {@code onMessage} until {@link #release()}d (at most {@link #HOLD_LIMIT}). While a
   * message is held the session's later callbacks wait, and the session does not acknowledge it.
   * Thread-safe.
   */
  static final class DeviceListener implements ChatListener {
    static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

    /** A read position reported, and how many messages the device had received then. */
    record ReadAt(long ackedSeq, int messagesBefore) {}

    final RecordingListener recorded = new RecordingListener();
    final List<ReadAt> readPositions = new CopyOnWriteArrayList<>();
    private volatile Predicate<ChatMessage> toHold = m -> false;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(0);

    /** Holds the next message that matches {@code which}. */
    void hold(Predicate<ChatMessage> which) {
      held = new CountDownLatch(1);
      released = new CountDownLatch(1);
      toHold = which;
    }

    /** Whether a message is being held now. */
    boolean holding() {
      return held.getCount() == 0 && released.getCount() > 0;
    }

    /** Lets the held message (if any) through; holds nothing more. */
    void release() {
      toHold = m -> false;
      released.countDown();
    }

    @Override
    public void onMessage(ChatMessage message) {
      if (toHold.test(message)) {
        toHold = m -> false;
        held.countDown();
        try {
          released.await(HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      recorded.onMessage(message);
    }

    @Override
    public void onReadPosition(long ackedSeq) {
      readPositions.add(new ReadAt(ackedSeq, recorded.messages.size()));
      recorded.onReadPosition(ackedSeq);
    }

    @Override
    public void onLocalStoreReset(String reason) {
      recorded.onLocalStoreReset(reason);
    }

    @Override
    public void onFriendRequest(FriendRequest request) {
      recorded.onFriendRequest(request);
    }

    @Override
    public void onFriendAdded(Friend friend) {
      recorded.onFriendAdded(friend);
    }

    @Override
    public void onPresence(long userId, boolean online) {
      recorded.onPresence(userId, online);
    }

    @Override
    public void onReadReceipt(long peerId, long upToMessageId) {
      recorded.onReadReceipt(peerId, upToMessageId);
    }

    @Override
    public void onKicked(KickReason reason, String text) {
      recorded.onKicked(reason, text);
    }

    @Override
    public void onStateChanged(ConnectionState state, Throwable cause) {
      recorded.onStateChanged(state, cause);
    }

    @Override
    public void onGroupMessage(GroupMessage message) {
      recorded.onGroupMessage(message);
    }

    @Override
    public void onGroupUpdated(Group group, GroupMessage entry) {
      recorded.onGroupUpdated(group, entry);
    }

    @Override
    public void onGroupNotice(GroupNotice notice) {
      recorded.onGroupNotice(notice);
    }

    @Override
    public void onJoinRequest(JoinRequest request) {
      recorded.onJoinRequest(request);
    }

    @Override
    public void onGroupReadPosition(long groupId, long readSeq) {
      recorded.onGroupReadPosition(groupId, readSeq);
    }
  }
}
