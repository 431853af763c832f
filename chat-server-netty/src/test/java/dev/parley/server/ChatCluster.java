package dev.parley.server;

import dev.parley.core.memory.InMemoryBlockStore;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.User;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.spi.NodeDirectory;
import dev.parley.core.spi.PresenceRegistry;
import dev.parley.core.testing.TestPki;
import dev.parley.server.testing.TestChatClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test wiring: shared in-memory stores, the given presence registry and node directory, chat
 * nodes started on ephemeral ports, users with session tokens made straight through the SPIs,
 * and clients that are closed with the cluster. With {@link #tls} the nodes' client ports speak
 * TLS with a certificate from a test CA of the cluster's own, and the clients trust that CA. One
 * per test.
 */
final class ChatCluster implements AutoCloseable {
  /** A user the test made, with a live session token. */
  record TestUser(long id, String name, String token) {}

  final InMemoryUserStore users = new InMemoryUserStore();
  final InMemoryFriendStore friends = new InMemoryFriendStore();
  final InMemoryMessageStore messages = new InMemoryMessageStore();
  final InMemoryGroupStore groups = new InMemoryGroupStore();
  final InMemoryBlockStore blocks = new InMemoryBlockStore();
  final InMemoryTokenStore tokens = new InMemoryTokenStore(Duration.ofHours(1), Clock.systemUTC());
  final InMemoryLoginLock loginLock = new InMemoryLoginLock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final PresenceRegistry presence;
  final NodeDirectory directory;
  private final List<ChatNode> nodes = new ArrayList<>();
  private final List<TestChatClient> clients = new ArrayList<>();
  private boolean offloadAllRequests;
  private boolean nio;
  private Path tlsDir;
  private TestPki pki;
  private TlsSettings nodeTls;
  private TestChatClient.Tls clientTls;
  private TlsSettings internalTls;

  ChatCluster(PresenceRegistry presence, NodeDirectory directory) {
    this.presence = presence;
    this.directory = directory;
  }

  /** Nodes started from now on send every request to their blocking-work threads. */
  ChatCluster offloadAllRequests() {
    offloadAllRequests = true;
    return this;
  }

  /** Nodes started from now on use Netty's NIO transport instead of epoll. */
  ChatCluster nio() {
    nio = true;
    return this;
  }

  /**
   * Nodes started from now on take TLS on their client port with {@code engine} (a certificate
   * for localhost from this cluster's {@link #pki()}), and {@link #connect} connects over TLS
   * trusting that CA.
   */
  ChatCluster tls(TlsSettings.Engine engine) {
    try {
      tlsDir = Files.createTempDirectory("parley-tls-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pki = TestPki.create(tlsDir, "cluster");
    TestPki.Issued server = pki.issue("chat-node");
    nodeTls = TlsSettings.builder().certificateChain(server.chain()).privateKey(server.key()).engine(engine)
        .build();
    clientTls = TestChatClient.Tls.trusting(pki.caFile());
    return this;
  }

  /** The CA of {@link #tls}; IllegalStateException when the cluster has no TLS. */
  TestPki pki() {
    if (pki == null) {
      throw new IllegalStateException("the cluster has no TLS");
    }
    return pki;
  }

  /** What the nodes' client ports use (null: plaintext); a node's customizer may replace it. */
  TlsSettings nodeTls() {
    return nodeTls;
  }

  /** What {@link #connect} uses (null: plaintext). */
  TestChatClient.Tls clientTls() {
    return clientTls;
  }

  /**
   * Nodes started from now on serve and call internal gRPC over TLS with {@code tls} (mutual TLS
   * when it requires client certificates), and {@link #newSessionCloser} kicks over it.
   */
  ChatCluster internalTls(TlsSettings tls) {
    internalTls = tls;
    return this;
  }

  /** A gate's session closer for this cluster, over TLS when the nodes' internal gRPC is. */
  PresenceSessionCloser newSessionCloser() {
    return internalTls == null ? new PresenceSessionCloser(presence, directory)
        : new PresenceSessionCloser(presence, directory, PresenceSessionCloser.DEFAULT_CALL_TIMEOUT, internalTls);
  }

  ChatNode startNode(String nodeId, ChatLimits limits) {
    return startNode(nodeId, limits, b -> b);
  }

  ChatNode startNode(String nodeId, ChatLimits limits, UnaryOperator<ChatNodeBuilder> customize) {
    ChatNodeBuilder b = ChatNode.builder().nodeId(nodeId).limits(limits)
        .userStore(users).friendStore(friends).messageStore(messages).groupStore(groups).blockStore(blocks)
        .presenceRegistry(presence)
        .tokenStore(tokens).nodeDirectory(directory).loginLock(loginLock).meterRegistry(meters)
        .blockingWork(4, 256).ioThreads(2).offloadAllRequests(offloadAllRequests)
        .preferNativeTransport(!nio);
    if (nodeTls != null) {
      b.tls(nodeTls);
    }
    if (internalTls != null) {
      b.internalTls(internalTls);
    }
    ChatNode node = customize.apply(b).build().start();
    nodes.add(node);
    return node;
  }

  TestUser newUser(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    User u = users.create(new NewUser(name + "@example.com", name, "not-a-real-hash"));
    return new TestUser(u.id(), u.name(), tokens.issue(u.id()).token());
  }

  void befriend(TestUser a, TestUser b) {
    FriendRequest r = friends.addRequest(a.id(), b.id(), "hi", "");
    assertThat(friends.acceptRequest(r.id(), "")).isPresent();
  }

  TestChatClient connect(ChatNode node) {
    TestChatClient c = TestChatClient.connect("127.0.0.1", node.port(), clientTls);
    clients.add(c);
    return c;
  }

  /** Connects to {@code node} and logs in as {@code user}, checking the login succeeded. */
  TestChatClient login(ChatNode node, TestUser user) {
    TestChatClient c = connect(node);
    Frame answer = c.login(user.token());
    assertThat(answer.hasLoginResponse()).as("login answer %s", answer).isTrue();
    return c;
  }

  TestChatClient track(TestChatClient c) {
    clients.add(c);
    return c;
  }

  @Override
  public void close() {
    clients.forEach(TestChatClient::close);
    nodes.forEach(ChatNode::stop);
    if (tlsDir != null) {
      delete(tlsDir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
