package dev.parley.bench.internal;

import dev.parley.netty.internal.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;

/**
 * The client side's Netty transport: the shared chooser ({@link NettyTransport}: native epoll when
 * available, NIO otherwise) plus the options every bench connection uses — with epoll,
 * {@code IP_BIND_ADDRESS_NO_PORT}, so a bound source address does not reserve a port before
 * connect. Immutable.
 */
public record ClientTransport(NettyTransport transport) {
  /** The best transport for this machine. */
  public static ClientTransport detect() {
    return new ClientTransport(NettyTransport.choose(true));
  }

  /** "epoll" or "nio". */
  public String name() {
    return transport == NettyTransport.EPOLL ? "epoll" : "nio";
  }

  /** An event loop group of {@code threads} daemon threads named {@code name}-N. */
  public EventLoopGroup newGroup(int threads, String name) {
    return transport.newGroup(threads, name);
  }

  /** Applies the channel class and the options every bench connection uses. */
  public Bootstrap configure(Bootstrap bootstrap) {
    bootstrap.channel(transport.socketChannelClass()).option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    if (transport == NettyTransport.EPOLL) {
      bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
    return bootstrap;
  }
}
