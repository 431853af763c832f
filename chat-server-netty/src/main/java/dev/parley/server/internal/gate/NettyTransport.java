package dev.parley.server.internal.gate;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The gate's Netty transport: native epoll when preferred and the platform has it, NIO otherwise.
 * Immutable and thread-safe.
 */
public enum NettyTransport {
  EPOLL,
  NIO;

  /** EPOLL when {@code preferNative} and epoll loaded on this platform, NIO otherwise. */
  public static NettyTransport choose(boolean preferNative) {
    return preferNative && Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** The I/O handler factory for event-loop groups. */
  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The server socket channel class matching {@link #ioHandlerFactory()}. */
  public Class<? extends ServerChannel> serverChannelClass() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
