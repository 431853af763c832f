package dev.parley.sdk.internal;

import dev.parley.core.testing.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A TLS server on loopback that only does handshakes (and then holds the connection): stands in
 * for a TLS chat node in the tests of the SDK's TLS, so they do not depend on the server's TLS. It
 * records, per handshake, the client certificate's subject ("none" without one) or the failure.
 */
final class TlsTestServer implements AutoCloseable {
  final Queue<String> handshakes = new ConcurrentLinkedQueue<>();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;

  TlsTestServer(TestPki.Issued certificate, TestPki pki, ClientAuth clientAuth) throws Exception {
    SslContext context = SslContextBuilder.forServer(certificate.chain().toFile(), certificate.key().toFile())
        .trustManager(pki.caFile().toFile()).clientAuth(clientAuth).protocols("TLSv1.3", "TLSv1.2").build();
    channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(context.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
              @Override
              public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof SslHandshakeCompletionEvent done) {
                  handshakes.add(done.isSuccess() ? peer(ctx) : "failed: " + done.cause());
                }
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
              }
            });
          }
        }).bind("127.0.0.1", 0).sync().channel();
  }

  private static String peer(ChannelHandlerContext ctx) {
    try {
      X509Certificate cert = (X509Certificate) ctx.pipeline().get(SslHandler.class).engine().getSession()
          .getPeerCertificates()[0];
      return cert.getSubjectX500Principal().getName();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return "none";
    }
  }

  int port() {
    return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
