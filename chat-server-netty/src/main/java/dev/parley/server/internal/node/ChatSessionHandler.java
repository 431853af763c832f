package dev.parley.server.internal.node;

import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * The logic end of the pipeline: registers the session when the connection opens, hands each
 * request to the {@link RequestDispatcher}, and cleans up when the connection closes.
 *
 * <p>One instance per channel; used on the channel's event loop.
 */
final class ChatSessionHandler extends SimpleChannelInboundHandler<Frame> {
  private final ChatSession session;
  private final LocalSessions sessions;
  private final RequestDispatcher dispatcher;
  private final SessionLifecycle lifecycle;

  ChatSessionHandler(ChatSession session, LocalSessions sessions, RequestDispatcher dispatcher,
      SessionLifecycle lifecycle) {
    this.session = session;
    this.sessions = sessions;
    this.dispatcher = dispatcher;
    this.lifecycle = lifecycle;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    sessions.add(session);
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame request) {
    if (!session.isClosing()) {
      dispatcher.dispatch(session, request);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    sessions.remove(session);
    lifecycle.closed(session);
    ctx.fireChannelInactive();
  }
}
