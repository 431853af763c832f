package dev.parley.server.internal.node;

import dev.parley.core.hooks.ChatEventListener;
import dev.parley.core.internal.RateLimitedLog;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Friendship;
import dev.parley.core.model.Group;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.service.ChatEvents;
import dev.parley.netty.internal.DaemonThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what this node stored and saw to the host's {@link ChatEventListener}, off the request path:
 * the services' {@link ChatEvents} (a stored 1:1 or group message, a friendship made or ended, a group
 * change) and the node's presence changes ({@link #userOnline}, {@link #userOffline}) are put on ONE
 * bounded queue, which one daemon thread ({@code parley-<node>-host-events}) empties into the listener
 * in order. Putting never waits: when the queue is full the event is dropped and counted
 * ({@code parley_host_events_dropped_total}), so a slow listener never slows chat. A listener that
 * throws is logged (at most once per 10 s) and counted ({@code parley_host_events_failed_total});
 * the next event still comes. {@link #close} lets the queue drain for a moment, then stops.
 *
 * <p>Each node dispatches what it did: a stored message is published by the node that stored it, so
 * with a listener on every node of a cluster each message is heard once in the deployment; a friend
 * is added once per friendship (the side whose {@code userId} is the lower id); online and offline
 * by the node where the user's first session came up or last one ended.
 *
 * <p>Thread-safe: any thread offers, one thread calls the listener. With {@link ChatEventListener#NONE}
 * there is no queue, no thread and no meter ({@link #disabled()}).
 */
final class HostEventDispatcher implements ChatEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostEventDispatcher.class);
  /** How long {@link #close} lets the listener work through what is queued. */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

  private final ChatEventListener listener;
  private final BlockingQueue<Consumer<ChatEventListener>> queue;
  private final Thread thread;
  private final Counter delivered;
  private final Counter dropped;
  private final Counter failed;
  private final RateLimitedLog failures = new RateLimitedLog(log, Duration.ofSeconds(10));
  private volatile boolean closed;
  private volatile boolean abandoned; // close() stopped waiting: deliver nothing more

  private HostEventDispatcher() {
    listener = ChatEventListener.NONE;
    queue = null;
    thread = null;
    delivered = null;
    dropped = null;
    failed = null;
  }

  private HostEventDispatcher(ChatEventListener listener, int capacity, String nodeId, MeterRegistry meters) {
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(capacity);
    delivered = Counter.builder("parley.host.events.delivered")
        .description("events the host's ChatEventListener returned from").tag("node", nodeId).register(meters);
    dropped = Counter.builder("parley.host.events.dropped")
        .description("events for the host's ChatEventListener dropped because its queue was full")
        .tag("node", nodeId).register(meters);
    failed = Counter.builder("parley.host.events.failed")
        .description("events the host's ChatEventListener threw on (logged; the next event still comes)")
        .tag("node", nodeId).register(meters);
    Gauge.builder("parley.host.events.queued", queue, BlockingQueue::size)
        .description("events waiting for the host's ChatEventListener").tag("node", nodeId)
        .strongReference(true).register(meters);
    thread = DaemonThreads.named("parley-" + nodeId + "-host-events-").newThread(this::run);
    thread.start();
  }

  /** A dispatcher that hears nothing and costs nothing. */
  static HostEventDispatcher disabled() {
    return new HostEventDispatcher();
  }

  /**
   * A dispatcher for {@code listener} with a queue of {@code capacity} events and its meters in
   * {@code meters}; {@link #disabled()} for {@link ChatEventListener#NONE}.
   */
  static HostEventDispatcher start(ChatEventListener listener, int capacity, String nodeId, MeterRegistry meters) {
    return listener == ChatEventListener.NONE ? disabled() : new HostEventDispatcher(listener, capacity, nodeId, meters);
  }

  /** False when there is no listener: nothing needs to be published here. */
  boolean isOn() {
    return queue != null;
  }

  @Override
  public void messageStored(AppendResult result) {
    messageStored(result, null);
  }

  @Override
  public void messageStored(AppendResult result, String originSessionId) {
    var message = result.message();
    offer(l -> l.messageStored(message));
  }

  @Override
  public void groupMessageStored(GroupMessage message, long[] memberIds, String originSessionId) {
    offer(l -> l.groupMessageStored(message));
  }

  /** The services publish each side of a new friendship; the host hears it once. */
  @Override
  public void friendAdded(Friendship side) {
    if (side.userId() < side.friendId()) {
      offer(l -> l.friendAdded(side.userId(), side.friendId()));
    }
  }

  @Override
  public void friendRemoved(long userId, long friendId) {
    offer(l -> l.friendRemoved(userId, friendId));
  }

  @Override
  public void groupUpdated(Group group, GroupMessage message, long[] recipientIds) {
    offer(l -> l.groupChanged(group, message));
  }

  /** The user's first session came up, on this node. */
  void userOnline(long userId) {
    offer(l -> l.userOnline(userId));
  }

  /** The user's last session ended, on this node. */
  void userOffline(long userId) {
    offer(l -> l.userOffline(userId));
  }

  private void offer(Consumer<ChatEventListener> event) {
    if (queue == null) {
      return;
    }
    if (closed || !queue.offer(event)) {
      dropped.increment();
    }
  }

  private void run() {
    while ((!closed || !queue.isEmpty()) && !abandoned) {
      Consumer<ChatEventListener> event;
      try {
        event = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break; // close() gave up waiting for the listener
      }
      if (event != null) {
        deliver(event);
      }
    }
  }

  private void deliver(Consumer<ChatEventListener> event) {
    try {
      event.accept(listener);
      delivered.increment();
    } catch (Throwable e) { // the one thread must outlive any listener bug
      failed.increment();
      failures.warn("the host's ChatEventListener threw; the event is lost, the next one still comes", e);
    }
  }

  /**
   * Stops taking events and lets the listener work through the queue for up to
   * {@link #DRAIN_TIMEOUT}; then interrupts it, and what is still queued is dropped (counted). A
   * listener that ignores the interrupt keeps its (daemon) thread; nothing waits for it. Idempotent.
   */
  @Override
  public void close() {
    if (queue == null || closed) {
      return;
    }
    closed = true;
    try {
      thread.join(DRAIN_TIMEOUT.toMillis());
      if (thread.isAlive()) {
        abandoned = true;
        thread.interrupt();
        thread.join(DRAIN_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
    int left = queue.size();
    queue.clear();
    if (left > 0) {
      dropped.increment(left);
      log.warn("host event listener did not finish in {} ms; {} queued events dropped", DRAIN_TIMEOUT.toMillis(), left);
    }
  }
}
