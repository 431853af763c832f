package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.hooks.OfflinePush;
import dev.parley.core.hooks.OfflinePush.PreviewMode;
import dev.parley.core.memory.InMemoryGroupStore;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.server.internal.grpc.DeliverReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who a tracked push reached, and when the offline pushes go out: only once the router and every
 * Deliver have finished, only for recipients no unmuted session got it on, never for the skipped
 * sender; a failed Deliver reaches nobody; a reply without reached ids (an older node) counts its
 * sole user when a session was unmuted. The real dispatcher with in-memory stores behind it.
 */
class OfflineReachTest {
  private final LinkedBlockingQueue<OfflinePush> pushed = new LinkedBlockingQueue<>();
  private final OfflinePushes pushes = OfflinePushes.start(
      new OfflinePushSettings(pushed::add, PreviewMode.TEXT, 100, 100, 1), new InMemoryUserStore(),
      new InMemoryMessageStore(), new InMemoryGroupStore(), 10, new SimpleMeterRegistry(), "test");

  @AfterEach
  void stop() {
    pushes.shutdown();
  }

  private OfflineReach reach(long[] recipients, long skip) {
    return new OfflineReach(recipients, skip,
        user -> new OfflinePushes.Candidate(user, 9, 0, 500, "hi", Instant.EPOCH), pushes);
  }

  private List<Long> pushedUsers(int expected) throws InterruptedException {
    List<Long> users = new java.util.ArrayList<>();
    for (int i = 0; i < expected; i++) {
      OfflinePush p = pushed.poll(5, TimeUnit.SECONDS);
      assertThat(p).as("push %d of %d", i + 1, expected).isNotNull();
      users.add(p.userId());
    }
    return users;
  }

  /** True when nothing more is pushed: the dispatcher has one thread, so a marker offered last arrives last. */
  private boolean nothingMoreThanMarker() throws InterruptedException {
    pushes.offer(new OfflinePushes.Candidate(999, 9, 0, 501, "marker", Instant.EPOCH));
    OfflinePush next = pushed.poll(5, TimeUnit.SECONDS);
    return next != null && next.userId() == 999;
  }

  @Test
  void pushesOnlyTheUnreachedAfterTheLastReply() throws Exception {
    OfflineReach r = reach(new long[] {1, 2, 3, 4, 9}, 9);
    Consumer<DeliverReply> node2 = r.remoteCall(0);
    Consumer<DeliverReply> node3 = r.remoteCall(0);
    r.reached(1); // a local unmuted session
    r.localDone();
    node2.accept(DeliverReply.newBuilder().setDeliveredSessions(2).setUnmutedSessions(1).addReachedUserIds(2).build());
    assertThat(nothingMoreThanMarker()).as("node 3 has not answered yet").isTrue();

    node3.accept(null); // its call failed: user 3 and 4 (say) are not reached

    assertThat(pushedUsers(2)).containsExactlyInAnyOrder(3L, 4L);
    assertThat(nothingMoreThanMarker()).as("none for the reached, none for the sender").isTrue();
  }

  @Test
  void aReplyWithoutReachedIdsCountsItsSoleUserWhenUnmuted() throws Exception {
    OfflineReach r = reach(new long[] {5, 6}, 0);
    Consumer<DeliverReply> forFive = r.remoteCall(5);
    Consumer<DeliverReply> forSix = r.remoteCall(6);
    r.localDone();
    forFive.accept(DeliverReply.newBuilder().setDelivered(true).setDeliveredSessions(1).setUnmutedSessions(1).build());
    forSix.accept(DeliverReply.newBuilder().setDelivered(true).setDeliveredSessions(1).setUnmutedSessions(0).build());

    assertThat(pushedUsers(1)).containsExactly(6L);
    assertThat(nothingMoreThanMarker()).isTrue();
  }

  @Test
  void withoutRemoteCallsTheLocalEndDecides() throws Exception {
    OfflineReach r = reach(new long[] {7}, 0);
    r.localDone();
    assertThat(pushedUsers(1)).containsExactly(7L);
    assertThat(pushes.push(new OfflinePushes.Candidate(7, 9, 0, 1, "x".repeat(150), Instant.EPOCH)).preview())
        .hasSize(101).endsWith("…");
  }

  @Test
  void previewsCutAtCodePoints() {
    assertThat(OfflinePushes.preview("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", 2)).isEqualTo("\uD83D\uDE00\uD83D\uDE00…");
    assertThat(OfflinePushes.preview("abc", 3)).isEqualTo("abc");
  }
}
