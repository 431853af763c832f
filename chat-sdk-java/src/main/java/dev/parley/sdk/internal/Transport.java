package dev.parley.sdk.internal;

import dev.parley.netty.internal.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loop group one {@code ParleyClient} shares among its sessions, with the matching
 * channel type: epoll when asked for and its native library loads, NIO otherwise (the choice is
 * {@link NettyTransport#choose}, shared with the server). Thread-safe.
 */
public final class Transport {
  private final EventLoopGroup group;
  private final NettyTransport transport;

  /** A group of {@code threads} daemon threads named {@code parley-io-N}. */
  public Transport(int threads, boolean preferNative) {
    this.transport = NettyTransport.choose(preferNative);
    this.group = transport.newGroup(threads, "parley-io");
  }

  /** The shared event loop group. */
  public EventLoopGroup group() {
    return group;
  }

  /** The socket channel class matching the group. */
  public Class<? extends SocketChannel> channelType() {
    return transport.socketChannelClass();
  }

  /** Whether the native epoll transport is in use. */
  public boolean isNative() {
    return transport == NettyTransport.EPOLL;
  }

  /** Stops the threads, waiting up to {@code wait} for them to finish. */
  public void shutdown(Duration wait) {
    group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(wait.toMillis() + 500);
  }
}
