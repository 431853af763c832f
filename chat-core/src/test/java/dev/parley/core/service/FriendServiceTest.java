package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.core.ErrorCode;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.FriendRequestView;
import dev.parley.core.model.FriendView;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.NewUser;
import dev.parley.core.model.Profile;
import dev.parley.core.model.User;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Friend requests, answers, remarks, removal, lists and search through {@link FriendService}. */
class FriendServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final User alice = f.user("Alice");
  private final User bob = f.user("Bob");

  @Test
  void requestIsPendingForTheTargetAndPublished() {
    FriendRequest request = f.friends.sendRequest(alice.id(), bob.id(), "  hi Bob  ", "Bobby");

    assertThat(request.status()).isEqualTo(FriendRequest.Status.PENDING);
    assertThat(request.greeting()).isEqualTo("hi Bob");
    assertThat(f.friends.pendingRequests(bob.id()))
        .containsExactly(new FriendRequestView(request, alice.profile()));
    assertThat(f.friends.pendingRequests(alice.id())).isEmpty();
    assertThat(f.events.requests()).containsExactly(request);
    assertThat(f.events.added()).isEmpty();
  }

  @Test
  void requestingAgainRenewsTheSameRequest() {
    FriendRequest first = f.friends.sendRequest(alice.id(), bob.id(), "hi", "");
    FriendRequest renewed = f.friends.sendRequest(alice.id(), bob.id(), "hello again", "B");

    assertThat(renewed.id()).isEqualTo(first.id());
    assertThat(renewed.greeting()).isEqualTo("hello again");
    assertThat(f.friends.pendingRequests(bob.id())).extracting(v -> v.request().greeting())
        .containsExactly("hello again");
    assertThat(f.events.requests()).as("the renewal pushes nothing (FriendRequestSpamTest)").containsExactly(first);
  }

  @Test
  void crossingRequestAcceptsTheOtherOne() {
    FriendRequest fromAlice = f.friends.sendRequest(alice.id(), bob.id(), "hi", "Bee");
    f.events.clear();

    FriendRequest result = f.friends.sendRequest(bob.id(), alice.id(), "hi back", "Ay");

    assertThat(result.id()).isEqualTo(fromAlice.id());
    assertThat(result.status()).isEqualTo(FriendRequest.Status.ACCEPTED);
    assertThat(f.friendStore.findFriendship(alice.id(), bob.id())).map(Friendship::remark).contains("Bee");
    assertThat(f.friendStore.findFriendship(bob.id(), alice.id())).map(Friendship::remark).contains("Ay");
    assertThat(f.events.added()).extracting(Friendship::userId, Friendship::friendId)
        .containsExactlyInAnyOrder(tuple(alice.id(), bob.id()), tuple(bob.id(), alice.id()));
    assertThat(f.events.requests()).isEmpty();
    assertThat(f.friends.pendingRequests(alice.id())).isEmpty();
    assertThat(f.friends.pendingRequests(bob.id())).isEmpty();
  }

  @Test
  void acceptingKeepsEachSidesRemark() {
    f.friends.sendRequest(alice.id(), bob.id(), "hi", "Bee");
    f.events.clear();

    Optional<FriendView> accepted = f.friends.answer(bob.id(), alice.id(), true, "Ay");

    assertThat(accepted).isPresent();
    assertThat(accepted.get().profile()).isEqualTo(alice.profile());
    assertThat(accepted.get().friendship().userId()).isEqualTo(bob.id());
    assertThat(accepted.get().friendship().remark()).isEqualTo("Ay");
    assertThat(f.friends.listFriends(alice.id())).extracting(v -> v.profile().userId(), v -> v.friendship().remark())
        .containsExactly(tuple(bob.id(), "Bee"));
    assertThat(f.friends.listFriends(bob.id())).extracting(v -> v.profile().userId(), v -> v.friendship().remark())
        .containsExactly(tuple(alice.id(), "Ay"));
    assertThat(f.events.added()).extracting(Friendship::userId, Friendship::friendId)
        .containsExactlyInAnyOrder(tuple(alice.id(), bob.id()), tuple(bob.id(), alice.id()));
    assertThat(f.friends.pendingRequests(bob.id())).isEmpty();
  }

  @Test
  void decliningMakesNoFriendsAndAllowsANewRequestAfterTheCooldown() {
    f.friends.sendRequest(alice.id(), bob.id(), "hi", "");

    assertThat(f.friends.answer(bob.id(), alice.id(), false, "")).isEmpty();

    assertThat(f.friendStore.areFriends(alice.id(), bob.id())).isFalse();
    assertThat(f.friends.pendingRequests(bob.id())).isEmpty();
    assertThat(f.events.added()).isEmpty();
    expectError(ErrorCode.NOT_FOUND, () -> f.friends.answer(bob.id(), alice.id(), true, ""));
    f.clock.advance(f.limits.friendRequests().declineCooldown()); // FriendRequestSpamTest: no sooner
    assertThat(f.friends.sendRequest(alice.id(), bob.id(), "please?", "").status())
        .isEqualTo(FriendRequest.Status.PENDING);
  }

  @Test
  void answeringARequestThatDoesNotExistIsNotFound() {
    expectError(ErrorCode.NOT_FOUND, () -> f.friends.answer(bob.id(), alice.id(), true, ""));
    expectError(ErrorCode.NOT_FOUND, () -> f.friends.answer(bob.id(), alice.id(), false, ""));

    f.friends.sendRequest(alice.id(), bob.id(), "hi", "");
    // Only the target can answer: Alice cannot accept her own request.
    expectError(ErrorCode.NOT_FOUND, () -> f.friends.answer(alice.id(), bob.id(), true, ""));
    f.friends.answer(bob.id(), alice.id(), true, "");
    expectError(ErrorCode.NOT_FOUND, () -> f.friends.answer(bob.id(), alice.id(), true, ""));
  }

  @Test
  void requestsThatCannotBeMadeAreRefused() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.sendRequest(alice.id(), alice.id(), "me", ""));
    expectError(ErrorCode.NOT_FOUND, () -> f.friends.sendRequest(alice.id(), bob.id() + 1000, "who", ""));
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.sendRequest(alice.id(), bob.id(),
        "g".repeat(FriendRequest.MAX_GREETING + 1), ""));
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.sendRequest(alice.id(), bob.id(), "hi",
        "r".repeat(Friendship.MAX_REMARK + 1)));
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.answer(bob.id(), alice.id(), true,
        "r".repeat(Friendship.MAX_REMARK + 1)));

    assertThat(f.friends.pendingRequests(bob.id())).isEmpty();
    assertThat(f.events.requests()).isEmpty();
    assertThat(f.friends.sendRequest(alice.id(), bob.id(), "g".repeat(FriendRequest.MAX_GREETING),
        "r".repeat(Friendship.MAX_REMARK)).status()).isEqualTo(FriendRequest.Status.PENDING);
  }

  @Test
  void requestToAFriendIsAlreadyFriends() {
    f.befriend(alice, bob);

    expectError(ErrorCode.ALREADY_FRIENDS, () -> f.friends.sendRequest(alice.id(), bob.id(), "hi", ""));
    expectError(ErrorCode.ALREADY_FRIENDS, () -> f.friends.sendRequest(bob.id(), alice.id(), "hi", ""));
    assertThat(f.events.requests()).isEmpty();
  }

  @Test
  void removingEndsBothSidesAndTellsTheFormerFriend() {
    f.befriend(alice, bob);

    f.friends.remove(alice.id(), bob.id());

    assertThat(f.friends.listFriends(alice.id())).isEmpty();
    assertThat(f.friends.listFriends(bob.id())).isEmpty();
    assertThat(f.events.removed()).containsExactly(new RecordingChatEvents.Removal(alice.id(), bob.id()));
    expectError(ErrorCode.NOT_FRIENDS, () -> f.friends.remove(bob.id(), alice.id()));
    assertThat(f.events.removed()).hasSize(1);
  }

  @Test
  void remarkCanBeSetForAFriendOnly() {
    expectError(ErrorCode.NOT_FRIENDS, () -> f.friends.setRemark(alice.id(), bob.id(), "B"));

    f.befriend(alice, bob);
    f.friends.setRemark(alice.id(), bob.id(), "Bobster");

    assertThat(f.friends.listFriends(alice.id())).extracting(v -> v.friendship().remark()).containsExactly("Bobster");
    assertThat(f.friends.listFriends(bob.id())).extracting(v -> v.friendship().remark()).containsExactly("");
    expectError(ErrorCode.BAD_REQUEST,
        () -> f.friends.setRemark(alice.id(), bob.id(), "r".repeat(Friendship.MAX_REMARK + 1)));
    assertThat(f.friends.listFriends(alice.id())).extracting(v -> v.friendship().remark()).containsExactly("Bobster");
  }

  @Test
  void listsCarryProfilesAndPendingRequestsComeNewestFirst() {
    User carol = f.user("Carol");
    FriendRequest fromAlice = f.friends.sendRequest(alice.id(), carol.id(), "first", "");
    FriendRequest fromBob = f.friends.sendRequest(bob.id(), carol.id(), "second", "");

    assertThat(f.friends.pendingRequests(carol.id())).extracting(FriendRequestView::request, FriendRequestView::from)
        .containsExactly(tuple(fromBob, bob.profile()), tuple(fromAlice, alice.profile()));

    f.friends.answer(carol.id(), alice.id(), true, "");
    f.friends.answer(carol.id(), bob.id(), true, "");
    assertThat(f.friends.listFriends(carol.id())).extracting(FriendView::profile)
        .containsExactly(alice.profile(), bob.profile());
  }

  @Test
  void searchFindsByPrefixAndExcludesTheCaller() {
    ServiceFixture small = new ServiceFixture(smallPages(3)
        .withDirectory(DirectoryLimits.defaults().withSearchMode(DirectoryLimits.SearchMode.PREFIX)));
    String prefix = ServiceFixture.uniqueName("Zed") + "x";
    User me = small.users.create(user(small, prefix + "0"));
    for (int i = 1; i <= 4; i++) {
      small.users.create(user(small, prefix + i));
    }

    assertThat(small.friends.search(me.id(), "  " + prefix.toUpperCase() + " ", 2)).extracting(Profile::name)
        .containsExactly(prefix + "1", prefix + "2");
    assertThat(small.friends.search(me.id(), prefix, 100)).extracting(Profile::name)
        .containsExactly(prefix + "1", prefix + "2", prefix + "3");
    assertThat(small.friends.search(me.id(), prefix + "4", 0)).extracting(Profile::name).containsExactly(prefix + "4");
    assertThat(small.friends.search(me.id(), prefix + "0", 0)).isEmpty();
  }

  @Test
  void shortSearchesAreRefusedAndOverlongOnesFindNobody() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.search(alice.id(), "", 10));
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.search(alice.id(), "   ", 10));
    expectError(ErrorCode.BAD_REQUEST, () -> f.friends.search(alice.id(), null, 10));
    assertThat(f.friends.search(alice.id(), "B".repeat(1000), 10)).isEmpty();
    assertThat(f.friends.search(alice.id(), bob.name(), 10)).extracting(Profile::userId).containsExactly(bob.id());
  }

  private static NewUser user(ServiceFixture fixture, String name) {
    return new NewUser(ServiceFixture.emailOf(name), name, fixture.hasher.hash("pw"));
  }

  @SuppressWarnings("deprecation") // the canonical constructor still takes the unread tokenTtl
  static ChatLimits smallPages(int maxPageSize) {
    return ChatLimits.defaults().withMaxPageSize(maxPageSize);
  }
}
