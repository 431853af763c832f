package dev.parley.server.internal.transport;

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
 * The Netty transport of the gate and the chat node: native epoll when preferred and the platform
 * has it (Linux with the native library), NIO otherwise. Immutable and thread-safe.
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

  /** A new event loop group of {@code threads} daemon threads (0: Netty's default) named {@code name}-N. */
  public EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory());
  }
}
