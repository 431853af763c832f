package dev.parley.sdk.e2e;

import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket endpoint on loopback ({@code /ws}, {@code wss} with a TLS context) in front of a
 * chat node's TCP port, standing in for the node's own WebSocket endpoint in the SDK's tests:
 * each binary message must be exactly one {@code parley.v1.Frame} (it is parsed as one, so a
 * length prefix would break it) and goes on to the node varint-prefixed; each frame from the node
 * goes back as one binary message. It records the frames clients sent. One backend connection per
 * WebSocket; closing either closes both. Thread-safe.
 */
final class WebSocketBridge implements AutoCloseable {
  final List<Frame> fromClients = new CopyOnWriteArrayList<>();
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final InetSocketAddress node;

  WebSocketBridge(InetSocketAddress node, SslContext tls) {
    this.node = node;
    this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new WebSocketServerProtocolHandler("/ws", null, false, 1 << 20), new ClientSide());
          }
        }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** The WebSocket side: connects to the node first, then reads. */
  private final class ClientSide extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
    private Channel backend;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel client = ctx.channel();
      new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new VarintFrameDecoder(1 << 20), FrameParser.INSTANCE, FrameEncoder.INSTANCE,
                  new SimpleChannelInboundHandler<Frame>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext nodeCtx, Frame frame) {
                      client.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())));
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext nodeCtx) {
                      client.close();
                    }
                  });
            }
          }).connect(node).addListener(f -> {
            if (f.isSuccess()) {
              backend = ((io.netty.channel.ChannelFuture) f).channel();
              client.config().setAutoRead(true);
            } else {
              client.close();
            }
          });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame message) throws Exception {
      Frame frame = Frame.parseFrom(ByteBufUtil.getBytes(message.content()));
      fromClients.add(frame);
      backend.writeAndFlush(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (backend != null) {
        backend.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
