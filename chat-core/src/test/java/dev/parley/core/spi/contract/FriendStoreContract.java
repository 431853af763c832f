package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.NewUser;
import dev.parley.core.spi.FriendStore;
import dev.parley.core.spi.UserStore;
import dev.parley.core.testing.Concurrently;
import dev.parley.core.testing.UniqueNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FriendStore}. The users are created in {@link #userStore()} first (a SQL
 * store may reference them). Both methods are called before each test and may return shared
 * instances.
 */
public abstract class FriendStoreContract {
  protected UserStore users;
  protected FriendStore friends;

  protected abstract UserStore userStore();

  protected abstract FriendStore friendStore();

  @BeforeEach
  void createStores() {
    users = userStore();
    friends = friendStore();
  }

  private long newUser() {
    return users.create(new NewUser(UniqueNames.email(), UniqueNames.name(), "h")).id();
  }

  /** Makes {@code a} and {@code b} friends through a request from a to b. */
  private Friendship befriend(long a, long b, String requesterRemark, String accepterRemark) {
    FriendRequest r = friends.addRequest(a, b, "hi", requesterRemark);
    return friends.acceptRequest(r.id(), accepterRemark).orElseThrow();
  }

  @Test
  void addRequestRecordsAPendingRequest() {
    long a = newUser();
    long b = newUser();
    FriendRequest r = friends.addRequest(a, b, "héllo 👋🏽 世界", "Bobby 👋🏽");

    assertThat(r.id()).isPositive();
    assertThat(r.fromUserId()).isEqualTo(a);
    assertThat(r.toUserId()).isEqualTo(b);
    assertThat(r.greeting()).isEqualTo("héllo 👋🏽 世界");
    assertThat(r.remark()).isEqualTo("Bobby 👋🏽");
    assertThat(r.status()).isEqualTo(FriendRequest.Status.PENDING);
    assertThat(friends.findPendingRequest(a, b)).contains(r);
    assertThat(friends.findPendingRequest(b, a)).isEmpty();
    assertThat(friends.pendingRequestsTo(b)).containsExactly(r);
    assertThat(friends.pendingRequestsTo(a)).isEmpty();
    assertThat(friends.areFriends(a, b)).isFalse();
  }

