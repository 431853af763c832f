package dev.parley.bench.jmh;

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
import dev.parley.core.spi.NodeDirectory;
import dev.parley.server.ChatNode;
import dev.parley.server.internal.node.ChatNodeRuntime;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole server path of one message, in process and without sockets: a real in-memory
 * {@link ChatNode} (requests inline on the event loop, the production Prometheus registry) whose
 * own client pipeline runs on one {@link EmbeddedChannel} per user. Each operation writes the
 * varint-framed bytes of a {@code SendMessage} into the sender's channel as a pooled direct buffer
 * (what an epoll read hands the pipeline), and takes the encoded {@code SendAck} from the sender's
 * outbound side and the encoded {@code MessageEvent} from the recipient's: framing, parse,
 * dispatch, rate limit, validation, authorisation, both mailbox appends, presence, push routing,
 * both encodes, the request timer. Not covered: the socket system calls, and the write task a push
 * to another event loop's channel queues (here every channel runs on the calling thread).
 *
 * <p>Messages rotate over {@code pairs} friend pairs, both directions. The node is built once per
 * trial, not per iteration: JMH's gc profiler counts an iteration's set-up in that iteration, and
 * logging 2,000 channels in costs more bytes than 20,000 messages (the heap, 4 GiB, holds the
 * trial's messages). The benchmark's own per-operation work is a pooled buffer and a copy of a
 * ~90-byte template into it.
 */
@BenchmarkMode(Mode.AverageTime)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class NodePipelineBenchmark extends BenchmarkDefaults {
  private static final String TEXT = "Hello! Are we still on for lunch tomorrow at noon?";
  private static final int ID_DIGITS = 15;

  @Param({"1", "1000"})
  public int pairs;

  private ChatNode node;
  private EmbeddedChannel[] channels;
  private long[] userIds;
  private byte[][] templates; // one framed SendMessage per sender, its client id patched per message
  private int idOffset;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() {
    Clock clock = Clock.systemUTC();
    InMemoryUserStore users = new InMemoryUserStore(clock);
    InMemoryFriendStore friends = new InMemoryFriendStore(clock);
    // The node's upkeep (heartbeat, presence refresh, token re-check over all 2,000 sessions) is
    // pushed past the trial, with TTLs to match: its allocations would be counted per message
    // by the gc profiler, and at this machine's load an iteration holds few messages.
    Duration quiet = Duration.ofHours(2);
    InMemoryTokenStore tokens = new InMemoryTokenStore(quiet, clock);
    node = ChatNode.builder().nodeId("pipeline-bench").userStore(users).friendStore(friends).tokenStore(tokens)
        .messageStore(new InMemoryMessageStore())
        .presenceRegistry(new InMemoryPresenceRegistry(quiet, clock))
        .nodeHeartbeatInterval(Duration.ofHours(1)).presenceRefreshInterval(Duration.ofHours(1))
        .tokenRecheckInterval(Duration.ofHours(1))
        .nodeDirectory(new InMemoryNodeDirectory(NodeDirectory.DEFAULT_STALE_AFTER, clock))
        .loginLock(new InMemoryLoginLock())
        .limits(ChatLimits.defaults().withMessagesPerSecond(10_000_000))
        .meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).build().start();
    ChatNodeRuntime runtime = runtimeOf(node);
    int n = pairs * 2;
    userIds = new long[n];
    channels = new EmbeddedChannel[n];
    for (int i = 0; i < n; i++) {
      userIds[i] = users.create(new NewUser("pipe" + i + "@bench.invalid", "pipe" + i, "not-a-hash")).id();
    }
    for (int p = 0; p < pairs; p++) {
      FriendRequest r = friends.addRequest(userIds[2 * p], userIds[2 * p + 1], "", "");
      friends.acceptRequest(r.id(), "");
    }
    templates = new byte[n][];
    for (int i = 0; i < n; i++) {
      channels[i] = new EmbeddedChannel(runtime.clientInitializer());
      Frame login = Frame.newBuilder().setRequestId(1)
          .setLogin(ChatProtocol.LoginRequest.newBuilder().setToken(tokens.issue(userIds[i]).token())).build();
      Frame answer = roundTrip(channels[i], framed(login));
      if (!answer.hasLoginResponse()) {
        throw new IllegalStateException("login of user " + userIds[i] + " failed: " + answer);
      }
      templates[i] = framed(sendFrame(userIds[i ^ 1], "m" + "0".repeat(ID_DIGITS)));
    }
    for (EmbeddedChannel ch : channels) { // presence events of the friends that logged in after
      ch.runPendingTasks();
      drain(ch);
    }
    idOffset = indexOf(templates[0], ("m" + "0".repeat(ID_DIGITS)).getBytes(StandardCharsets.US_ASCII)) + 1;
    checkOneMessageArrives();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    checkOneMessageArrives(); // still logged in and online: every measured message was pushed
    for (EmbeddedChannel ch : channels) {
      ch.finishAndReleaseAll();
    }
    node.stop();
  }

  /** Sends one message and takes both answers off the wire; returns their total size in bytes. */
  @Benchmark
  public int send() {
    long n = sequence++;
    int pair = (int) (n % pairs);
    int direction = (int) ((n / pairs) & 1);
    int from = 2 * pair + direction;
    EmbeddedChannel sender = channels[from];
    EmbeddedChannel recipient = channels[from ^ 1];
    byte[] template = templates[from];
    patchId(template, idOffset, n);
    ByteBuf in = sender.alloc().directBuffer(template.length);
    in.writeBytes(template);
    sender.pipeline().fireChannelRead(in).fireChannelReadComplete();
    sender.runPendingTasks();
    recipient.runPendingTasks(); // the recipient's consolidated flush
    return drain(sender) + drain(recipient);
  }

  private void checkOneMessageArrives() {
    patchId(templates[0], idOffset, 999_000_000_000_000L + sequence++);
    EmbeddedChannel sender = channels[0];
    sender.writeInbound(sender.alloc().directBuffer().writeBytes(templates[0]));
    channels[1].runPendingTasks();
    Frame ack = decode(sender.readOutbound());
    Frame push = decode(channels[1].readOutbound());
    if (!ack.hasSendAck() || !push.hasMessageEvent() || !push.getMessageEvent().getEntry().getMessage().getText()
        .equals(TEXT)) {
      throw new IllegalStateException("the pipeline did not ack and push: " + ack + " / " + push);
    }
  }

  private static int drain(EmbeddedChannel ch) {
    int bytes = 0;
    for (ByteBuf out = ch.readOutbound(); out != null; out = ch.readOutbound()) {
      bytes += out.readableBytes();
      out.release();
    }
    return bytes;
  }

  private static Frame roundTrip(EmbeddedChannel ch, byte[] framed) {
    ch.writeInbound(ch.alloc().directBuffer().writeBytes(framed));
    return decode(ch.readOutbound());
  }

  private static Frame decode(ByteBuf out) {
    if (out == null) {
      throw new IllegalStateException("nothing was written");
    }
    try (ByteBufInputStream in = new ByteBufInputStream(out, true)) {
      return Frame.parseDelimitedFrom(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Frame sendFrame(long to, String clientMsgId) {
    return Frame.newBuilder().setRequestId(2).setSendMessage(ChatProtocol.SendMessageRequest.newBuilder()
        .setToUserId(to).setClientMsgId(clientMsgId).setText(TEXT)).build();
  }

  private static byte[] framed(Frame f) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      f.writeDelimitedTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@code value} as {@link #ID_DIGITS} ASCII digits at {@code at}: a new client id, same length. */
  private static void patchId(byte[] bytes, int at, long value) {
    for (int i = at + ID_DIGITS - 1; i >= at; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("client id not found in the frame");
  }

  /** The node's runtime, for its client pipeline; {@link ChatNode} keeps it private (no API for this). */
  private static ChatNodeRuntime runtimeOf(ChatNode node) {
    try {
      Field f = ChatNode.class.getDeclaredField("runtime");
      f.setAccessible(true);
      return (ChatNodeRuntime) f.get(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ChatNode has no runtime field any more", e);
    }
  }
}
