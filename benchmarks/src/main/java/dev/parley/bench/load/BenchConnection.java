package dev.parley.bench.load;

import dev.parley.bench.SeedFile.SeedUser;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.netty.internal.BadFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated user's chat connection: logs in with the user's token, pings at the interval the
 * node asks for, and hands acks, errors and pushes to a {@link FrameListener}. Request ids below
 * {@link #CONTROL_BASE} belong to the load mode (message sends); the connection uses ids above it
 * for login, ping and sync, and for {@link #call}s (a mode's set-up and audit requests).
 *
 * <p>Thread-safety: the handler methods run on the channel's event loop; {@link #send},
 * {@link #login} and {@link #sync} may be called from any thread (Netty hands writes to the loop).
 * One sync at a time per connection.
 */
public final class BenchConnection extends SimpleChannelInboundHandler<Frame> {
  /** Request ids from here up are the connection's own (login, ping, sync). */
  public static final long CONTROL_BASE = 1L << 62;
  private static final long LOGIN_ID = CONTROL_BASE + 1;
  private static final long PING_ID = CONTROL_BASE + 2;
  private static final long SYNC_ID = CONTROL_BASE + 3;
  /** Request ids from here up are {@link #call}s, one id each. */
  private static final long CALL_BASE = CONTROL_BASE + 1024;

  private final SeedUser user;
  private final BenchDevice device;
  private final int index;
  private final int slot;
  private volatile FrameListener listener;
  private volatile Channel channel;
  private final CompletableFuture<ChatProtocol.LoginResponse> login = new CompletableFuture<>();
  private volatile CompletableFuture<ChatProtocol.SyncResponse> sync;
  private volatile boolean closed;
  private volatile long connectedAtNanos;
  private volatile ScheduledFuture<?> heartbeat;
  private final AtomicLong nextCall = new AtomicLong(CALL_BASE);
  private final Map<Long, CompletableFuture<Frame>> calls = new ConcurrentHashMap<>();

  BenchConnection(SeedUser user, int index, int slot, FrameListener listener) {
    this(user, null, index, slot, listener);
  }

  /** {@code device} null: the login names no device (the token's, or one of this session only). */
  BenchConnection(SeedUser user, BenchDevice device, int index, int slot, FrameListener listener) {
    this.user = user;
    this.device = device;
    this.index = index;
    this.slot = slot;
    this.listener = listener;
  }

  public SeedUser user() {
    return user;
  }

  /** The device this session logs in as, or null when its login names none. */
  public BenchDevice device() {
    return device;
  }

  /** This session's position among its user's devices: the device's index, 0 without a device. */
  public int deviceIndex() {
    return device == null ? 0 : device.index();
  }

  /** This connection's position in its fleet's list (the load modes index their state by it). */
  public int index() {
    return index;
  }

  /** The slot the fleet placed this connection by (user slot i goes to chat node i mod nodes). */
  public int slot() {
    return slot;
  }

  public Channel channel() {
    return channel;
  }

  /** The mailbox seq the node reported at login (0 before login). */
  public long loginMailboxSeq() {
    ChatProtocol.LoginResponse r = login.getNow(null);
    return r == null ? 0 : r.getMailboxSeq();
  }

  /** Replaces the listener (a mode takes over connections another phase opened). */
  public void listener(FrameListener l) {
    listener = l;
  }

  public boolean isOpen() {
    Channel ch = channel;
    return !closed && ch != null && ch.isActive();
  }

  /**
   * Sends {@code Login{token}} (with the device's id and platform when it has one); completes with the
   * reply, or exceptionally with the node's error.
   */
  CompletableFuture<ChatProtocol.LoginResponse> login() {
    ChatProtocol.LoginRequest.Builder req = ChatProtocol.LoginRequest.newBuilder().setToken(user.token());
    if (device != null) {
      req.setDeviceId(device.id()).setPlatform(device.platform());
    }
    channel.writeAndFlush(Frame.newBuilder().setRequestId(LOGIN_ID).setLogin(req).build());
    return login;
  }

  /** Pings every {@code intervalMs} from a random phase, so a fleet's pings spread evenly. */
  void startHeartbeat(long intervalMs) {
    long phase = ThreadLocalRandom.current().nextLong(Math.max(1, intervalMs));
    heartbeat = channel.eventLoop().scheduleAtFixedRate(() -> {
      if (isOpen()) {
        channel.writeAndFlush(Frame.newBuilder().setRequestId(PING_ID)
            .setPing(ChatProtocol.PingRequest.getDefaultInstance()).build(), channel.voidPromise());
      }
    }, phase, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Writes a request without flushing; call {@link #flush} after a batch. Event loop only. */
  public void write(Frame frame) {
    channel.write(frame, channel.voidPromise());
  }

  /** Flushes what {@link #write} queued. Event loop only. */
  public void flush() {
    channel.flush();
  }

  /** One page of this user's mailbox after {@code afterSeq}. */
  public CompletableFuture<ChatProtocol.SyncResponse> sync(long afterSeq, int limit) {
    CompletableFuture<ChatProtocol.SyncResponse> f = new CompletableFuture<>();
    sync = f;
    channel.writeAndFlush(Frame.newBuilder().setRequestId(SYNC_ID)
        .setSync(ChatProtocol.SyncRequest.newBuilder().setAfterSeq(afterSeq).setLimit(limit)).build());
    return f;
  }

  /**
   * Sends one request of the load mode's set-up or audit (create a group, invite, sync a group's log)
   * with a request id of its own, and completes with the node's answer frame, or exceptionally with
   * {@link RequestRefused} when the node answers with an error. Any thread; many calls may be
   * outstanding at once.
   */
  public CompletableFuture<Frame> call(Frame.Builder request) {
    long id = nextCall.getAndIncrement();
    CompletableFuture<Frame> f = new CompletableFuture<>();
    calls.put(id, f);
    if (closed) {
      calls.remove(id);
      f.completeExceptionally(new IllegalStateException("connection of user " + user.id() + " closed"));
      return f;
    }
    channel.writeAndFlush(request.setRequestId(id).build());
    return f;
  }

  /** Closes the connection. */
  public void close() {
    closed = true;
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // set here, not in channelActive: the connect future's listeners run before channelActive
    channel = ctx.channel();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    connectedAtNanos = System.nanoTime();
    super.channelActive(ctx);
  }

  /** When the TCP connection was established ({@link System#nanoTime}), 0 before. */
  public long connectedAtNanos() {
    return connectedAtNanos;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
    if (f.getRequestId() >= CALL_BASE) {
      CompletableFuture<Frame> call = calls.remove(f.getRequestId());
      if (call != null) {
        if (f.getBodyCase() == Frame.BodyCase.ERROR) {
          call.completeExceptionally(new RequestRefused(f.getError()));
        } else {
          call.complete(f);
        }
      }
      return;
    }
    switch (f.getBodyCase()) {
      case SEND_ACK -> listener.onAck(this, f.getRequestId(), f.getSendAck());
      case MESSAGE_EVENT -> listener.onMessage(this, f.getMessageEvent().getEntry());
      case GROUP_SEND_ACK -> listener.onGroupAck(this, f.getRequestId(), f.getGroupSendAck());
      case GROUP_MESSAGE_EVENT -> listener.onGroupMessage(this, f.getGroupMessageEvent().getMessage());
      case LOGIN_RESPONSE -> login.complete(f.getLoginResponse());
      case SYNC_RESPONSE -> completeSync(f.getSyncResponse());
      case ERROR -> onError(f.getRequestId(), f.getError());
      case KICKED -> listener.onKicked(this, f.getKicked().getReason());
      default -> { } // pongs, presence and friend events: nothing to measure
    }
  }

  private void onError(long requestId, ChatProtocol.Error error) {
    if (requestId == LOGIN_ID) {
      login.completeExceptionally(new LoginRefused(user.id(), error));
    } else if (requestId == SYNC_ID && sync != null) {
      sync.completeExceptionally(new IllegalStateException("sync refused: " + error.getCode() + " " + error.getMessage()));
    } else if (requestId < CONTROL_BASE) {
      listener.onError(this, requestId, error);
    }
  }

  private void completeSync(ChatProtocol.SyncResponse r) {
    CompletableFuture<ChatProtocol.SyncResponse> f = sync;
    if (f != null) {
      f.complete(r);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closed = true;
    ScheduledFuture<?> hb = heartbeat;
    if (hb != null) {
      hb.cancel(false);
    }
    IllegalStateException gone = new IllegalStateException("connection of user " + user.id() + " closed");
    login.completeExceptionally(gone);
    CompletableFuture<ChatProtocol.SyncResponse> f = sync;
    if (f != null) {
      f.completeExceptionally(gone);
    }
    for (Long id : calls.keySet()) {
      CompletableFuture<Frame> call = calls.remove(id);
      if (call != null) {
        call.completeExceptionally(gone);
      }
    }
    listener.onClosed(this);
    super.channelInactive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof BadFrame) {
      ctx.close(); // the node sent something that is not a frame; nothing after it can be trusted
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // a reset by the node shows up here and then as channelInactive; nothing else to do
    ctx.close();
  }
}
