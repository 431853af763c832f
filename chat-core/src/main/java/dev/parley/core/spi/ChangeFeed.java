package dev.parley.core.spi;

/**
 * Tells every node of a deployment that something it may have cached has changed: a publish of
 * {@code (topic, key)} reaches every subscriber of {@code topic}, on this node and on the others.
 * It carries no data, only "re-read {@code key}": the nodes' caches drop their copy.
 *
 * <p>Delivery is at most once and may be late: a subscriber hears of a change after it was
 * committed (publishers publish only then), and one that was disconnected may miss changes. So
 * each subscription is told {@link Listener#resubscribed()} whenever it is (re)established, and a
 * cache must then drop everything it holds; caches also bound an entry's life by a TTL, so a lost
 * message costs at most that TTL of staleness.
 *
 * <p>Implementations are thread-safe. {@link #publish} does not wait for delivery; listeners run on
 * the feed's own threads (the in-memory one: the publisher's) and must be quick and must not block
 * on the feed.
 */
public interface ChangeFeed {
  /** Tells every subscriber of {@code topic} that {@code key} changed. Never throws for a delivery failure. */
  void publish(String topic, String key);

  /**
   * Calls {@code listener} for every change published on {@code topic} from now on, until the
   * returned subscription is closed. {@link Listener#resubscribed()} is called once the
   * subscription is live and after every reconnection.
   */
  Subscription subscribe(String topic, Listener listener);

  /** What a subscriber is told. */
  interface Listener {
    /** {@code key} changed: drop any copy of it. */
    void changed(String key);

    /** The subscription is (again) live and changes may have been missed before: drop everything. */
    void resubscribed();
  }

  /** An open subscription; closing it stops the calls. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
