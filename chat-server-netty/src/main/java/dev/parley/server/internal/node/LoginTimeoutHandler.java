package dev.parley.server.internal.node;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not logged in within the login timeout of connecting, so idle
 * anonymous sockets cannot pile up. Once the session has logged in the timer finds nothing to do.
 *
 * <p>One instance per channel; used on the channel's event loop.
 */
final class LoginTimeoutHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(LoginTimeoutHandler.class);

  private final ChatSession session;
  private final Duration timeout;
  private ScheduledFuture<?> timer;

  LoginTimeoutHandler(ChatSession session, Duration timeout) {
    this.session = session;
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  private void expire(ChannelHandlerContext ctx) {
    if (!session.isLoggedIn()) {
      log.debug("closing {}: no login within {}", session, timeout);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
