package dev.parley.server.internal.node;

import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each client connection's pipeline, one small handler per step: flush consolidation (the
 * answers and pushes written while a read is in progress, or within one event-loop turn, leave in one
 * system call), idle detection, slow-consumer guard, framing, frame parsing, bad-frame answer, login timeout,
 * rate limit, then the session logic; outbound, the length-prefixed protobuf encoding; last, a
 * catch-all for unexpected errors.
 *
 * <p>Typed on {@link Channel}, not {@code SocketChannel}: nothing here needs a socket, so the same
 * pipeline also runs on an {@code EmbeddedChannel} (the in-process benchmark of the whole path).
 *
 * <p>Sharable and thread-safe: it holds only shared, thread-safe collaborators.
 */
public final class ChatChannelInitializer extends ChannelInitializer<Channel> {
  private static final IdleCloseHandler IDLE_CLOSE = new IdleCloseHandler();
  private static final UnexpectedErrorHandler UNEXPECTED = new UnexpectedErrorHandler();
  // Bounds how many flushes one batch may hold back, so a busy connection still sends steadily.
  private static final int FLUSHES_PER_BATCH = 64;

  private final PipelineSettings settings;
  private final RequestThreading threading;
  private final LocalSessions sessions;
  private final RequestDispatcher dispatcher;
  private final SessionLifecycle lifecycle;

  /** Sessions get their work queue from {@code threading}, the node's one threading mode. */
  public ChatChannelInitializer(PipelineSettings settings, RequestThreading threading, LocalSessions sessions,
      RequestDispatcher dispatcher, SessionLifecycle lifecycle) {
    this.settings = settings;
    this.threading = threading;
    this.sessions = sessions;
    this.dispatcher = dispatcher;
    this.lifecycle = lifecycle;
  }

  @Override
  protected void initChannel(Channel ch) {
    ChatSession session = new ChatSession(ch, threading.newSessionQueue(settings.maxPendingRequests()),
        settings.maxPendingWriteBytes());
    ChannelPipeline p = ch.pipeline();
    p.addLast("flushBatch", new FlushConsolidationHandler(FLUSHES_PER_BATCH, true));
    p.addLast("idle", new IdleStateHandler(settings.limits().idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("idleClose", IDLE_CLOSE);
    p.addLast("slowConsumer", new SlowConsumerGuard(session, settings.slowConsumerTimeout()));
    p.addLast("framing", new VarintFrameDecoder(settings.limits().maxFrameBytes()));
    p.addLast("parse", FrameParser.INSTANCE);
    p.addLast("encode", FrameEncoder.INSTANCE);
    p.addLast("badFrame", new BadFrameHandler(session));
    p.addLast("loginTimeout", new LoginTimeoutHandler(session, settings.limits().loginTimeout()));
    p.addLast("rateLimit", new RateLimitHandler(session, settings.limits().messagesPerSecond(), System::nanoTime));
    p.addLast("session", new ChatSessionHandler(session, sessions, dispatcher, lifecycle));
    p.addLast("unexpected", UNEXPECTED);
  }
}