  @Test
  void aRepeatedRequestReplacesGreetingAndRemarkAndKeepsItsId() {
    long a = newUser();
    long b = newUser();
    FriendRequest first = friends.addRequest(a, b, "hi", "B");
    FriendRequest second = friends.addRequest(a, b, "hello again", "Bee");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.greeting()).isEqualTo("hello again");
    assertThat(second.remark()).isEqualTo("Bee");
    assertThat(friends.pendingRequestsTo(b)).singleElement()
        .satisfies(r -> assertThat(r.greeting()).isEqualTo("hello again"));
  }

  @Test
  void requestsInBothDirectionsAreSeparate() {
    long a = newUser();
    long b = newUser();
    FriendRequest ab = friends.addRequest(a, b, "", "");
    FriendRequest ba = friends.addRequest(b, a, "", "");
    assertThat(ab.id()).isNotEqualTo(ba.id());
    assertThat(friends.pendingRequestsTo(a)).containsExactly(ba);
    assertThat(friends.pendingRequestsTo(b)).containsExactly(ab);
  }

  @Test
  void pendingRequestsToAUserComeNewestFirst() {
    long target = newUser();
    long first = newUser();
    long second = newUser();
    long third = newUser();
    FriendRequest r1 = friends.addRequest(first, target, "1", "");
    FriendRequest r2 = friends.addRequest(second, target, "2", "");
    FriendRequest r3 = friends.addRequest(third, target, "3", "");
    friends.addRequest(first, second, "elsewhere", "");

    assertThat(friends.pendingRequestsTo(target)).extracting(FriendRequest::id).containsExactly(r3.id(), r2.id(), r1.id());
  }

  @Test
  void acceptCreatesBothSidesWithTheirRemarks() {
    long requester = newUser();
    long accepter = newUser();
    FriendRequest r = friends.addRequest(requester, accepter, "hi", "my friend B");

    Friendship accepterSide = friends.acceptRequest(r.id(), "my friend A").orElseThrow();

    assertThat(accepterSide.userId()).isEqualTo(accepter);
    assertThat(accepterSide.friendId()).isEqualTo(requester);
    assertThat(accepterSide.remark()).isEqualTo("my friend A");
    Friendship requesterSide = friends.findFriendship(requester, accepter).orElseThrow();
    assertThat(requesterSide.remark()).isEqualTo("my friend B");
    assertThat(requesterSide.friendId()).isEqualTo(accepter);
    assertThat(friends.findFriendship(accepter, requester)).contains(accepterSide);
    assertThat(friends.areFriends(requester, accepter)).isTrue();
    assertThat(friends.areFriends(accepter, requester)).isTrue();
    assertThat(friends.findPendingRequest(requester, accepter)).isEmpty();
    assertThat(friends.pendingRequestsTo(accepter)).isEmpty();
    assertThat(friends.listFriends(requester)).containsExactly(requesterSide);
    assertThat(friends.listFriends(accepter)).containsExactly(accepterSide);
  }

  @Test
  void aRequestCanBeAnsweredOnlyOnce() {
    long a = newUser();
    long b = newUser();
    FriendRequest r = friends.addRequest(a, b, "", "");
    assertThat(friends.acceptRequest(r.id(), "")).isPresent();
    assertThat(friends.acceptRequest(r.id(), "again")).isEmpty();
    assertThat(friends.declineRequest(r.id())).isFalse();
    assertThat(friends.listFriends(a)).hasSize(1);
    assertThat(friends.findFriendship(b, a).orElseThrow().remark()).isEmpty();
  }

  @Test
  void declineClosesTheRequestWithoutAFriendship() {
    long a = newUser();
    long b = newUser();
    FriendRequest r = friends.addRequest(a, b, "", "");
    assertThat(friends.declineRequest(r.id())).isTrue();
    assertThat(friends.declineRequest(r.id())).isFalse();
    assertThat(friends.acceptRequest(r.id(), "")).isEmpty();
    assertThat(friends.findPendingRequest(a, b)).isEmpty();
    assertThat(friends.pendingRequestsTo(b)).isEmpty();
    assertThat(friends.areFriends(a, b)).isFalse();

    FriendRequest retry = friends.addRequest(a, b, "please", "");
    assertThat(retry.status()).isEqualTo(FriendRequest.Status.PENDING);
    assertThat(friends.pendingRequestsTo(b)).containsExactly(retry);
  }

  @Test
  void unknownRequestsCannotBeAnswered() {
    assertThat(friends.acceptRequest(Long.MAX_VALUE - 7, "")).isEmpty();
    assertThat(friends.declineRequest(Long.MAX_VALUE - 7)).isFalse();
  }

  @Test
  void acceptingWhenAlreadyFriendsKeepsTheExistingFriendship() {
    long a = newUser();
    long b = newUser();
    befriend(a, b, "B", "A");
    FriendRequest reverse = friends.addRequest(b, a, "hi again", "new remark for A");

    Friendship aSide = friends.acceptRequest(reverse.id(), "new remark for B").orElseThrow();

    assertThat(aSide.userId()).isEqualTo(a);
    assertThat(aSide.remark()).isEqualTo("B");
    assertThat(friends.findFriendship(b, a).orElseThrow().remark()).isEqualTo("A");
    assertThat(friends.findPendingRequest(b, a)).isEmpty();
    assertThat(friends.listFriends(a)).hasSize(1);
    assertThat(friends.listFriends(b)).hasSize(1);
  }

  @Test
  void concurrentAcceptsOfOneRequestSucceedOnce() {
    long a = newUser();
    long b = newUser();
    FriendRequest r = friends.addRequest(a, b, "", "");
    List<Optional<Friendship>> outcomes = Concurrently.call(8, i -> friends.acceptRequest(r.id(), "remark " + i));

    List<Friendship> accepted = outcomes.stream().flatMap(Optional::stream).toList();
    assertThat(accepted).hasSize(1);
    assertThat(friends.listFriends(b)).containsExactly(accepted.get(0));
    assertThat(friends.listFriends(a)).hasSize(1);
  }

  @Test
  void countPendingRequestsFromCountsOnlyTheSendersOpenRequests() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    long d = newUser();
    friends.addRequest(a, b, "", "");
    friends.addRequest(a, b, "renewed", "");
    FriendRequest toC = friends.addRequest(a, c, "", "");
    FriendRequest toD = friends.addRequest(a, d, "", "");
    friends.addRequest(b, a, "", "");

    assertThat(friends.countPendingRequestsFrom(a)).isEqualTo(3);
    friends.acceptRequest(toC.id(), "");
    friends.declineRequest(toD.id());
    assertThat(friends.countPendingRequestsFrom(a)).isEqualTo(1);
    assertThat(friends.countPendingRequestsFrom(b)).isEqualTo(1);
    assertThat(friends.countPendingRequestsFrom(c)).isZero();
  }

  @Test
  void declineStampsWhenTheRequesterWasLastDeclined() {
    long a = newUser();
    long b = newUser();
    FriendRequest accepted = friends.addRequest(b, a, "", "");
    friends.acceptRequest(accepted.id(), "");
    assertThat(friends.lastDeclinedAt(a, b)).isEmpty();
    assertThat(friends.lastDeclinedAt(b, a)).as("accepting is no decline").isEmpty();

    Instant before = Instant.now().minusSeconds(5);
    friends.removeFriendship(a, b);
    FriendRequest r = friends.addRequest(a, b, "", "");
    friends.declineRequest(r.id());

    assertThat(friends.lastDeclinedAt(a, b)).hasValueSatisfying(
        at -> assertThat(at).isBetween(before, Instant.now().plusSeconds(5)));
    assertThat(friends.lastDeclinedAt(b, a)).isEmpty();
  }

  @Test
  void markNotifiedClaimsAPushOncePerInterval() {
    long a = newUser();
    long b = newUser();
    Duration hour = Duration.ofHours(1);
    Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
    FriendRequest r = friends.addRequest(a, b, "", "");

    assertThat(friends.markNotified(r.id(), t0, hour)).as("first push").isTrue();
    assertThat(friends.markNotified(r.id(), t0.plus(hour).minus(1, ChronoUnit.MILLIS), hour)).isFalse();
    assertThat(friends.markNotified(r.id(), t0.plus(hour), hour)).as("an interval later").isTrue();
    assertThat(friends.markNotified(r.id(), t0.plus(hour).plusSeconds(1), hour)).isFalse();

    friends.declineRequest(r.id());
    assertThat(friends.markNotified(r.id(), t0.plus(Duration.ofDays(2)), hour)).as("not pending").isFalse();
    assertThat(friends.markNotified(r.id() + 1_000_000, t0, hour)).as("unknown").isFalse();
    FriendRequest again = friends.addRequest(a, b, "", "");
    assertThat(friends.markNotified(again.id(), t0.plus(Duration.ofDays(2)), hour)).as("a new request").isTrue();
  }

  @Test
  void concurrentNotificationClaimsSucceedOnce() {
    long a = newUser();
    long b = newUser();
    FriendRequest r = friends.addRequest(a, b, "", "");
    Instant now = Instant.parse("2030-01-01T10:00:00Z");

    List<Boolean> claims = Concurrently.call(8, i -> friends.markNotified(r.id(), now, Duration.ofMinutes(1)));

    assertThat(claims).containsOnlyOnce(true);
  }

  @Test
  void setRemarkChangesOnlyTheOwnSide() {
    long a = newUser();
    long b = newUser();
    befriend(a, b, "B", "A");

    assertThat(friends.setRemark(a, b, "Bob 👋🏽")).isTrue();
    assertThat(friends.findFriendship(a, b).orElseThrow().remark()).isEqualTo("Bob 👋🏽");
    assertThat(friends.findFriendship(b, a).orElseThrow().remark()).isEqualTo("A");
    assertThat(friends.setRemark(a, newUser(), "stranger")).isFalse();
  }

  @Test
  void removeFriendshipRemovesBothSides() {
    long a = newUser();
    long b = newUser();
    long c = newUser();
    befriend(a, b, "", "");
    befriend(a, c, "", "");

    assertThat(friends.removeFriendship(b, a)).isTrue();
    assertThat(friends.areFriends(a, b)).isFalse();
    assertThat(friends.areFriends(b, a)).isFalse();
    assertThat(friends.listFriends(b)).isEmpty();
    assertThat(friends.listFriends(a)).extracting(Friendship::friendId).containsExactly(c);
    assertThat(friends.removeFriendship(a, b)).isFalse();
  }

  @Test
  void formerFriendsCanBefriendAgain() {
    long a = newUser();
    long b = newUser();
    befriend(a, b, "old", "old");
    friends.removeFriendship(a, b);

    Friendship again = befriend(b, a, "new", "newer");
    assertThat(again.remark()).isEqualTo("newer");
    assertThat(friends.findFriendship(b, a).orElseThrow().remark()).isEqualTo("new");
  }

  @Test
  void listFriendsIsOrderedByFriendId() {
    long me = newUser();
    long x = newUser();
    long y = newUser();
    long z = newUser();
    befriend(z, me, "", "");
    befriend(me, x, "", "");
    befriend(y, me, "", "");

    assertThat(friends.listFriends(me)).extracting(Friendship::friendId)
        .containsExactlyElementsOf(List.of(x, y, z).stream().sorted().toList());
    assertThat(friends.listFriends(newUser())).isEmpty();
  }
}
