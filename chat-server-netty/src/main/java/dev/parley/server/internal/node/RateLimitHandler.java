package dev.parley.server.internal.node;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits one connection's requests to {@code perSecond} a second (burst the same). A request over
 * the limit is answered with {@code RATE_LIMITED} and its retry-after; a client that keeps going
 * regardless, with more than {@link #ABUSE_FACTOR} times the limit refused within one second, is
 * disconnected.
 *
 * <p>One instance per channel; used on the channel's event loop.
 */
final class RateLimitHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RateLimitHandler.class);
  static final int ABUSE_FACTOR = 10;
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ChatSession session;
  private final TokenBucket bucket;
  private final LongSupplier nanoTime;
  private final int abuseThreshold;
  private long windowStart;
  private int refusedInWindow;

  RateLimitHandler(ChatSession session, int perSecond, LongSupplier nanoTime) {
    this.session = session;
    this.bucket = new TokenBucket(perSecond, nanoTime);
    this.nanoTime = nanoTime;
    this.abuseThreshold = perSecond * ABUSE_FACTOR;
    this.windowStart = nanoTime.getAsLong();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (session.isClosing()) {
      return;
    }
    long waitNanos = bucket.tryTake();
    if (waitNanos == 0) {
      ctx.fireChannelRead(frame);
    } else {
      refuse(frame, waitNanos);
    }
  }

  private void refuse(Frame frame, long waitNanos) {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      refusedInWindow = 0;
    }
    if (++refusedInWindow > abuseThreshold) {
      log.info("closing {}: over {} requests refused for rate within a second", session, abuseThreshold);
      session.closeAfter(Frames.error(frame.getRequestId(), ErrorCode.RATE_LIMITED,
          "too many requests; closing the connection"));
      return;
    }
    long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    session.reply(Frames.error(frame.getRequestId(), ErrorCode.RATE_LIMITED,
        "more than the allowed requests per second on this connection", retryMs));
  }
}
