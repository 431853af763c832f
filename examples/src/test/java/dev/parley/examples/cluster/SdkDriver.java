package dev.parley.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.model.CodePurpose;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.ChatMessage;
import dev.parley.sdk.ChatSession;
import dev.parley.sdk.Friend;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ReconnectPolicy;
import dev.parley.sdk.SendResult;
import dev.parley.sdk.testing.RecordingListener;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

/**
 * Drives SDK clients against a {@link LocalCluster} for {@link ClusterIT}: registers users through
 * the gate (codes from the test's SMTP server), opens sessions on chosen nodes, makes friends, and
 * remembers every acknowledged message so deliveries can be counted. Two clients with short
 * heartbeat and reconnect settings: one reconnects, one gives up at the first loss.
 * Thread-safe for recording; used by one test thread otherwise.
 */
final class SdkDriver implements AutoCloseable {
  static final Duration DELIVERY = Duration.ofSeconds(20);
  static final String PASSWORD = "cluster-test-pass-42";

  /** A registered user. */
  record TestUser(long id, String name, String email) {}

  /** An acknowledged message. */
  record Sent(long messageId, String clientMsgId, long senderId, long recipientId) {}

  private final LocalCluster cluster;
  final ParleyClient client;
  final ParleyClient noReconnectClient;
  private final List<Sent> acknowledged = new CopyOnWriteArrayList<>();

  SdkDriver(LocalCluster cluster) {
    this.cluster = cluster;
    this.client = sdk(ReconnectPolicy.exponential(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2));
    this.noReconnectClient = sdk(ReconnectPolicy.none());
  }

  private ParleyClient sdk(ReconnectPolicy policy) {
    ParleyClient.Builder b = ParleyClient.builder().gateUrl(cluster.gateUrl()).heartbeatInterval(Duration.ofSeconds(1))
        .connectTimeout(Duration.ofSeconds(3)).requestTimeout(Duration.ofSeconds(8))
        .sendTimeout(Duration.ofSeconds(30)).reconnectPolicy(policy);
    if (cluster.tls()) {
      b.trustedCertificates(cluster.publicCaFile()); // the gate's and the nodes' CA; hostname checks stay on
    }
    return b.build();
  }

  /** Registers a new user whose name starts with {@code prefix}, with the code mailed by the verify role. */
  TestUser register(String prefix) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String email = prefix + "-" + suffix + "@parley.test";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    long id = client.register(email, prefix + "_" + suffix, PASSWORD, cluster.awaitCode(email)).userId();
    return new TestUser(id, prefix + "_" + suffix, email);
  }

  /** Logs in at the gate, then opens the session on the named node (the token is good on any node). */
  ChatSession open(ParleyClient c, TestUser user, String nodeId, RecordingListener events) {
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
    List<Sent> mine = acknowledged.stream().distinct()
        .filter(s -> s.senderId() == user.id() || s.recipientId() == user.id()).toList();
    assertThat(mine).as("acknowledged messages of %s", user.name()).isNotEmpty();
    for (Sent s : mine) {
      assertThat(events.timesDelivered(s.messageId())).as("deliveries of %s to %s", s, user.name()).isEqualTo(1);
    }
    List<Long> seqs = events.messages.stream().map(ChatMessage::seq).toList();
    assertThat(seqs).as("mailbox seqs of %s", user.name())
        .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
  }

  @Override
  public void close() {
    client.close();
    noReconnectClient.close();
  }

  private Sent record(SendResult result, TestUser from, TestUser to) {
    Sent sent = new Sent(result.messageId(), result.clientMsgId(), from.id(), to.id());
    acknowledged.add(sent);
    return sent;
  }
}
