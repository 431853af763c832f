package dev.parley.sdk.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Tells when a new connection can carry frames: at once for plain TCP, after the TLS handshake
 * with TLS, after the WebSocket upgrade (which follows the TLS handshake) with WebSocket. Until
 * then {@link #ready()} is pending; it fails with the cause when the handshake or upgrade fails,
 * times out or the connection closes first. Passes every event on. One per connection, confined
 * to its event loop.
 */
final class ConnectionReadiness extends ChannelInboundHandlerAdapter {
  /** Why a connection never became ready, with the step that failed. */
  static final class NotReadyException extends Exception {
    NotReadyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final boolean tls;
  private final boolean webSocket;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  ConnectionReadiness(boolean tls, boolean webSocket) {
    this.tls = tls;
    this.webSocket = webSocket;
  }

  /** Completes on the event loop once frames may flow. */
  CompletableFuture<Void> ready() {
    return ready;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (!tls && !webSocket) {
      ready.complete(null);
    }
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent handshake) {
      if (!handshake.isSuccess()) {
        fail("TLS handshake failed: " + handshake.cause().getMessage(), handshake.cause());
      } else if (!webSocket) {
        ready.complete(null);
      }
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      ready.complete(null);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      fail("WebSocket upgrade timed out", null);
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!ready.isDone()) {
      // e.g. the upgrade answered 403 or 404 (WebSocketClientHandshakeException), or a TLS alert
      fail((webSocket ? "WebSocket upgrade failed: " : "TLS handshake failed: ") + cause.getMessage(), cause);
      ctx.close();
      return;
    }
    super.exceptionCaught(ctx, cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail("closed by the node during the " + (webSocket ? "WebSocket upgrade" : "TLS handshake"), null);
    super.channelInactive(ctx);
  }

  private void fail(String message, Throwable cause) {
    if (!ready.isDone()) {
      ready.completeExceptionally(new NotReadyException(message, cause));
    }
  }
}
