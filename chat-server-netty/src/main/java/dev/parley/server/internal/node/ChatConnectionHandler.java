package dev.parley.server.internal.node;

import dev.parley.core.ErrorCode;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.BadFrame;
import dev.parley.netty.internal.FrameParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a client connection does after framing, in one handler so an idle connection holds
 * one handler object and one handler context for it instead of eight (each context alone is 64
 * bytes): it parses each frame's bytes, answers a bad frame with an {@code Error} and closes,
 * applies the per-connection rate limit, hands requests to the node, drops a slow consumer,
 * registers the session and cleans up on close, and is the pipeline's catch-all for unexpected
 * errors. Everything that is the same for every connection lives in the shared
 * {@link ConnectionPolicy}; the idle and login timeouts are enforced by the event loop's sweep
 * ({@link ConnectionSweeps}), which reads the timestamps kept here.
 *
 * <p>Rate limit: {@code perSecond} requests a second (burst the same); one over is answered with
 * {@code RATE_LIMITED} and its retry-after; a client that goes on regardless, with more than
 * {@link ConnectionPolicy#ABUSE_FACTOR} times the limit refused within one second, is disconnected.
 * Slow consumer: a channel unwritable (output above the high water mark) for the slow-consumer
 * timeout is closed; its user's messages stay in the mailbox and are synced on reconnect (a
 * per-session byte bound in {@link ChatSession#push} catches a flood faster).
 *
 * <p>One instance per channel; used only on the channel's event loop (the sweep fields too).
 */
final class ChatConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ChatConnectionHandler.class);
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ChatSession session;
  private final ConnectionPolicy policy;
  // the sweep's: when the channel became active and last read, on the loop's ticker, and the list links
  long connectedNanos;
  long lastReadNanos;
  ChatConnectionHandler sweepPrev;
  ChatConnectionHandler sweepNext;
  boolean swept;
  // the rate limit's: the token bucket's theoretical arrival time and the refusals' one-second window
  private long theoreticalArrival;
  private long refusalWindowStart;
  private int refusedInWindow;
  private ScheduledFuture<?> slowConsumerTimer;

  ChatConnectionHandler(ChatSession session, ConnectionPolicy policy) {
    this.session = session;
    this.policy = policy;
    long now = policy.nanoTime().getAsLong();
    this.theoreticalArrival = now;
    this.refusalWindowStart = now;
  }

  ChatSession session() {
    return session;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    policy.sessions().add(session);
    policy.sweeps().add(ctx.executor(), this);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Object in = msg;
    if (msg instanceof ByteBuf bytes) {
      try {
        in = FrameParser.parse(bytes);
      } finally {
        bytes.release();
      }
    }
    if (in instanceof Frame frame) {
      request(frame);
    } else if (in instanceof BadFrame bad) {
      log.debug("closing {}: {} {}", session, bad.code(), bad.detail());
      session.closeAfter(Frames.error(0, bad.code(), bad.detail()));
    } else {
      ReferenceCountUtil.release(in); // nothing else should get here; never leak it
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    lastReadNanos = ctx.executor().ticker().nanoTime(); // bytes arrived: not idle, whole frame or not
    ctx.fireChannelReadComplete();
  }

  private void request(Frame frame) {
    if (session.isClosing()) {
      return; // a bad frame, a kick or a logout is closing it: what follows is not answered
    }
    long now = policy.nanoTime().getAsLong();
    TokenBucket bucket = policy.bucket();
    long waitNanos = bucket.waitNanos(theoreticalArrival, now);
    if (waitNanos == 0) {
      theoreticalArrival = bucket.taken(theoreticalArrival, now);
      policy.dispatch().accept(session, frame);
    } else {
      refuse(frame, now, waitNanos);
    }
  }

  private void refuse(Frame frame, long now, long waitNanos) {
    if (now - refusalWindowStart >= WINDOW_NANOS) {
      refusalWindowStart = now;
      refusedInWindow = 0;
    }
    if (++refusedInWindow > policy.abuseThreshold()) {
      log.info("closing {}: over {} requests refused for rate within a second", session, policy.abuseThreshold());
      session.closeAfter(Frames.error(frame.getRequestId(), ErrorCode.RATE_LIMITED,
          "too many requests; closing the connection"));
      return;
    }
    long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    session.reply(Frames.error(frame.getRequestId(), ErrorCode.RATE_LIMITED,
        "more than the allowed requests per second on this connection", retryMs));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable() && slowConsumerTimer == null) {
      slowConsumerTimer = ctx.executor().schedule(() -> checkSlowConsumer(ctx),
          policy.slowConsumerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } else if (ctx.channel().isWritable() && slowConsumerTimer != null) {
      slowConsumerTimer.cancel(false);
      slowConsumerTimer = null;
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void checkSlowConsumer(ChannelHandlerContext ctx) {
    slowConsumerTimer = null;
    if (!ctx.channel().isWritable()) {
      log.info("dropping {}: not reading, output unwritable for {}", session, policy.slowConsumerTimeout());
      session.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    policy.sweeps().remove(ctx.executor(), this);
    if (slowConsumerTimer != null) {
      slowConsumerTimer.cancel(false);
      slowConsumerTimer = null;
    }
    policy.sessions().remove(session);
    policy.closed().accept(session);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a failed TLS handshake (plaintext, a refused certificate, a timeout) reaches here wrapped by the decoder:
    // a client's doing, counted by the TLS handler, not worth a warning with a stack trace
    if (cause instanceof IOException || cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
      log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.warn("closing {} after an unexpected error", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
