package dev.parley.server.internal.gate;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines for a request to arrive, counted from its first byte: the request line and headers
 * within {@code headersTimeout}, the whole request (body included) within {@code requestTimeout}.
 * The idle timeout alone cannot stop a client that trickles one byte every few seconds; these do.
 *
 * <p>It sits after the HTTP codec, where it sees each request's head and last content; its
 * {@link #startWatcher()} sits before the codec, where the first byte of the next request shows.
 * Between requests (a kept-alive connection waiting) no deadline runs; bytes read while an earlier
 * request is still being decoded start nothing, so the deadline of a pipelined request starts at the
 * first read after the request before it arrived whole (while a request waits on a worker the gate
 * reads nothing, and that wait never counts against the client). When a deadline passes it stops
 * reading, drops what the codec still decodes, and passes a {@link TimedOutRequest} on, which the
 * request handler answers with 408 in order before closing.
 *
 * <p>One instance per channel; event-loop confined.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
  private final long headersMillis;
  private final long requestMillis;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> headersTimer;
  private ScheduledFuture<?> requestTimer;
  private HttpRequest head;
  private boolean started;
  private boolean expired;

  RequestDeadline(Duration headersTimeout, Duration requestTimeout) {
    this.headersMillis = headersTimeout.toMillis();
    this.requestMillis = requestTimeout.toMillis();
  }

  /** The handler to place before the HTTP codec; it tells this one when a request's first byte is read. */
  ChannelInboundHandler startWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext before, Object msg) {
        bytesRead();
        before.fireChannelRead(msg);
      }
    };
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (expired) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      head = request;
      cancel(headersTimer);
    }
    if (msg instanceof LastHttpContent) {
      cancel(headersTimer);
      cancel(requestTimer);
      started = false;
      head = null;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel(headersTimer);
    cancel(requestTimer);
    ctx.fireChannelInactive();
  }

  private void bytesRead() {
    if (started || expired) {
      return;
    }
    started = true;
    headersTimer = schedule("the request line and headers", headersMillis);
    requestTimer = schedule("the whole request", requestMillis);
  }

  private ScheduledFuture<?> schedule(String what, long millis) {
    return ctx.executor().schedule(() -> expire(what, millis), millis, TimeUnit.MILLISECONDS);
  }

  private void expire(String what, long millis) {
    if (expired || !ctx.channel().isActive()) {
      return;
    }
    expired = true;
    cancel(headersTimer);
    cancel(requestTimer);
    ctx.channel().config().setAutoRead(false);
    String why = what + " did not arrive within " + millis + " ms of its first byte";
    ctx.fireChannelRead(head == null ? new TimedOutRequest(null, null, HttpVersion.HTTP_1_1, why)
        : new TimedOutRequest(head.method(), head.uri(), head.protocolVersion(), why));
  }

  private static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
