package dev.parley.sdk.internal;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.BadFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last pipeline stage: forwards frames, idle events, failures and the channel's end to its
 * {@link ChatConnection}. Events before the connection is attached (the connect future has not
 * run yet) are only possible for inactivity, which the connect failure already reports.
 * Confined to the channel's event loop.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<Frame> {
  private ChatConnection connection;
  private boolean inactive;

  void attach(ChatConnection c) {
    connection = c;
    if (inactive) {
      c.onInactive();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof BadFrame bad) {
      if (connection != null) {
        connection.onBadFrame(bad);
      } else {
        ctx.close();
      }
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
    if (connection != null) {
      connection.onFrame(frame);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle && connection != null) {
      if (idle.state() == IdleState.WRITER_IDLE) {
        connection.onWriteIdle();
      } else if (idle.state() == IdleState.READER_IDLE) {
        connection.onReadIdle();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (connection != null) {
      connection.onFailure(cause);
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    inactive = true;
    if (connection != null) {
      connection.onInactive();
    }
    super.channelInactive(ctx);
  }
}
