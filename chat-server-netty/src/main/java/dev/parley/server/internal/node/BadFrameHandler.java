package dev.parley.server.internal.node;

import dev.parley.netty.internal.BadFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a {@link BadFrame} with an {@code Error} frame and closes the connection once it is
 * written; frames already decoded behind it are ignored because the session is marked closing.
 *
 * <p>One instance per channel (it holds the session); used on the channel's event loop.
 */
final class BadFrameHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(BadFrameHandler.class);

  private final ChatSession session;

  BadFrameHandler(ChatSession session) {
    this.session = session;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof BadFrame bad) {
      log.debug("closing {}: {} {}", session, bad.code(), bad.detail());
      session.closeAfter(Frames.error(0, bad.code(), bad.detail()));
    } else {
      ctx.fireChannelRead(msg);
    }
  }
}
