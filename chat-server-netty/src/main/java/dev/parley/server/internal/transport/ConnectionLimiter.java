package dev.parley.server.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Caps the connections a server holds, per client address (an IPv6 client: per /64) and in total. It sits in the server
 * channel's pipeline (ServerBootstrap {@code handler}), where each accepted connection arrives as a
 * message before it is registered with an event loop: a connection over a cap is closed there, with
 * no pipeline, no buffers and no log line (an attack would make thousands a second), and reported
 * to the refusal listener. An accepted connection holds a permit until it closes, or until
 * {@link #releaseEarly} gives it back (the chat node counts only connections not yet logged in).
 *
 * <p>Sharable and thread-safe: counts are concurrent, permits release at most once.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  /** Which cap refused a connection. */
  public enum Refusal {
    PER_ADDRESS,
    GLOBAL
  }

  private static final AttributeKey<Permit> PERMIT = AttributeKey.valueOf(ConnectionLimiter.class, "permit");

  private final int perAddress;
  private final int global;
  private final Consumer<Refusal> onRefusal;
  private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  /**
   * @param perAddress connections one client address may hold
   * @param global connections all clients together may hold ({@link Integer#MAX_VALUE}: no cap)
   * @param onRefusal told of each refusal on the accepting thread; must be cheap (a counter)
   */
  public ConnectionLimiter(int perAddress, int global, Consumer<Refusal> onRefusal) {
    if (perAddress < 1 || global < 1) {
      throw new IllegalArgumentException("caps must be >= 1, got perAddress=" + perAddress + ", global=" + global);
    }
    this.perAddress = perAddress;
    this.global = global;
    this.onRefusal = onRefusal;
  }

  /**
   * Gives back {@code channel}'s permit before it closes; does nothing when it has none or gave it
   * back. The channel then holds nothing of the limiter: neither the permit, nor its attribute,
   * nor its close listener (about 0.1 KiB for each logged-in connection of a chat node).
   */
  @SuppressWarnings("deprecation") // getAndRemove: set(null) would keep the attribute in the channel's map
  public static void releaseEarly(Channel channel) {
    if (!channel.hasAttr(PERMIT)) {
      return;
    }
    Permit permit = channel.attr(PERMIT).getAndRemove();
    if (permit != null) {
      permit.release();
      channel.closeFuture().removeListener(permit);
    }
  }

  /** Connections holding a permit now. */
  public int held() {
    return total.get();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Channel child)) {
      ctx.fireChannelRead(msg);
      return;
    }
    InetAddress address = addressOf(child);
    Refusal refusal = tryAcquire(address);
    if (refusal != null) {
      onRefusal.accept(refusal); // first: once the client sees the close, the refusal is counted
      child.unsafe().closeForcibly();
      return;
    }
    Permit permit = new Permit(address);
    child.attr(PERMIT).set(permit);
    child.closeFuture().addListener(permit);
    ctx.fireChannelRead(child);
  }

  private Refusal tryAcquire(InetAddress address) {
    if (total.incrementAndGet() > global) {
      total.decrementAndGet();
      return Refusal.GLOBAL;
    }
    if (address != null && byAddress.merge(address, 1, Integer::sum) > perAddress) {
      release(address);
      return Refusal.PER_ADDRESS;
    }
    return null;
  }

  private void release(InetAddress address) {
    total.decrementAndGet();
    if (address != null) {
      byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** The client's address; for IPv6 its /64 network (see {@link ClientAddresses}). */
  private static InetAddress addressOf(Channel child) {
    return ClientAddresses.networkOf(child.remoteAddress());
  }

  /** One accepted connection's share of the counts; released once, at the latest when its channel closes. */
  private final class Permit implements ChannelFutureListener {
    private final InetAddress address;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(InetAddress address) {
      this.address = address;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        ConnectionLimiter.this.release(address);
      }
    }

    @Override
    public void operationComplete(ChannelFuture closed) {
      release();
    }
  }
}
