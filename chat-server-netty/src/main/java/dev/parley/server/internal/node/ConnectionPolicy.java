package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What every client connection of a node shares: where its session is registered, where its
 * requests go and who hears that it closed, the rate limit's bucket, the slow-consumer timeout and
 * the idle/login sweeps. One per node, so a {@link ChatConnectionHandler} holds only its own state.
 *
 * @param sessions where sessions are registered while their connection is open
 * @param dispatch runs one request of a session (the node's {@link RequestDispatcher})
 * @param closed told on the event loop when a session's connection has closed ({@link SessionLifecycle})
 * @param bucket the per-connection request rate
 * @param abuseThreshold refusals within a second that close a connection
 * @param slowConsumerTimeout how long a connection may stay unwritable before it is dropped
 * @param sweeps the idle and login timeouts
 * @param nanoTime the rate limit's clock (tests drive it)
 */
record ConnectionPolicy(LocalSessions sessions, BiConsumer<ChatSession, Frame> dispatch,
    Consumer<ChatSession> closed, TokenBucket bucket, int abuseThreshold, Duration slowConsumerTimeout,
    ConnectionSweeps sweeps, LongSupplier nanoTime) {
  /** Refused requests within a second, as a multiple of the rate, after which a connection is closed. */
  static final int ABUSE_FACTOR = 10;

  ConnectionPolicy {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(dispatch, "dispatch");
    Objects.requireNonNull(closed, "closed");
    Objects.requireNonNull(slowConsumerTimeout, "slowConsumerTimeout");
  }

  /** The policy of {@code settings}, with the system clock. */
  static ConnectionPolicy of(PipelineSettings settings, LocalSessions sessions,
      BiConsumer<ChatSession, Frame> dispatch, Consumer<ChatSession> closed) {
    int perSecond = settings.limits().messagesPerSecond();
    return new ConnectionPolicy(sessions, dispatch, closed, new TokenBucket(perSecond), perSecond * ABUSE_FACTOR,
        settings.slowConsumerTimeout(),
        new ConnectionSweeps(settings.limits().idleTimeout(), settings.limits().loginTimeout()), System::nanoTime);
  }
}
