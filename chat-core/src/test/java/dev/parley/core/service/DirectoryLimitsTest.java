package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.Profile;
import dev.parley.core.model.User;
import dev.parley.core.service.DirectoryLimits.SearchMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The directory cannot be dumped: search mode, minimum query, and a look-up budget per user. */
class DirectoryLimitsTest {
  private static final int LOOKUPS = 3;
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults()
      .withDirectory(DirectoryLimits.defaults().withLookups(LOOKUPS, WINDOW)));
  private final User alice = f.user("Alice");
  private final User bob = f.user("Bob");
  private final User carol = f.user("Carol");

  @Test
  void byDefaultOnlyTheWholeNameFindsAUser() {
    assertThat(ChatLimits.defaults().directory().searchMode()).isEqualTo(SearchMode.EXACT_NAME);

    assertThat(f.friends.search(alice.id(), bob.name().substring(0, 3), 10)).as("a prefix").isEmpty();
    assertThat(f.friends.search(alice.id(), " " + bob.name().toUpperCase() + " ", 10))
        .extracting(Profile::userId).containsExactly(bob.id());
    assertThat(f.friends.search(alice.id(), alice.name(), 10)).as("not oneself").isEmpty();
  }

  @Test
  void prefixModeFindsNamesAndNicknamesByTheirStart() {
    ServiceFixture prefix = new ServiceFixture(ChatLimits.defaults()
        .withDirectory(DirectoryLimits.defaults().withSearchMode(SearchMode.PREFIX)));
    User me = prefix.user("Me");
    User bo = prefix.user("Bo");

    assertThat(prefix.friends.search(me.id(), bo.name().substring(0, 3), 10)).extracting(Profile::userId).contains(bo.id());
  }

  @Test
  void queriesShorterThanTheMinimumAreRefused() {
    ChatException e = expectError(ErrorCode.BAD_REQUEST, () -> f.friends.search(alice.id(), " Bo ", 10));
    assertThat(e.detail()).contains("at least 3");
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.search(alice.id(), "\uD83D\uDE00\uD83D\uDE00", 10));
  }

  @Test
  void searchesAreRateLimitedPerUser() {
    for (int i = 0; i < LOOKUPS; i++) {
      f.friends.search(alice.id(), "nobody" + i, 10);
    }

    ChatException e = expectError(ErrorCode.RATE_LIMITED, () -> f.friends.search(alice.id(), bob.name(), 10));
    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(WINDOW);
    assertThat(f.friends.search(bob.id(), carol.name(), 10)).as("another user's budget").hasSize(1);

    f.clock.advance(WINDOW);
    assertThat(f.friends.search(alice.id(), bob.name(), 10)).hasSize(1);
  }

  @Test
  void strangersProfilesSpendTheSameBudgetButOwnAndFriendsDoNot() {
    f.befriend(alice, bob);
    for (int i = 0; i < 10; i++) {
      assertThat(f.profiles.view(alice.id(), alice.id())).isEqualTo(alice.profile());
      assertThat(f.profiles.view(alice.id(), bob.id())).isEqualTo(bob.profile());
    }
    f.friends.search(alice.id(), carol.name(), 10);
    f.profiles.view(alice.id(), carol.id());
    f.profiles.view(alice.id(), carol.id());

    expectError(ErrorCode.RATE_LIMITED, () -> f.profiles.view(alice.id(), carol.id()));
    expectError(ErrorCode.RATE_LIMITED, () -> f.profiles.view(alice.id(), carol.id() + 1000));
    assertThat(f.profiles.view(alice.id(), bob.id())).as("a friend still").isEqualTo(bob.profile());
    assertThat(f.profiles.get(carol.id())).as("the node's own look-up is not counted").isEqualTo(carol.profile());
  }
}
