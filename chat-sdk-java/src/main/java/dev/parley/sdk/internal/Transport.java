package dev.parley.sdk.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loop group one {@code ParleyClient} shares among its sessions, with the matching
 * channel type: epoll when asked for and its native library loads, NIO otherwise. Thread-safe.
 */
public final class Transport {
  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelType;
  private final boolean nativeTransport;

  /** A group of {@code threads} daemon threads named {@code parley-io-N}. */
  public Transport(int threads, boolean preferNative) {
    this.nativeTransport = preferNative && epollUsable();
    IoHandlerFactory io = nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("parley-io", true), io);
    this.channelType = nativeTransport ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  private static boolean epollUsable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /** The shared event loop group. */
  public EventLoopGroup group() {
    return group;
  }

  /** The socket channel class matching the group. */
  public Class<? extends SocketChannel> channelType() {
    return channelType;
  }

  /** Whether the native epoll transport is in use. */
  public boolean isNative() {
    return nativeTransport;
  }

  /** Stops the threads, waiting up to {@code wait} for them to finish. */
  public void shutdown(Duration wait) {
    group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(wait.toMillis() + 500);
  }
}
