package dev.parley.server.internal.node;

import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.VarintFrameDecoder;
import dev.parley.server.internal.tls.ServerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Builds each client connection's pipeline in as few handlers as the steps allow, since each
 * handler costs an idle connection its object and a 64-byte context: TLS when the port has it,
 * flush consolidation (the
 * answers and pushes written while a read is in progress, or within one event-loop turn, leave in
 * one system call), framing, the outbound length-prefixed protobuf encoding, and one
 * {@link ChatConnectionHandler} for everything else (parsing, bad-frame answer, rate limit, slow
 * consumer, session logic, catch-all). The idle and login timeouts are one sweep per event loop
 * ({@link ConnectionSweeps}), not timers per connection.
 *
 * <p>Typed on {@link Channel}, not {@code SocketChannel}: nothing here needs a socket, so the same
 * pipeline also runs on an {@code EmbeddedChannel} (the in-process benchmark of the whole path).
 *
 * <p>Sharable and thread-safe: it holds only shared, thread-safe collaborators.
 */
public final class ChatChannelInitializer extends ChannelInitializer<Channel> {
  // Bounds how many flushes one batch may hold back, so a busy connection still sends steadily.
  private static final int FLUSHES_PER_BATCH = 64;

  private final PipelineSettings settings;
  private final RequestThreading threading;
  private final ConnectionPolicy policy;
  private final ServerTls tls;

  /**
   * Sessions get their work queue from {@code threading}, the node's one threading mode; with
   * {@code tls} (null: plaintext) each connection's pipeline starts with its TLS handler.
   */
  public ChatChannelInitializer(PipelineSettings settings, RequestThreading threading, LocalSessions sessions,
      RequestDispatcher dispatcher, SessionLifecycle lifecycle, ServerTls tls) {
    this.settings = settings;
    this.tls = tls;
    this.threading = threading;
    this.policy = ConnectionPolicy.of(settings, sessions, dispatcher::dispatch, lifecycle::closed);
  }

  @Override
  protected void initChannel(Channel ch) {
    SessionWorkQueue work = threading.newSessionQueue(settings.maxPendingRequests(), ch.eventLoop());
    ChatSession session = new ChatSession(ch, work, settings.maxPendingWriteBytes());
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch));
    }
    p.addLast("flushBatch", new FlushConsolidationHandler(FLUSHES_PER_BATCH, true));
    p.addLast("framing", new VarintFrameDecoder(settings.limits().maxFrameBytes()));
    p.addLast("encode", FrameEncoder.INSTANCE);
    p.addLast("connection", new ChatConnectionHandler(session, policy));
  }
}
