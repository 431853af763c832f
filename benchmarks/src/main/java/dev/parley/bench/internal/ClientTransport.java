package dev.parley.bench.internal;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.bootstrap.Bootstrap;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The client side's Netty transport: native epoll when available (fewer objects per connection,
 * {@code IP_BIND_ADDRESS_NO_PORT} so a bound source address does not reserve a port before
 * connect), NIO otherwise. Immutable.
 */
public record ClientTransport(String name, Class<? extends SocketChannel> channelClass, IoHandlerFactory ioHandlers) {
  /** The best transport for this machine. */
  public static ClientTransport detect() {
    if (Epoll.isAvailable()) {
      return new ClientTransport("epoll", EpollSocketChannel.class, EpollIoHandler.newFactory());
    }
    return new ClientTransport("nio", NioSocketChannel.class, NioIoHandler.newFactory());
  }

  /** An event loop group of {@code threads} daemon threads named {@code name}-N. */
  public EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers);
  }

  /** Applies the channel class and the options every bench connection uses. */
  public Bootstrap configure(Bootstrap bootstrap) {
    bootstrap.channel(channelClass).option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    if (channelClass == EpollSocketChannel.class) {
      bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
    return bootstrap;
  }
}
