package dev.parley.sdk.internal;

import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds a client channel's pipeline: the chat protocol's framing and codec (the same classes the
 * chat node uses; bad input arrives as a {@code BadFrame}), idle detection, then the
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
    p.addLast("frameDecoder", new VarintFrameDecoder(settings.maxFrameBytes()));
    p.addLast("frameParser", FrameParser.INSTANCE);
    p.addLast("frameEncoder", FrameEncoder.INSTANCE);
    p.addLast("idle", new IdleStateHandler(settings.readIdleTimeout().toMillis(),
        settings.heartbeatInterval().toMillis(), 0, TimeUnit.MILLISECONDS));
    p.addLast("connection", handler);
  }
}
