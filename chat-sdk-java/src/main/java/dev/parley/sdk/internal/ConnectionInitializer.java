package dev.parley.sdk.internal;

import dev.parley.core.protocol.ChatProtocol.Frame;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.protobuf.ProtobufDecoder;
import io.netty.handler.codec.protobuf.ProtobufEncoder;
import io.netty.handler.codec.protobuf.ProtobufVarint32LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds a client channel's pipeline: framing, protobuf codec, idle detection, then the
 * {@link ConnectionHandler}. One per connection (the handler it installs is per connection).
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
  private final SessionSettings settings;
  private final ConnectionHandler handler;

  ConnectionInitializer(SessionSettings settings, ConnectionHandler handler) {
    this.settings = settings;
    this.handler = handler;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("frameDecoder", new BoundedVarint32FrameDecoder(settings.maxFrameBytes()));
    p.addLast("protobufDecoder", new ProtobufDecoder(Frame.getDefaultInstance()));
    p.addLast("frameEncoder", new ProtobufVarint32LengthFieldPrepender());
    p.addLast("protobufEncoder", new ProtobufEncoder());
    p.addLast("idle", new IdleStateHandler(settings.readIdleTimeout().toMillis(),
        settings.heartbeatInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
    p.addLast("connection", handler);
  }
}
