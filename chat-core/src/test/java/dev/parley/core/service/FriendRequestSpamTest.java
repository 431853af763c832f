package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.User;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The spam limits of {@link FriendService#sendRequest}: re-push interval, decline cooldown, pending cap. */
class FriendRequestSpamTest {
  private static final Duration RENOTIFY = Duration.ofMinutes(30);
  private static final Duration COOLDOWN = Duration.ofHours(6);
  private static final int MAX_PENDING = 3;

  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults()
      .withFriendRequests(new FriendRequestLimits(RENOTIFY, COOLDOWN, MAX_PENDING)));
  private final User alice = f.user("Alice");
  private final User bob = f.user("Bob");

  @Test
  void renewingAPendingRequestPushesAtMostOncePerInterval() {
    FriendRequest first = f.friends.sendRequest(alice.id(), bob.id(), "hi", "");
    for (int i = 0; i < 20; i++) {
      f.friends.sendRequest(alice.id(), bob.id(), "hi " + i, "");
    }
    assertThat(f.events.requests()).as("twenty renewals, no push").containsExactly(first);

    f.clock.advance(RENOTIFY.minusSeconds(1));
    f.friends.sendRequest(alice.id(), bob.id(), "still waiting", "");
    assertThat(f.events.requests()).hasSize(1);

    f.clock.advance(Duration.ofSeconds(1));
    f.friends.sendRequest(alice.id(), bob.id(), "an interval later", "");
    assertThat(f.events.requests()).extracting(FriendRequest::greeting).containsExactly("hi", "an interval later");
    assertThat(f.friends.pendingRequests(bob.id())).singleElement()
        .satisfies(v -> assertThat(v.request().greeting()).isEqualTo("an interval later"));
  }

  @Test
  void askingAgainRightAfterADeclineWaitsTheCooldown() {
    f.friends.sendRequest(alice.id(), bob.id(), "hi", "");
    f.friends.answer(bob.id(), alice.id(), false, "");
    f.clock.advance(Duration.ofHours(1));
    f.events.clear();

    ChatException refused = expectError(ErrorCode.RATE_LIMITED,
        () -> f.friends.sendRequest(alice.id(), bob.id(), "please", ""));
    assertThat(refused.retryAfter()).isEqualTo(COOLDOWN.minusHours(1));
    assertThat(refused.detail()).contains("declined");
    assertThat(f.friends.pendingRequests(bob.id())).isEmpty();
    assertThat(f.events.requests()).isEmpty();

    f.clock.advance(refused.retryAfter());
    FriendRequest again = f.friends.sendRequest(alice.id(), bob.id(), "a day later", "");
    assertThat(f.events.requests()).containsExactly(again);
  }

  @Test
  void theDeclinedSideMayStillAskTheOtherWay() {
    f.friends.sendRequest(alice.id(), bob.id(), "hi", "");
    f.friends.answer(bob.id(), alice.id(), false, "");

    FriendRequest fromBob = f.friends.sendRequest(bob.id(), alice.id(), "changed my mind", "");

    assertThat(fromBob.status()).isEqualTo(FriendRequest.Status.PENDING);
  }

  @Test
  void pendingOutgoingRequestsAreCapped() {
    List<User> targets = IntStream.range(0, MAX_PENDING + 1).mapToObj(i -> f.user("Target")).toList();
    for (int i = 0; i < MAX_PENDING; i++) {
      f.friends.sendRequest(alice.id(), targets.get(i).id(), "hi", "");
    }

    ChatException refused = expectError(ErrorCode.TOO_MANY_PENDING_REQUESTS,
        () -> f.friends.sendRequest(alice.id(), targets.get(MAX_PENDING).id(), "hi", ""));
    assertThat(refused.detail()).contains(MAX_PENDING + " friend requests pending");
    assertThat(f.friends.pendingRequests(targets.get(MAX_PENDING).id())).isEmpty();

    f.friends.sendRequest(alice.id(), targets.get(0).id(), "renewing one is no new request", "");
    f.friends.answer(targets.get(1).id(), alice.id(), true, "");
    FriendRequest fits = f.friends.sendRequest(alice.id(), targets.get(MAX_PENDING).id(), "hi", "");
    assertThat(fits.status()).isEqualTo(FriendRequest.Status.PENDING);
  }
}
