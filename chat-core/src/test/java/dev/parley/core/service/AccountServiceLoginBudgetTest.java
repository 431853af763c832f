package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static dev.parley.core.service.ServiceFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.User;
import dev.parley.core.spi.UserStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The login budget is a sliding window and is not spent by attempts that fail because a
 * dependency is down (issue 10, item 4).
 */
class AccountServiceLoginBudgetTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int PER_EMAIL = 2;
  private static final String ADDRESS = "192.0.2.40";

  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults().withLoginAttempts(PER_EMAIL, 3, WINDOW));
  private final User user = f.user("Budget");

  @Test
  void loginsWithoutALiveChatNodeDoNotSpendTheBudget() {
    for (int i = 0; i < 5; i++) {
      expectError(ErrorCode.NO_CHAT_NODE, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
    }
    f.registerNode("node-1", 7001);

    for (int i = 0; i < PER_EMAIL; i++) {
      assertThat(f.accounts.login(user.email(), PASSWORD, ADDRESS).user().id()).isEqualTo(user.id());
    }
    expectError(ErrorCode.RATE_LIMITED, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
  }

  @Test
  void loginsWhileTheUserStoreIsDownDoNotSpendTheBudget() {
    AtomicBoolean down = new AtomicBoolean(true);
    AccountService accounts = new AccountService(failingWhen(down, f.users), f.codes, f.verification, f.tokens,
        f.hasher, f.rateLimiter, f.nodes, f.limits);
    f.registerNode("node-1", 7001);
    for (int i = 0; i < 5; i++) {
      expectError(ErrorCode.UNAVAILABLE, () -> accounts.login(user.email(), PASSWORD, ADDRESS));
    }
    down.set(false);

    assertThat(accounts.login(user.email(), PASSWORD, ADDRESS).user().id()).isEqualTo(user.id());
  }

  @Test
  void wrongPasswordsStillSpendTheBudget() {
    f.registerNode("node-1", 7001);
    for (int i = 0; i < PER_EMAIL; i++) {
      expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(user.email(), "wrong pass 1", ADDRESS));
    }

    expectError(ErrorCode.RATE_LIMITED, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
  }

  @Test
  void theBudgetSlidesInsteadOfRefillingAtAWindowBoundary() {
    f.registerNode("node-1", 7001);
    f.clock.advance(Duration.ofMillis(WINDOW.toMillis() - Math.floorMod(f.clock.millis(), WINDOW.toMillis()))
        .minusSeconds(1)); // one second before a minute boundary
    for (int i = 0; i < PER_EMAIL; i++) {
      expectError(ErrorCode.INVALID_CREDENTIALS, () -> f.accounts.login(user.email(), "wrong pass 1", ADDRESS));
    }
    f.clock.advance(Duration.ofSeconds(2));

    ChatException limited = expectError(ErrorCode.RATE_LIMITED, () -> f.accounts.login(user.email(), PASSWORD, ADDRESS));
    assertThat(limited.retryAfter()).isEqualTo(WINDOW.minusSeconds(2));
  }

  /** A user store that answers UNAVAILABLE while {@code down} is set, and otherwise delegates. */
  private static UserStore failingWhen(AtomicBoolean down, UserStore delegate) {
    return (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(), new Class<?>[] {UserStore.class},
        (proxy, method, args) -> {
          if (down.get()) {
            throw new ChatException(ErrorCode.UNAVAILABLE, "user store is down (test)");
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
