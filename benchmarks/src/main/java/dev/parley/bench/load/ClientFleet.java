package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.bench.internal.ClientTransport;
import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator's connections: a few event loops (epoll when available) carrying many
 * {@link BenchConnection}s. When the server is on loopback, each connection binds a source
 * address from 127.0.0.1..127.0.0.{@code sourceAddresses} in turn, so the fleet is not held to one
 * address's ephemeral port range.
 *
 * <p>Thread-safe; {@link #connect} may be called from any thread. {@link #close} closes every
 * connection and the event loops.
 */
public final class ClientFleet implements AutoCloseable {
  // The node's and the SDK's framing; a generous bound, since a sync page may be large.
  private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private final ClientTransport transport = ClientTransport.detect();
  private final EventLoopGroup group;
  private final List<InetSocketAddress> servers;
  private final List<InetAddress> sources;
  private final AtomicInteger nextSource = new AtomicInteger();
  private final List<BenchConnection> connections = new ArrayList<>();
  private final SslContext tls;

  /**
   * @param servers the chat nodes; the user in slot {@code i} connects to {@code servers[i % size]}
   * @param threads event loops (0: Netty's default of twice the cores)
   * @param sourceAddresses how many 127.0.0.x source addresses to rotate through (loopback servers only)
   */
  public ClientFleet(List<InetSocketAddress> servers, int threads, int sourceAddresses) {
    this(servers, threads, sourceAddresses, null);
  }

  /**
   * As {@link #ClientFleet(List, int, int)}; with {@code tls} (null: plaintext) every connection starts
   * with a TLS handler for the node's host and port (hostname verification as the context says).
   */
  public ClientFleet(List<InetSocketAddress> servers, int threads, int sourceAddresses, SslContext tls) {
    this.tls = tls;
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no chat node to connect to");
    }
    this.servers = List.copyOf(servers);
    this.group = transport.newGroup(threads, "parley-bench-io");
    this.sources = loopbackSources(servers.get(0), sourceAddresses);
  }

  /** How many chat nodes the fleet spreads its connections over. */
  public int serverCount() {
    return servers.size();
  }

  /** "epoll" or "nio", plus "+TLS" when the connections speak TLS. */
  public String transportName() {
    return transport.name() + (tls == null ? "" : "+TLS");
  }

  /** The source addresses connections rotate through (empty: the OS picks). */
  public List<InetAddress> sourceAddresses() {
    return sources;
  }

  /**
   * Opens a connection for {@code user} to the chat node of {@code slot} and logs it in; completes
   * when the node answered the login.
   */
  public CompletableFuture<BenchConnection> connect(SeedUser user, int slot, FrameListener listener, long heartbeatMs) {
    return connect(user, null, slot, listener, heartbeatMs);
  }

  /** As above, logging in as {@code device} (null: the login names no device). */
  public CompletableFuture<BenchConnection> connect(SeedUser user, BenchDevice device, int slot, FrameListener listener,
      long heartbeatMs) {
    InetSocketAddress server = servers.get(Math.floorMod(slot, servers.size()));
    BenchConnection c;
    synchronized (connections) {
      c = new BenchConnection(user, device, connections.size(), slot, listener);
      connections.add(c);
    }
    BenchConnection conn = c;
    Bootstrap b = transport.configure(new Bootstrap()).group(group).handler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        if (tls != null) {
          ch.pipeline().addLast(tls.newHandler(ch.alloc(), server.getHostString(), server.getPort()));
        }
        ch.pipeline().addLast(new VarintFrameDecoder(MAX_FRAME_BYTES), FrameParser.INSTANCE, FrameEncoder.INSTANCE, conn);
      }
    });
    ChannelFuture connected = sources.isEmpty() ? b.connect(server)
        : b.connect(server, new InetSocketAddress(sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size())), 0));
    CompletableFuture<BenchConnection> done = new CompletableFuture<>();
    connected.addListener(f -> {
      if (!f.isSuccess()) {
        done.completeExceptionally(f.cause());
        return;
      }
      try {
        conn.login().whenComplete((r, e) -> {
          if (e != null) {
            conn.close(); // refused: a connection that is not logged in is of no use to a load mode
            done.completeExceptionally(e);
          } else {
            conn.startHeartbeat(heartbeatMs > 0 ? heartbeatMs : r.getHeartbeatIntervalMs());
            done.complete(conn);
          }
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  /** Connections currently open. */
  public int openCount() {
    synchronized (connections) {
      return (int) connections.stream().filter(BenchConnection::isOpen).count();
    }
  }

  @Override
  public void close() {
    List<BenchConnection> all;
    synchronized (connections) {
      all = new ArrayList<>(connections);
    }
    all.forEach(BenchConnection::close);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static List<InetAddress> loopbackSources(InetSocketAddress server, int count) {
    InetAddress target = server.isUnresolved() ? resolve(server.getHostString()) : server.getAddress();
    if (count <= 0 || target == null || !target.isLoopbackAddress() || target.getAddress().length != 4) {
      return List.of();
    }
    List<InetAddress> out = new ArrayList<>();
    for (int i = 1; i <= Math.min(count, 254); i++) {
      out.add(resolve("127.0.0." + i));
    }
    return List.copyOf(out);
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
