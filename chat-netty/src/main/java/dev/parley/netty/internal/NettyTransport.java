package dev.parley.netty.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The one Netty transport chooser of the gate, the chat node, the Java SDK and the benchmarks'
 * clients: native epoll when preferred and the platform has it (Linux with the native library),
 * NIO otherwise. Immutable and thread-safe.
 */
public enum NettyTransport {
  EPOLL,
  NIO;

  /** EPOLL when {@code preferNative} and epoll loaded on this platform, NIO otherwise. */
  public static NettyTransport choose(boolean preferNative) {
    return preferNative && epollUsable() ? EPOLL : NIO;
  }

  // The native jar is optional for SDK users: without it the epoll classes may not even link.
  private static boolean epollUsable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** The I/O handler factory for event-loop groups. */
  public IoHandlerFactory ioHandlerFactory() {
    return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
  }

  /** The server socket channel class matching {@link #ioHandlerFactory()}. */
  public Class<? extends ServerChannel> serverChannelClass() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The client socket channel class matching {@link #ioHandlerFactory()}. */
  public Class<? extends SocketChannel> socketChannelClass() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** A new event loop group of {@code threads} daemon threads (0: Netty's default) named {@code name}-N. */
  public EventLoopGroup newGroup(int threads, String name) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory());
  }
}
