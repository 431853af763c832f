package dev.parley.sdk.e2e;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.service.AccountService;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.VerificationService;
import dev.parley.core.spi.TokenStore;
import dev.parley.sdk.ChatAddress;
import dev.parley.sdk.LoginResult;
import dev.parley.sdk.ParleyClient;
import dev.parley.server.ChatNode;
import dev.parley.server.ChatNodeBuilder;
import dev.parley.server.GateServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A whole cluster in this JVM on loopback: a gate and any number of chat nodes sharing in-memory
 * stores, presence and node directory, a cheap password hasher and a {@link MailTrap}. Nodes can
 * be stopped under connected clients. One per test.
 */
final class ParleyStack implements AutoCloseable {
  final Clock clock = Clock.systemUTC();
  final ChatLimits limits = ChatLimits.defaults();
  final InMemoryUserStore users = new InMemoryUserStore(clock);
  final InMemoryFriendStore friends = new InMemoryFriendStore();
  final InMemoryMessageStore messages = new InMemoryMessageStore();
  final InMemoryTokenStore tokens = new InMemoryTokenStore(TokenStore.DEFAULT_TTL, clock);
  final InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry(Duration.ofMinutes(1), clock);
  final InMemoryNodeDirectory directory = new InMemoryNodeDirectory(Duration.ofMinutes(1), clock);
  final InMemoryLoginLock loginLock = new InMemoryLoginLock();
  final MailTrap mail = new MailTrap();
  final InMemoryVerificationCodes codes = new InMemoryVerificationCodes(Duration.ofMinutes(10), 5, Duration.ofSeconds(60), clock);
  final AccountService accounts = new AccountService(users, codes, new VerificationService(codes, mail), tokens,
      Argon2PasswordHasher.forTesting(), new InMemoryRateLimiter(clock), directory, limits);
  final GateServer gate;
  private final List<ChatNode> nodes = new ArrayList<>();

  ParleyStack() {
    gate = GateServer.builder().host("127.0.0.1").port(0).accountService(accounts).limits(limits)
        .executorThreads(2).build().start();
  }

  URI gateUrl() {
    return URI.create("http://127.0.0.1:" + gate.port());
  }

  ChatNode startNode(String nodeId) {
    return startNode(nodeId, b -> b);
  }

  /** A node with more settings (a WebSocket port, TLS) on top of the stack's. */
  ChatNode startNode(String nodeId, UnaryOperator<ChatNodeBuilder> more) {
    ChatNode node = more.apply(ChatNode.builder().nodeId(nodeId).limits(limits)
        .userStore(users).friendStore(friends).messageStore(messages).presenceRegistry(presence)
        .tokenStore(tokens).nodeDirectory(directory).loginLock(loginLock)
        .blockingWork(4, 256).ioThreads(1)).build().start();
    nodes.add(node);
    return node;
  }

  static final String PASSWORD = "correct horse 42";

  /** Registers a new user through the gate with the mailed code; returns the email. */
  String register(ParleyClient client, String prefix) {
    String name = prefix + UUID.randomUUID().toString().substring(0, 8);
    String email = name + "@example.com";
    client.requestVerificationCode(email, CodePurpose.REGISTER);
    client.register(email, name, PASSWORD, mail.codeFor(email));
    return email;
  }

  /** Makes two users friends straight through the store. */
  void befriend(long a, long b) {
    FriendRequest r = friends.addRequest(a, b, "hi", "");
    friends.acceptRequest(r.id(), "").orElseThrow();
  }

  /** {@code login} redirected to another port (a proxy in front of its node). */
  static LoginResult via(LoginResult login, int port) {
    return login.withChat(new ChatAddress("127.0.0.1", port));
  }

  @Override
  public void close() {
    nodes.forEach(ChatNode::stop);
    gate.stop();
  }
}
