package dev.parley.core.service;

import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryRateLimiter;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.memory.InMemoryVerificationCodes;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.CodePurpose;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.User;
import dev.parley.core.spi.PasswordHasher;
import dev.parley.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every service wired to the in-memory SPIs, a {@link MutableClock}, a recording mail sender and
 * recording events, as one embedded Parley would be. One fixture per test.
 */
final class ServiceFixture {
  static final Duration CODE_TTL = Duration.ofMinutes(10);
  static final int CODE_ATTEMPTS = 3;
  static final Duration CODE_ISSUE_INTERVAL = Duration.ofSeconds(60);
  static final Duration TOKEN_TTL = Duration.ofHours(1);
  static final Duration NODE_STALE_AFTER = Duration.ofSeconds(45);
  static final String PASSWORD = "correct horse 42";

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  final ChatLimits limits;
  final InMemoryUserStore users = new InMemoryUserStore(clock);
  final InMemoryFriendStore friendStore = new InMemoryFriendStore(clock);
  final InMemoryMessageStore messageStore = new InMemoryMessageStore();
  final InMemoryVerificationCodes codes =
      new InMemoryVerificationCodes(CODE_TTL, CODE_ATTEMPTS, CODE_ISSUE_INTERVAL, clock);
  final InMemoryTokenStore tokens = new InMemoryTokenStore(TOKEN_TTL, clock);
  final InMemoryNodeDirectory nodes = new InMemoryNodeDirectory(NODE_STALE_AFTER, clock);
  final InMemoryRateLimiter rateLimiter = new InMemoryRateLimiter(clock);
  final PasswordHasher hasher;
  final RecordingMailSender mail = new RecordingMailSender();
  final RecordingChatEvents events = new RecordingChatEvents();
  final VerificationService verification = new VerificationService(codes, mail);
  final AccountService accounts;
  final FriendService friends;
  final MessageService messages;
  final ProfileService profiles;

  ServiceFixture() {
    this(ChatLimits.defaults(), Argon2PasswordHasher.forTesting());
  }

  ServiceFixture(ChatLimits limits) {
    this(limits, Argon2PasswordHasher.forTesting());
  }

  ServiceFixture(ChatLimits limits, PasswordHasher hasher) {
    this.limits = limits;
    this.hasher = hasher;
    accounts = new AccountService(users, codes, verification, tokens, hasher, rateLimiter, nodes, limits);
    friends = new FriendService(users, friendStore, events, limits, rateLimiter, clock);
    messages = new MessageService(users, friendStore, messageStore, events, limits, clock);
    profiles = new ProfileService(users, friendStore, rateLimiter, limits);
  }

  /** A unique, valid name for this JVM run. */
  static String uniqueName(String prefix) {
    return prefix + SEQUENCE.incrementAndGet();
  }

  /** A client address no other caller in this JVM run uses, so per-address caps never meet. */
  static String uniqueAddress() {
    int n = SEQUENCE.incrementAndGet();
    return "10." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff);
  }

  static String emailOf(String name) {
    return name.toLowerCase() + "@example.com";
  }

  /** Registers {@code name} the way a client would: request a code, read the mail, register. */
  User register(String name) {
    String email = emailOf(name);
    accounts.requestCode(email, CodePurpose.REGISTER, uniqueAddress());
    return accounts.register(email, name, PASSWORD, mail.lastCodeFor(email));
  }

  /** Creates a user straight in the store, for tests that are not about accounts. */
  User user(String prefix) {
    String name = uniqueName(prefix);
    return users.create(new NewUser(emailOf(name), name, hasher.hash(PASSWORD)));
  }

  /** Makes {@code a} and {@code b} friends through the service and forgets the events it caused. */
  void befriend(User a, User b) {
    friends.sendRequest(a.id(), b.id(), "hi", "");
    friends.answer(b.id(), a.id(), true, "");
    events.clear();
  }

  ChatNodeInfo registerNode(String nodeId, int port) {
    ChatNodeInfo node = new ChatNodeInfo(nodeId, "127.0.0.1", port, "127.0.0.1", 0, 0, clock.instant());
    nodes.register(node);
    return node;
  }
}
