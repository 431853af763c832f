package dev.parley.cache.redis.internal;

import dev.parley.core.spi.ChangeFeed;
import java.util.Objects;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChangeFeed} on Redis pub/sub: topic {@code t} is the channel {@code P changes:t}, a key is
 * the message. Redis delivers a channel's messages to every subscribed connection in publish order
 * and drops them for a connection that is down; Redisson re-subscribes after a reconnection and
 * reports it through a {@link StatusListener}, which this feed turns into
 * {@link Listener#resubscribed()} so the caches drop what they may have missed.
 *
 * <p>{@link #subscribe} throws {@code UNAVAILABLE} when Redis cannot be reached. {@link #publish} does not wait (a failed publish is logged: the subscribers' TTLs bound the
 * staleness). Listeners run on Redisson's threads. Thread-safe.
 */
public final class RedisChangeFeed implements ChangeFeed {
  private static final Logger log = LoggerFactory.getLogger(RedisChangeFeed.class);

  private final RedissonClient redis;
  private final KeySpace keys;

  public RedisChangeFeed(RedissonClient redis, KeySpace keys) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  @Override
  public void publish(String topic, String key) {
    Objects.requireNonNull(key, "key");
    try {
      topic(topic).publishAsync(key).whenComplete((receivers, e) -> {
        if (e != null) {
          log.warn("could not publish change {} on {}; caches elsewhere expire it by their TTL: {}", key, topic,
              e.toString());
        }
      });
    } catch (RuntimeException e) { // Redisson may refuse at once, e.g. while shutting down
      log.warn("could not publish change {} on {}: {}", key, topic, e.toString());
    }
  }

  @Override
  public Subscription subscribe(String topic, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    RTopic t = topic(topic);
    String channel = keys.changes(topic);
    // The status listener first, so no reconnection after the subscription goes unreported.
    int status = RedisCall.run("subscribe " + channel, () -> t.addListener(new StatusListener() {
      @Override
      public void onSubscribe(String ch) {
        if (channel.equals(ch)) {
          listener.resubscribed();
        }
      }

      @Override
      public void onUnsubscribe(String ch) {}
    }));
    int messages;
    try {
      messages = RedisCall.run("subscribe " + channel,
          () -> t.addListener(String.class, (ch, key) -> listener.changed(key)));
    } catch (RuntimeException e) {
      t.removeListener(status);
      throw e;
    }
    // addListener returns once the channel is subscribed; a channel this client had already
    // subscribed reports no new onSubscribe, so say it here.
    listener.resubscribed();
    return () -> t.removeListener(status, messages);
  }

  private RTopic topic(String topic) {
    return redis.getTopic(keys.changes(Objects.requireNonNull(topic, "topic")), StringCodec.INSTANCE);
  }
}
