package dev.parley.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.User;
import dev.parley.core.service.ChatLimits;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.LoginResult;
import dev.parley.server.ChatNode;
import dev.parley.server.ChatNodeBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Chat nodes on loopback sharing in-memory stores, with users and tokens made straight through
 * the SPIs: for tests of the session against a real node without the gate. One per test.
 */
final class NodeFixture implements AutoCloseable {
  record TestUser(long id, String name, String token) {}

  final InMemoryUserStore users = new InMemoryUserStore();
  final InMemoryFriendStore friends = new InMemoryFriendStore();
  final InMemoryMessageStore messages = new InMemoryMessageStore();
  final InMemoryTokenStore tokens = new InMemoryTokenStore(Duration.ofHours(1), Clock.systemUTC());
  final InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry(Duration.ofMinutes(1), Clock.systemUTC());
  final InMemoryNodeDirectory directory = new InMemoryNodeDirectory(Duration.ofMinutes(1), Clock.systemUTC());
  final InMemoryLoginLock loginLock = new InMemoryLoginLock();
  private final List<ChatNode> nodes = new ArrayList<>();

  ChatNode startNode(String nodeId) {
    return startNode(nodeId, b -> b);
  }

  /** A node with more settings (TLS, for instance) on top of the fixture's. */
  ChatNode startNode(String nodeId, UnaryOperator<ChatNodeBuilder> more) {
    ChatNode node = more.apply(ChatNode.builder().nodeId(nodeId).limits(ChatLimits.defaults())
        .userStore(users).friendStore(friends).messageStore(messages).presenceRegistry(presence)
        .tokenStore(tokens).nodeDirectory(directory).loginLock(loginLock)
        .blockingWork(4, 256).ioThreads(1)).build().start();
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

  /** What the gate would answer for {@code user}'s login, pointing at {@code port}. */
  static LoginResult login(TestUser user, int port) {
    return new LoginResult(user.id(), user.token(), java.time.Instant.now().plusSeconds(3600),
        new ChatAddress("127.0.0.1", port));
  }

  /** A new token for {@code user} (the old one stays valid). */
  String newToken(TestUser user) {
    SessionToken t = tokens.issue(user.id());
    return t.token();
  }

  @Override
  public void close() {
    nodes.forEach(ChatNode::stop);
  }
}
