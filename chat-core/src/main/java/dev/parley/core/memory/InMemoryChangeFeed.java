package dev.parley.core.memory;

import dev.parley.core.spi.ChangeFeed;
import dev.parley.core.spi.NonBlocking;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} for one JVM: every node of the process that shares this instance hears
 * every publish, synchronously on the publisher's thread, so nothing is ever lost or late. A
 * listener that throws is logged and does not stop the others. Thread-safe.
 */
public final class InMemoryChangeFeed implements ChangeFeed, NonBlocking {
  private static final Logger log = LoggerFactory.getLogger(InMemoryChangeFeed.class);

  private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();

  @Override
  public void publish(String topic, String key) {
    Objects.requireNonNull(key, "key");
    for (Listener l : listeners.getOrDefault(topic, List.of())) {
      try {
        l.changed(key);
      } catch (RuntimeException e) {
        log.warn("a listener of topic {} failed on key {}", topic, key, e);
      }
    }
  }

  @Override
  public Subscription subscribe(String topic, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    List<Listener> list = listeners.computeIfAbsent(Objects.requireNonNull(topic, "topic"),
        t -> new CopyOnWriteArrayList<>());
    list.add(listener);
    listener.resubscribed();
    return () -> list.remove(listener);
  }
}
