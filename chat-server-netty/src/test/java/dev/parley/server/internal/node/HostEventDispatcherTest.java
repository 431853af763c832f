package dev.parley.server.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.hooks.ChatEventListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The host event queue on its own: order, drops when full, and a close that cannot hang on a stuck listener. */
class HostEventDispatcherTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void eventsArriveInOrderOnOneNamedDaemonThread() {
    List<String> heard = new CopyOnWriteArrayList<>();
    HostEventDispatcher d = HostEventDispatcher.start(new ChatEventListener() {
      @Override
      public void userOnline(long userId) {
        heard.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon " : " ") + userId);
      }
    }, 100, "n1", meters);
    for (long id = 1; id <= 20; id++) {
      d.userOnline(id);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 20);
    assertThat(heard).first().isEqualTo("parley-n1-host-events-1 daemon 1");
    assertThat(heard).last().asString().endsWith(" 20");
    d.close();
  }

  @Test
  void aStuckListenerCannotHoldUpClose() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    HostEventDispatcher d = HostEventDispatcher.start(new ChatEventListener() {
      @Override
      public void userOffline(long userId) {
        entered.countDown();
        try {
          never.await(); // the host's hung call: only an interrupt ends it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, 3, "n2", meters);
    for (long id = 1; id <= 10; id++) {
      d.userOffline(id);
    }
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    long started = System.nanoTime();
    d.close();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isLessThan(3 * HostEventDispatcher.DRAIN_TIMEOUT.toMillis());
    // 10 offered: one taken, three queued, six dropped when full; the interrupted one returns, then the
    // three left run or are dropped at close: every event is either delivered or dropped
    double delivered = meters.find("parley.host.events.delivered").counter().count();
    double dropped = meters.find("parley.host.events.dropped").counter().count();
    assertThat(delivered + dropped).isEqualTo(10);
    assertThat(dropped).isGreaterThanOrEqualTo(6);
    d.userOffline(11); // after close: dropped, never queued
    assertThat(meters.find("parley.host.events.dropped").counter().count()).isEqualTo(dropped + 1);
  }

  @Test
  void noListenerMeansNoThreadAndNoMeters() {
    HostEventDispatcher d = HostEventDispatcher.start(ChatEventListener.NONE, 10, "n3", meters);
    assertThat(d.isOn()).isFalse();
    d.userOnline(1);
    d.close();
    assertThat(meters.getMeters()).isEmpty();
  }
}
