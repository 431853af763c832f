package dev.parley.server.internal.gate;

import dev.parley.server.internal.transport.ClientAddresses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection's requests strictly one at a time, so responses leave in request order
 * (HTTP/1.1 pipelining) even when one waits on a worker while the next could be answered inline.
 * While a request is in flight the channel stops reading; requests already decoded wait in a queue
 * of at most {@value #MAX_PIPELINED}, beyond which the connection is closed. Handles keep-alive:
 * a request that asks to close (or HTTP/1.0 without keep-alive) gets {@code Connection: close}.
 *
 * <p>One instance per channel; all state is confined to the channel's event loop (worker results
 * hop back onto it).
 */
final class GateRequestHandler extends ChannelInboundHandlerAdapter {
  static final int MAX_PIPELINED = 32;
  private static final Logger log = LoggerFactory.getLogger(GateRequestHandler.class);

  private final GateDispatcher dispatcher;
  private final GateMetrics metrics;
  private final int maxBodyBytes;
  private final ArrayDeque<GateRequest> pending = new ArrayDeque<>();
  private boolean busy;
  private boolean closing;
  private boolean peerChecked;
  private String peerSubject;

  GateRequestHandler(GateDispatcher dispatcher, GateMetrics metrics, int maxBodyBytes) {
    this.dispatcher = dispatcher;
    this.metrics = metrics;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    String client = clientAddress(ctx.channel().remoteAddress());
    if (msg instanceof FullHttpRequest full) {
      try {
        GateRequest request = GateRequest.from(full, client);
        String subject = peerSubject(ctx);
        accept(ctx, subject == null ? request : request.withPeerSubject(subject));
      } finally {
        full.release();
      }
    } else if (msg instanceof OversizedRequest oversized) {
      accept(ctx, GateRequest.oversized(oversized, client, maxBodyBytes));
    } else if (msg instanceof TimedOutRequest timedOut) {
      accept(ctx, GateRequest.timedOut(timedOut, client));
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void accept(ChannelHandlerContext ctx, GateRequest request) {
    if (closing) {
      return;
    }
    if (pending.size() >= MAX_PIPELINED) {
      log.debug("closing {}: more than {} pipelined requests", ctx.channel(), MAX_PIPELINED);
      closing = true;
      ctx.close();
      return;
    }
    pending.add(request);
    serveNext(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pending.clear();
    closing = true;
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing {} after {}", ctx.channel(), cause.toString());
    closing = true;
    ctx.close();
  }

  private void serveNext(ChannelHandlerContext ctx) {
    while (!busy && !closing && !pending.isEmpty()) {
      GateRequest request = pending.poll();
      busy = true;
      CompletableFuture<GateDispatcher.Outcome> outcome = dispatcher.dispatch(request);
      if (outcome.isDone()) {
        respond(ctx, request, outcome.join());
      } else {
        outcome.thenAccept(o -> ctx.executor().execute(() -> {
          respond(ctx, request, o);
          serveNext(ctx);
        }));
      }
    }
    // Back-pressure: read more only when nothing is in flight.
    ctx.channel().config().setAutoRead(!busy && !closing);
  }

  private void respond(ChannelHandlerContext ctx, GateRequest request, GateDispatcher.Outcome outcome) {
    busy = false;
    GateResponse response = outcome.response();
    metrics.record(outcome.routeName(), response.status().code(), System.nanoTime() - request.receivedNanos());
    if (closing) {
      return;
    }
    FullHttpResponse http = toHttp(response, request);
    if (request.keepAlive()) {
      ctx.writeAndFlush(http);
    } else {
      closing = true;
      pending.clear();
      ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse toHttp(GateResponse response, GateRequest request) {
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
        Unpooled.wrappedBuffer(response.body()));
    HttpHeaders headers = http.headers();
    if (response.contentType() != null) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    }
    if (!response.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
      // RFC 9110 8.6: a 304's Content-Length could only be the 200's; it has no body, so none
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    }
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      headers.set(header.getKey(), header.getValue());
    }
    if (!request.keepAlive()) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.version().equals(HttpVersion.HTTP_1_0)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return http;
  }

  /**
   * The subject of the TLS client certificate this connection presented (read once, after the
   * handshake, which precedes any request); null on plaintext or without a client certificate.
   */
  private String peerSubject(ChannelHandlerContext ctx) {
    if (!peerChecked) {
      peerChecked = true;
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      if (ssl != null) {
        try {
          Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
          if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
            peerSubject = x509.getSubjectX500Principal().getName();
          }
        } catch (SSLPeerUnverifiedException e) {
          peerSubject = null;
        }
      }
    }
    return peerSubject;
  }

  /** The key of the per-address limits: the IPv4 address, or an IPv6 client's /64. */
  private static String clientAddress(SocketAddress remote) {
    return ClientAddresses.keyOf(remote);
  }
}
