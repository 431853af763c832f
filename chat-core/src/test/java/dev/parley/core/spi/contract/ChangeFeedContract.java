package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.core.spi.ChangeFeed;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChangeFeed}: a publish on one node reaches every subscriber of the topic on
 * every node of the deployment, not other topics; a subscription is told when it is live; a closed
 * one hears nothing more. Notices may arrive in any order.
 */
public abstract class ChangeFeedContract {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A feed of one deployment; each call returns the feed of another node of the same deployment. */
  protected abstract ChangeFeed newNodeFeed();

  /** Keys a listener heard, and how often it was told it is (re)subscribed. */
  protected static final class Recording implements ChangeFeed.Listener {
    public Recording() {}

    public final List<String> keys = new CopyOnWriteArrayList<>();
    public final AtomicInteger resubscribed = new AtomicInteger();

    @Override
    public void changed(String key) {
      keys.add(key);
    }

    @Override
    public void resubscribed() {
      resubscribed.incrementAndGet();
    }
  }

  @Test
  void aPublishReachesEverySubscriberOfTheTopicOnEveryNode() {
    ChangeFeed one = newNodeFeed();
    ChangeFeed two = newNodeFeed();
    String topic = topic("topic");
    Recording onOne = subscribed(one, topic);
    Recording onTwo = subscribed(two, topic);

    one.publish(topic, "17:42");

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(onOne.keys).containsExactly("17:42");
      assertThat(onTwo.keys).containsExactly("17:42");
    });
  }

  @Test
  void aSubscriptionIsToldWhenItIsLive() {
    Recording r = subscribed(newNodeFeed(), topic("topic"));

    assertThat(r.resubscribed.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void otherTopicsAreNotHeard() {
    ChangeFeed feed = newNodeFeed();
    String topic = topic("topic");
    String other = topic("other");
    Recording onOther = subscribed(feed, other);
    Recording onTopic = subscribed(feed, topic);

    feed.publish(topic, "1");
    feed.publish(other, "2");

    await().atMost(WAIT).untilAsserted(() -> assertThat(onOther.keys).containsExactly("2"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(onTopic.keys).containsExactly("1"));
  }

  @Test
  void aClosedSubscriptionHearsNothingMore() {
    ChangeFeed feed = newNodeFeed();
    String topic = topic("topic");
    Recording closed = new Recording();
    ChangeFeed.Subscription s = feed.subscribe(topic, closed);
    s.close();
    Recording open = subscribed(feed, topic);

    feed.publish(topic, "9");

    // The open one hearing it means the publish was delivered; the closed one must still be empty.
    await().atMost(WAIT).untilAsserted(() -> assertThat(open.keys).containsExactly("9"));
    assertThat(closed.keys).isEmpty();
  }

  /** Order is not promised (a notice only says "drop it", so order does not matter); delivery is. */
  @Test
  void everyOneOfManyPublishesArrives() {
    ChangeFeed one = newNodeFeed();
    String topic = topic("topic");
    Recording r = subscribed(newNodeFeed(), topic);

    for (int i = 0; i < 50; i++) {
      one.publish(topic, Integer.toString(i));
    }

    await().atMost(WAIT).untilAsserted(() -> assertThat(r.keys).hasSize(50));
    assertThat(r.keys).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 50)
        .mapToObj(Integer::toString).toList());
  }

  private static String topic(String name) {
    return name + "-" + UUID.randomUUID();
  }

  private static Recording subscribed(ChangeFeed feed, String topic) {
    Recording r = new Recording();
    feed.subscribe(topic, r);
    await().atMost(WAIT).until(() -> r.resubscribed.get() >= 1);
    return r;
  }
}
