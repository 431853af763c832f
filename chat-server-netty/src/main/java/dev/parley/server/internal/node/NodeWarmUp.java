package dev.parley.server.internal.node;

import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryLoginLock;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryNodeDirectory;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryTokenStore;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.NewUser;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatLimits;
import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.NettyTransport;
import dev.parley.netty.internal.VarintFrameDecoder;
import dev.parley.server.ChatNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a node's request path before it accepts clients: a throwaway chat node in this JVM, with
 * in-memory backends of its own (nothing reaches the real node's stores), on a loopback port, and a
 * few friend pairs of plain Netty clients that log in and exchange messages as fast as the
 * acknowledgements come back, for at most the given time (from the first login; the throwaway
 * node's start and stop come on top) or {@link #MAX_MESSAGES} messages. It runs
 * the same classes a real login and send run (pipeline, codecs, dispatcher, login, send, push), so
 * the JIT has compiled them before the first real client arrives. The JDBC and Redis paths of other
 * backends are not warmed.
 *
 * <p>Stateless; {@link #run} blocks the caller (the thread starting the node) and never throws: a
 * warm-up that fails is logged and skipped.
 */
public final class NodeWarmUp {
  private static final Logger log = LoggerFactory.getLogger(NodeWarmUp.class);
  static final int PAIRS = 16;
  static final int MAX_MESSAGES = 200_000;
  private static final int IN_FLIGHT_PER_CONNECTION = 8;

  private NodeWarmUp() {
  }

  /** What a warm-up did: messages acknowledged, and how long it took. */
  public record Result(long messages, Duration took) {}

  /** Runs the warm-up for at most {@code budget}; {@code ioThreads} and the transport as the real node's. */
  public static Result run(Duration budget, String nodeId, int ioThreads, boolean preferNative) {
    long t0 = System.nanoTime();
    try {
      long messages = exercise(budget, nodeId, ioThreads, preferNative);
      Result r = new Result(messages, Duration.ofNanos(System.nanoTime() - t0));
      log.info("node {} warmed up: {} messages through a throwaway node, {} ms in all", nodeId, messages,
          r.took().toMillis());
      return r;
    } catch (RuntimeException e) {
      log.warn("node {}: warm-up failed, starting cold", nodeId, e);
      return new Result(0, Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  private static long exercise(Duration budget, String nodeId, int ioThreads, boolean preferNative) {
    Clock clock = Clock.systemUTC();
    InMemoryUserStore users = new InMemoryUserStore(clock);
    InMemoryFriendStore friends = new InMemoryFriendStore(clock);
    InMemoryTokenStore tokens = new InMemoryTokenStore(InMemoryTokenStore.DEFAULT_TTL, clock);
    ChatNode node = ChatNode.builder().nodeId(nodeId + "-warmup").host("127.0.0.1").port(0).internalPort(0)
        .limits(ChatLimits.defaults().withMessagesPerSecond(1_000_000)).ioThreads(ioThreads)
        .preferNativeTransport(preferNative).userStore(users).friendStore(friends)
        .messageStore(new InMemoryMessageStore()).presenceRegistry(new InMemoryPresenceRegistry())
        .tokenStore(tokens).nodeDirectory(new InMemoryNodeDirectory()).loginLock(new InMemoryLoginLock())
        .build().start();
    NettyTransport transport = NettyTransport.choose(preferNative);
    EventLoopGroup group = transport.newGroup(1, "parley-" + nodeId + "-warmup-client");
    try {
      // the budget is for traffic: it starts when the first client logs in (see Client#start)
      AtomicLong deadline = new AtomicLong();
      AtomicLong acked = new AtomicLong();
      AtomicInteger budgetLeft = new AtomicInteger(MAX_MESSAGES);
      CountDownLatch done = new CountDownLatch(2 * PAIRS);
      List<ChannelFuture> connecting = new ArrayList<>();
      List<Channel> channels = new ArrayList<>();
      for (int p = 0; p < PAIRS; p++) {
        long a = user(users, "a" + p);
        long b = user(users, "b" + p);
        FriendRequest request = friends.addRequest(a, b, "", "");
        friends.acceptRequest(request.id(), "");
        for (long[] pair : new long[][] {{a, b}, {b, a}}) {
          Client c = new Client(tokens.issue(pair[0]).token(), pair[1], deadline, budget, budgetLeft, acked, done);
          connecting.add(new Bootstrap().group(group).channel(transport.socketChannelClass())
              .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  ch.pipeline().addLast(new VarintFrameDecoder(ChatLimits.defaults().maxFrameBytes()),
                      FrameParser.INSTANCE, FrameEncoder.INSTANCE, c);
                }
              }).connect("127.0.0.1", node.port()));
        }
      }
      for (ChannelFuture f : connecting) {
        channels.add(f.syncUninterruptibly().channel());
      }
      awaitQuietly(done, budget.plusSeconds(5));
      channels.forEach(Channel::close);
      return acked.get();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      node.stop();
    }
  }

  private static long user(InMemoryUserStore users, String name) {
    return users.create(new NewUser(name + "@warmup.invalid", "warmup_" + name, "not-a-hash")).id();
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One warm-up client: logs in, then keeps {@link #IN_FLIGHT_PER_CONNECTION} sends outstanding. Event loop only. */
  private static final class Client extends SimpleChannelInboundHandler<Frame> {
    private final String token;
    private final long peer;
    private final AtomicLong deadline;
    private final Duration budget;
    private final AtomicInteger budgetLeft;
    private final AtomicLong acked;
    private final CountDownLatch done;
    private long nextId = 1;
    private int outstanding;
    private boolean finished;

    Client(String token, long peer, AtomicLong deadline, Duration budget, AtomicInteger budgetLeft, AtomicLong acked,
        CountDownLatch done) {
      this.token = token;
      this.peer = peer;
      this.deadline = deadline;
      this.budget = budget;
      this.budgetLeft = budgetLeft;
      this.acked = acked;
      this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(Frame.newBuilder().setRequestId(nextId++)
          .setLogin(ChatProtocol.LoginRequest.newBuilder().setToken(token)).build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
      switch (f.getBodyCase()) {
        case LOGIN_RESPONSE -> {
          deadline.compareAndSet(0, System.nanoTime() + budget.toNanos()); // the first login starts the clock
          sendMore(ctx);
        }
        case SEND_ACK -> {
          outstanding--;
          acked.incrementAndGet();
          sendMore(ctx);
        }
        case ERROR -> finish(); // refused: stop this client, the warm-up is best effort
        default -> { } // pushes, presence events
      }
    }

    private void sendMore(ChannelHandlerContext ctx) {
      if (finished) {
        return;
      }
      if (System.nanoTime() - deadline.get() >= 0 || budgetLeft.get() <= 0) {
        if (outstanding == 0) {
          finish();
        }
        return;
      }
      while (outstanding < IN_FLIGHT_PER_CONNECTION && budgetLeft.getAndDecrement() > 0) {
        long id = nextId++;
        outstanding++;
        ctx.write(Frame.newBuilder().setRequestId(id).setSendMessage(ChatProtocol.SendMessageRequest.newBuilder()
            .setToUserId(peer).setClientMsgId("w" + id).setText("warm-up message " + id)).build(), ctx.voidPromise());
      }
      ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finish();
    }

    private void finish() {
      if (!finished) {
        finished = true;
        done.countDown();
      }
    }
  }
}
