package dev.parley.server.internal.gate;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll when the platform has it, NIO otherwise. Stateless and thread-safe. */
public final class NettyTransport {
  private NettyTransport() {}

  public static boolean nativeEpoll() {
    return Epoll.isAvailable();
  }

  public static IoHandlerFactory ioHandlerFactory() {
    return nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  public static Class<? extends ServerChannel> serverChannelClass() {
    return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
