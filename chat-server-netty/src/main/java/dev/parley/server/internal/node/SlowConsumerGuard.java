package dev.parley.server.internal.node;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a connection whose client stops reading: when its channel turns unwritable (output above
 * the high water mark) and stays so for the slow-consumer timeout, it is closed. Its user's
 * messages stay in the mailbox and are synced on reconnect; a per-session byte bound in
 * {@link ChatSession#push} catches a flood faster than this timer.
 *
 * <p>One instance per channel; used on the channel's event loop.
 */
final class SlowConsumerGuard extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(SlowConsumerGuard.class);

  private final ChatSession session;
  private final Duration timeout;
  private ScheduledFuture<?> timer;

  SlowConsumerGuard(ChatSession session, Duration timeout) {
    this.session = session;
    this.timeout = timeout;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable() && timer == null) {
      timer = ctx.executor().schedule(() -> check(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
    } else if (ctx.channel().isWritable() && timer != null) {
      timer.cancel(false);
      timer = null;
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void check(ChannelHandlerContext ctx) {
    timer = null;
    if (!ctx.channel().isWritable()) {
      log.info("dropping {}: not reading, output unwritable for {}", session, timeout);
      session.close();
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
