package dev.parley.server;

import static dev.parley.core.protocol.ChatProtocol.Frame.BodyCase.FRIEND_REQUEST_EVENT;
import static dev.parley.server.ChatNodeSessionTest.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.DirectoryLimits;
import dev.parley.core.service.FriendRequestLimits;
import dev.parley.core.testing.MutableClock;
import dev.parley.server.ChatCluster.TestUser;
import dev.parley.server.testing.TestChatClient;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Friend-request spam and directory limits as a client meets them on one in-memory node over real
 * sockets: renewals push once per interval, a declined requester waits, searches and strangers'
 * profiles are budgeted.
 */
class FriendAndDirectoryLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration RENOTIFY = Duration.ofMinutes(2);
  private static final int LOOKUPS = 4;

  private final MutableClock clock = new MutableClock();
  private final ChatCluster cluster = new ChatCluster(
      new InMemoryPresenceRegistry(Duration.ofMinutes(10), Clock.systemUTC()),
      new InMemoryNodeDirectory(Duration.ofMinutes(10), Clock.systemUTC()));
  private ChatNode node;
  private TestUser ann;
  private TestUser bob;
  private TestChatClient a;
  private TestChatClient b;

  @BeforeEach
  void start() {
    ChatLimits limits = ChatLimits.defaults()
        .withFriendRequests(new FriendRequestLimits(RENOTIFY, Duration.ofHours(1), 100))
        .withDirectory(DirectoryLimits.defaults().withLookups(LOOKUPS, Duration.ofMinutes(1)));
    node = cluster.startNode("n1", limits, builder -> builder.clock(clock));
    ann = cluster.newUser("ann");
    bob = cluster.newUser("bob");
    a = cluster.login(node, ann);
    b = cluster.login(node, bob);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void renewingAFriendRequestPushesTheTargetOncePerInterval() {
    assertThat(a.request(Requests.friendRequest(bob.id(), "first")).hasFriendRequestResponse()).isTrue();
    assertThat(a.request(Requests.friendRequest(bob.id(), "second")).hasFriendRequestResponse()).isTrue();
    assertThat(a.request(Requests.friendRequest(bob.id(), "third")).hasFriendRequestResponse()).isTrue();
    clock.advance(RENOTIFY);
    assertThat(a.request(Requests.friendRequest(bob.id(), "an interval later")).hasFriendRequestResponse()).isTrue();

    // Pushes from one sender's session reach bob in order: had a renewal pushed, it would come first.
    assertThat(b.awaitPush(f -> f.getBodyCase() == FRIEND_REQUEST_EVENT
        && f.getFriendRequestEvent().getRequest().getGreeting().equals("an interval later"), WAIT)).isNotNull();
    Frame first = b.awaitPush(FRIEND_REQUEST_EVENT, WAIT);
    assertThat(first.getFriendRequestEvent().getRequest().getGreeting()).isEqualTo("first");
    assertThat(b.pushes()).noneMatch(f -> f.getBodyCase() == FRIEND_REQUEST_EVENT);
  }

  @Test
  void askingAgainRightAfterADeclineIsRateLimited() {
    a.request(Requests.friendRequest(bob.id(), "hi"));
    assertThat(b.request(Requests.answer(ann.id(), false)).hasAnswerFriendRequestResponse()).isTrue();

    Frame refused = a.request(Requests.friendRequest(bob.id(), "please"));

    assertThat(code(refused)).isEqualTo(ErrorCode.RATE_LIMITED);
    // The store stamps the decline on its own (system) clock, a moment after the node's fixed one.
    assertThat((long) refused.getError().getRetryAfterMs())
        .isBetween(Duration.ofHours(1).toMillis(), Duration.ofHours(1).plus(WAIT.multipliedBy(6)).toMillis());
    assertThat(cluster.friends.findPendingRequest(ann.id(), bob.id())).isEmpty();
  }

  @Test
  void searchFindsOnlyWholeNamesNeedsThreeCharactersAndIsBudgeted() {
    assertThat(search(a, bob.name().substring(0, 5)).getSearchUsersResponse().getUsersList()).isEmpty();
    assertThat(search(a, bob.name()).getSearchUsersResponse().getUsersList())
        .extracting(ChatProtocol.Profile::getUserId).containsExactly(bob.id());
    assertThat(code(search(a, "bo"))).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(search(a, "nobody1").hasSearchUsersResponse()).isTrue();
    assertThat(search(a, "nobody2").hasSearchUsersResponse()).isTrue();

    Frame refused = search(a, bob.name());
    assertThat(code(refused)).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(refused.getError().getRetryAfterMs()).isPositive();
    assertThat(search(b, ann.name()).hasSearchUsersResponse()).as("bob has his own budget").isTrue();
  }

  @Test
  void walkingStrangersProfilesIsBudgetedButOwnProfileIsNot() {
    for (int i = 0; i < 2 * LOOKUPS; i++) {
      assertThat(profile(a, 0).hasProfileResponse()).isTrue();
      assertThat(profile(a, ann.id()).hasProfileResponse()).isTrue();
    }
    for (int i = 0; i < LOOKUPS; i++) {
      assertThat(profile(a, bob.id() + i).getBodyCase()).isIn(Frame.BodyCase.PROFILE_RESPONSE, Frame.BodyCase.ERROR);
    }

    Frame refused = profile(a, bob.id());
    assertThat(code(refused)).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(refused.getError().getRetryAfterMs()).isPositive();
  }

  private static Frame search(TestChatClient c, String query) {
    return c.request(Frame.newBuilder().setSearchUsers(ChatProtocol.SearchUsersRequest.newBuilder().setQuery(query)));
  }

  private static Frame profile(TestChatClient c, long userId) {
    return c.request(Frame.newBuilder().setGetProfile(ChatProtocol.GetProfileRequest.newBuilder().setUserId(userId)));
  }
}
