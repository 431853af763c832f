package dev.parley.sdk;

import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.netty.internal.FrameEncoder;
import dev.parley.netty.internal.FrameParser;
import dev.parley.netty.internal.VarintFrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A chat node on loopback that answers from a script: Login with {@link #loginResponse}, Sync with
 * the entries in {@link #mailbox} after the asked seq, Ack and Ping with EmptyResponse, other
 * requests with what {@link #answers} says for their kind (INTERNAL when nothing). It records every
 * frame the client sent and pushes frames on the latest connection. For the SDK's own unit tests
 * of what the real node sends rarely or not yet; thread-safe.
 */
final class ScriptedNode implements AutoCloseable {
  final List<Frame> received = new CopyOnWriteArrayList<>();
  final Map<Long, ChatProtocol.MailboxEntry> mailbox = new ConcurrentHashMap<>();
  final Map<Frame.BodyCase, Function<Frame, Frame.Builder>> answers = new ConcurrentHashMap<>();
  volatile ChatProtocol.LoginResponse loginResponse;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private volatile Channel client;
  private final long userId;

  ScriptedNode(long userId) {
    this.userId = userId;
    loginResponse = ChatProtocol.LoginResponse.newBuilder()
        .setProfile(ChatProtocol.Profile.newBuilder().setUserId(userId).setName("self")).setDeploymentId("scripted")
        .setMailboxEpoch(1).build();
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            client = ch;
            ch.pipeline().addLast(new VarintFrameDecoder(1 << 20), FrameParser.INSTANCE, FrameEncoder.INSTANCE,
                new SimpleChannelInboundHandler<Frame>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
                    received.add(frame);
                    Frame.Builder answer = answer(frame);
                    if (answer != null) {
                      ctx.writeAndFlush(answer.setRequestId(frame.getRequestId()).build());
                    }
                  }
                });
          }
        }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
  }

  private Frame.Builder answer(Frame request) {
    return switch (request.getBodyCase()) {
      case LOGIN -> Frame.newBuilder().setLoginResponse(loginResponse.toBuilder()
          .setMailboxSeq(mailbox.keySet().stream().mapToLong(Long::longValue).max().orElse(0)));
      case SYNC -> {
        ChatProtocol.SyncResponse.Builder page = ChatProtocol.SyncResponse.newBuilder();
        mailbox.values().stream().filter(e -> e.getSeq() > request.getSync().getAfterSeq())
            .sorted(java.util.Comparator.comparingLong(ChatProtocol.MailboxEntry::getSeq)).forEach(page::addEntries);
        yield Frame.newBuilder().setSyncResponse(page);
      }
      case ACK, PING, LOGOUT -> Frame.newBuilder().setEmptyResponse(ChatProtocol.EmptyResponse.getDefaultInstance());
      default -> {
        Function<Frame, Frame.Builder> scripted = answers.get(request.getBodyCase());
        yield scripted != null ? scripted.apply(request) : Frame.newBuilder().setError(ChatProtocol.Error.newBuilder()
            .setCode(ChatProtocol.ErrorCode.INTERNAL).setMessage("not scripted: " + request.getBodyCase()));
      }
    };
  }

  /** A login for this node, as the gate would hand it out (no device named). */
  LoginResult login() {
    return new LoginResult(userId, "token", Instant.now().plusSeconds(3600),
        new ChatAddress("127.0.0.1", port()));
  }

  int port() {
    return ((java.net.InetSocketAddress) server.localAddress()).getPort();
  }

  /** Pushes {@code frame} on the latest connection. */
  void push(Frame.Builder frame) {
    client.writeAndFlush(frame.setRequestId(0).build()).syncUninterruptibly();
  }

  /** Closes the latest connection, as a lost network would. */
  void dropConnection() {
    client.close().syncUninterruptibly();
  }

  /** The requests of one kind the client sent, in order. */
  List<Frame> received(Frame.BodyCase kind) {
    return received.stream().filter(f -> f.getBodyCase() == kind).toList();
  }

  /** A mailbox entry: seq, message id 100 + seq, from {@code sender} to {@code recipient}. */
  static ChatProtocol.MailboxEntry entry(long seq, long sender, long recipient, String clientMsgId, String text) {
    return ChatProtocol.MailboxEntry.newBuilder().setSeq(seq).setMessage(ChatProtocol.ChatMessage.newBuilder()
        .setMessageId(100 + seq).setSenderId(sender).setRecipientId(recipient).setClientMsgId(clientMsgId)
        .setText(text).setSentAtMs(1_000 * seq)).build();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
