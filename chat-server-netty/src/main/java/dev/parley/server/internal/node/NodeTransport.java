package dev.parley.server.internal.node;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Native epoll where it is available (Linux with the native library), NIO everywhere else.
 * Immutable.
 */
public record NodeTransport(String name, Class<? extends ServerChannel> serverChannel, IoHandlerFactory ioHandlers) {
  /** The best transport for this machine. */
  public static NodeTransport detect() {
    if (Epoll.isAvailable()) {
      return new NodeTransport("epoll", EpollServerSocketChannel.class, EpollIoHandler.newFactory());
    }
    return new NodeTransport("nio", NioServerSocketChannel.class, NioIoHandler.newFactory());
  }

  /** A new event loop group of {@code threads} threads (0: Netty's default) named {@code name}-N. */
  public EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers);
  }
}
