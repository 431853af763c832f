package dev.parley.server.internal.gate;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Aggregates a request body up to {@code maxBodyBytes}. A larger body is never buffered: a
 * Content-Length over the limit is refused before any body byte is read, a chunked body as soon as
 * it crosses the limit, and the rest is discarded as it arrives. Instead of answering itself (as
 * {@link HttpObjectAggregator} does, with an empty 413 that could overtake an earlier pipelined
 * response), it passes an {@link OversizedRequest} on, which the request handler answers in order
 * with the JSON error. One instance per channel; event-loop confined.
 */
final class GateBodyAggregator extends HttpObjectAggregator {
  GateBodyAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    if (HttpUtil.is100ContinueExpected(start) && HttpUtil.getContentLength(start, -1L) > maxContentLength) {
      return null; // no 100 Continue: the content-length check then routes it to handleOversizedMessage
    }
    return super.newContinueResponse(start, maxContentLength, pipeline);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (!(oversized instanceof HttpRequest request)) {
      ctx.close();
      return;
    }
    // A client waiting for 100 Continue never sends the body the decoder now expects: close after
    // answering. Otherwise the aggregator drops the rest of the body and the connection stays usable.
    boolean keepAlive = HttpUtil.isKeepAlive(request) && !HttpUtil.is100ContinueExpected(request);
    ctx.fireChannelRead(new OversizedRequest(request.method(), request.uri(), request.protocolVersion(), keepAlive));
  }
}
