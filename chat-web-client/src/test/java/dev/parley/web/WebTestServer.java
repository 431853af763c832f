package dev.parley.web;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryChangeFeed;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.CodeLimits;
import dev.parley.server.ChatNode;
import dev.parley.server.ParleyServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A real all-in-one {@link ParleyServer} (gate serving the web client, chat node with its WebSocket)
 * on loopback with a {@link MailSink}, whose in-memory backends the test holds so that a second
 * chat node can share them: {@link #startSecondNode()} then {@link #stopFirstNode()} moves every
 * page to another node, as a rolling restart would. Code limits are raised so a test may sign up
 * several users from the one loopback address. The page's CSP lets it connect to any loopback
 * WebSocket port, so that it may follow the user to the second node.
 */
final class WebTestServer implements AutoCloseable {
  final MailSink mail = new MailSink();
  private final InMemoryUserStore users = new InMemoryUserStore();
  private final InMemoryFriendStore friends = new InMemoryFriendStore();
  private final InMemoryMessageStore messages = new InMemoryMessageStore();
  private final InMemoryGroupStore groups = new InMemoryGroupStore();
  private final InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry();
  private final InMemoryTokenStore tokens = new InMemoryTokenStore();
  private final InMemoryNodeDirectory directory = new InMemoryNodeDirectory();
  private final InMemoryRateLimiter rateLimiter = new InMemoryRateLimiter();
  private final InMemoryLoginLock loginLock = new InMemoryLoginLock();
  private final InMemoryChangeFeed changeFeed = new InMemoryChangeFeed();
  private final ChatLimits limits = ChatLimits.defaults().withCodeLimits(new CodeLimits(100, Duration.ofMinutes(10), 600, 20));
  private final ParleyServer server;
  private ChatNode second;

  WebTestServer() {
    server = ParleyServer.builder().host("127.0.0.1").mailSender(mail).passwordHasher(Argon2PasswordHasher.forTesting())
        .limits(limits).userStore(users).friendStore(friends).messageStore(messages).groupStore(groups)
        .presenceRegistry(presence).tokenStore(tokens).verificationCodes(new InMemoryVerificationCodes())
        .nodeDirectory(directory).rateLimiter(rateLimiter).loginLock(loginLock).changeFeed(changeFeed)
        // any loopback WebSocket port: the pages must reach the second node too, and a page loaded
        // while no node runs must reach the one that comes up (the all-in-one default names only its own)
        .gate(gate -> gate.staticContent(WebClient.builder().connectSources(List.of("ws://127.0.0.1:*")).build()))
        .build().start();
  }

  /** The page's address, e.g. {@code http://127.0.0.1:40123/}. */
  String pageUrl() {
    return server.gateUrl() + "/";
  }

  ParleyServer server() {
    return server;
  }

  /** Starts another chat node on the same backends, accepting WebSocket upgrades from the page's origin. */
  ChatNode startSecondNode() {
    int gatePort = URI.create(server.gateUrl()).getPort();
    second = ChatNode.builder().nodeId("chat-2").host("127.0.0.1").port(0).webSocketPort(0)
        .webSocketAllowedOrigins(List.of("http://127.0.0.1:" + gatePort, "http://localhost:" + gatePort))
        .userStore(users).friendStore(friends).messageStore(messages).groupStore(groups).presenceRegistry(presence)
        .tokenStore(tokens).nodeDirectory(directory).rateLimiter(rateLimiter).loginLock(loginLock).changeFeed(changeFeed)
        .limits(limits).build().start();
    return second;
  }

  /** Stops the all-in-one server's own chat node (the gate keeps serving the page and routes). */
  void stopFirstNode() {
    server.chatNode().stop();
  }

  @Override
  public void close() {
    if (second != null) {
      second.stop();
    }
    server.stop();
  }
}
