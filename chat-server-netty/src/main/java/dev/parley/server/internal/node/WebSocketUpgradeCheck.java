package dev.parley.server.internal.node;

import dev.parley.server.internal.transport.AllowedOrigins;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets only a WebSocket upgrade of {@link WebSocketSettings#PATH} from an allowed {@code Origin}
 * reach Netty's handshake; anything else is answered and the connection closed: an unreadable
 * request 400, another path 404, a request on the path that is not a {@code GET} with
 * {@code Upgrade: websocket} 400, a disallowed origin 403. It removes itself once a request passes,
 * so an upgraded connection does not keep it.
 *
 * <p>Sharable and thread-safe: it holds only the immutable allow-list.
 */
@ChannelHandler.Sharable
final class WebSocketUpgradeCheck extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(WebSocketUpgradeCheck.class);

  private final AllowedOrigins origins;

  WebSocketUpgradeCheck(AllowedOrigins origins) {
    this.origins = origins;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    HttpResponseStatus refusal = refusal(request);
    if (refusal != null) {
      log.debug("refusing {} {} from {} (Origin {}): {}", request.method(), request.uri(),
          ctx.channel().remoteAddress(), request.headers().get(HttpHeaderNames.ORIGIN), refusal);
      ReferenceCountUtil.release(request);
      DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal,
          Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0)
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(request);
  }

  private HttpResponseStatus refusal(FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    String uri = request.uri();
    int query = uri.indexOf('?');
    if (!(query < 0 ? uri : uri.substring(0, query)).equals(WebSocketSettings.PATH)) {
      return HttpResponseStatus.NOT_FOUND;
    }
    if (!request.method().equals(HttpMethod.GET)
        || !request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    if (!origins.allows(request.headers().get(HttpHeaderNames.ORIGIN))) {
      return HttpResponseStatus.FORBIDDEN;
    }
    return null;
  }
}
