package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static dev.parley.core.service.ServiceFixture.emailOf;
import static dev.parley.core.service.ServiceFixture.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.crypto.Argon2PasswordHasher;
import dev.parley.core.model.ChatNodeInfo;
import dev.parley.core.model.LoginResult;
import dev.parley.core.model.SessionToken;
import dev.parley.core.model.User;
import dev.parley.core.spi.PasswordHasher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Login, session routing and authentication through {@link AccountService}. */
class AccountServiceLoginTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final String ADDRESS = "192.0.2.7";

  private final CountingHasher hasher = new CountingHasher(Argon2PasswordHasher.forTesting());
  private final ServiceFixture f =
      new ServiceFixture(ChatLimits.defaults().withLoginAttempts(3, 5, WINDOW), hasher);
  private final ChatNodeInfo node = f.registerNode("node-1", 7001);

  @Test
  void loginIssuesATokenAndAssignsALiveNode() {
    User user = f.register(uniqueName("Login"));

    LoginResult result = f.accounts.login(user.email().toUpperCase(), PASSWORD, ADDRESS);

    assertThat(result.user()).isEqualTo(user);
    assertThat(result.node().nodeId()).isEqualTo(node.nodeId());
    assertThat(result.node().port()).isEqualTo(7001);
    assertThat(result.token().userId()).isEqualTo(user.id());
    assertThat(f.accounts.authenticate(result.token().token()).userId()).isEqualTo(user.id());
  }

  @Test
  void wrongPasswordAndUnknownEmailAreIndistinguishable() {
    User user = f.register(uniqueName("Creds"));

    ChatException wrong = expectError(ErrorCode.INVALID_CREDENTIALS,
        () -> f.accounts.login(user.email(), PASSWORD + "x", ADDRESS));
    ChatException unknown = expectError(ErrorCode.INVALID_CREDENTIALS,
        () -> f.accounts.login(emailOf(uniqueName("Nobody")), PASSWORD, ADDRESS));

    assertThat(unknown.detail()).isEqualTo(wrong.detail());
  }

  @Test
  void unknownEmailStillCostsOnePasswordVerification() {
    hasher.verifications.set(0);

    expectError(ErrorCode.INVALID_CREDENTIALS,
        () -> f.accounts.login(emailOf(uniqueName("Ghost")), PASSWORD, ADDRESS));

    assertThat(hasher.verifications).hasValue(1);
  }

  @Test
  void missingOrOverlongPasswordIsInvalidCredentials() {
    User user = f.register(uniqueName("NoPw"));

    expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(user.email(), null, ADDRESS));
    expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(user.email(), "x".repeat(10_000), ADDRESS));
  }

  @Test
  void loginAttemptsPerEmailAreRateLimitedWithRetryAfter() {
    User user = f.register(uniqueName("Limited"));
    for (int i = 0; i < 3; i++) {
      expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(user.email(), "wrong pass 1", ADDRESS));
    }

    ChatException limited = expectError(ErrorCode.RATE_LIMITED,
        () -> f.accounts.login(user.email(), PASSWORD, "198.51.100.1"));
    assertThat(limited.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);

    f.clock.advance(limited.retryAfter());
    f.nodes.heartbeat(node.nodeId(), 0);
    assertThat(f.accounts.login(user.email(), PASSWORD, ADDRESS).user().id()).isEqualTo(user.id());
  }

  @Test
  void loginAttemptsPerAddressAreRateLimitedAcrossEmails() {
    for (int i = 0; i < 5; i++) {
      String email = emailOf(uniqueName("Spray"));
      expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(email, PASSWORD, ADDRESS));
    }
    User user = f.register(uniqueName("Victim"));

    ChatException limited = expectError(ErrorCode.RATE_LIMITED, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
    assertThat(limited.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
    assertThat(limited.detail()).contains(ADDRESS);

    assertThat(f.accounts.login(user.email(), PASSWORD, "203.0.113.9").user().id()).isEqualTo(user.id());
  }

  @Test
  void noLiveNodeIsNoChatNode() {
    User user = f.register(uniqueName("Nodeless"));
    f.clock.advance(ServiceFixture.NODE_STALE_AFTER.plusSeconds(1));

    expectError(ErrorCode.NO_CHAT_NODE, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
  }

  @Test
  void routeGivesAReconnectingClientANode() {
    User user = f.register(uniqueName("Route"));
    SessionToken token = f.accounts.login(user.email(), PASSWORD, ADDRESS).token();

    assertThat(f.accounts.route(token.token()).nodeId()).isEqualTo(node.nodeId());

    f.nodes.deregister(node.nodeId());
    expectError(ErrorCode.NO_CHAT_NODE, () -> f.accounts.route(token.token()));
  }

  @Test
  void routeAndAuthenticateRefuseBadTokens() {
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.route("no-such-token"));
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.route(null));
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.route(""));
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.authenticate("no-such-token"));
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.authenticate("t".repeat(100_000)));
  }

  @Test
  void expiredOrRevokedTokenIsUnauthorized() {
    User user = f.register(uniqueName("Expiry"));
    SessionToken first = f.accounts.login(user.email(), PASSWORD, ADDRESS).token();
    SessionToken second = f.accounts.login(user.email(), PASSWORD, ADDRESS).token();

    f.tokens.revoke(second.token());
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.authenticate(second.token()));

    assertThat(f.accounts.authenticate(first.token()).userId()).isEqualTo(user.id());
    f.clock.advance(ServiceFixture.TOKEN_TTL.plusSeconds(1));
    f.nodes.heartbeat(node.nodeId(), 0);
    expectError(ErrorCode.UNAUTHORIZED, () -> f.accounts.route(first.token()));
  }

  /** Counts verifications so a test can see that unknown emails pay for one too. */
  private static final class CountingHasher implements PasswordHasher {
    final AtomicInteger verifications = new AtomicInteger();
    private final PasswordHasher delegate;

    CountingHasher(PasswordHasher delegate) {
      this.delegate = delegate;
    }

    @Override
    public String hash(String password) {
      return delegate.hash(password);
    }

    @Override
    public boolean verify(String password, String hash) {
      verifications.incrementAndGet();
      return delegate.verify(password, hash);
    }
  }
}
