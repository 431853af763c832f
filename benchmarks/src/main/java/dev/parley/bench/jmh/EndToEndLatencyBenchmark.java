package dev.parley.bench.jmh;

import dev.parley.bench.BenchServer;
import dev.parley.bench.SeedFile;
import dev.parley.bench.internal.BlockingFrameSocket;
import dev.parley.bench.internal.ExternalBackends;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One-to-one message latency end to end over loopback TCP through a real all-in-one server in the
 * benchmark JVM: from writing the sender's {@code SendMessage} until the recipient's
 * {@code MessageEvent} for it has been read (sample time, so the percentiles show). The sender's
 * acks are read by a background thread so they never queue up. {@code backend=memory} uses the
 * in-memory stores; {@code backend=mysql-redis} the MySQL/MariaDB storage and Redis cache named by
 * PARLEY_JDBC_URL, PARLEY_DB_USER, PARLEY_DB_PASSWORD and PARLEY_REDIS_URL (a fresh database per
 * trial). When those are unreachable, {@link JmhMain} leaves the parameter out; run directly, the
 * setup fails with a message saying which is unreachable.
 */
@BenchmarkMode(Mode.SampleTime)
@State(Scope.Benchmark)
public class EndToEndLatencyBenchmark extends BenchmarkDefaults {
  @Param({"memory", "mysql-redis"})
  public String backend;

  private BenchServer server;
  private BlockingFrameSocket sender;
  private BlockingFrameSocket recipient;
  private long recipientId;
  private Thread ackReader;
  private final AtomicReference<String> senderProblem = new AtomicReference<>();
  private long sequence;
  private final String nonce = Long.toHexString(System.nanoTime());

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (backend.equals("mysql-redis")) {
      ExternalBackends.reachable().ifPresent(problem -> {
        throw new IllegalStateException("backend=mysql-redis skipped: " + problem);
      });
    }
    server = BenchServer.start(new BenchServer.Options(2, backend, "127.0.0.1", 0, 0, 1_000_000, 0, 0, 0));
    SeedFile seed = server.seed();
    sender = new BlockingFrameSocket(seed.chatHost(), seed.chatPort());
    recipient = new BlockingFrameSocket(seed.chatHost(), seed.chatPort());
    sender.login(seed.users().get(0).token());
    recipient.login(seed.users().get(1).token());
    recipientId = seed.users().get(1).id();
    ackReader = new Thread(this::readAcks, "e2e-ack-reader");
    ackReader.setDaemon(true);
    ackReader.start();
  }

  @Benchmark
  public ChatProtocol.MailboxEntry sendUntilPushed() throws IOException {
    String clientMsgId = nonce + "-" + (++sequence);
    sender.send(Frame.newBuilder().setRequestId(sequence).setSendMessage(ChatProtocol.SendMessageRequest.newBuilder()
        .setToUserId(recipientId).setClientMsgId(clientMsgId).setText("Hello! Are we still on for lunch?")).build());
    while (true) {
      Frame f = recipient.read();
      if (f.hasMessageEvent() && f.getMessageEvent().getEntry().getMessage().getClientMsgId().equals(clientMsgId)) {
        return f.getMessageEvent().getEntry();
      }
      String problem = senderProblem.get();
      if (problem != null) {
        throw new IllegalStateException(problem);
      }
    }
  }

  private void readAcks() {
    try {
      while (true) {
        Frame f = sender.read();
        if (f.hasError()) {
          senderProblem.set("send refused: " + f.getError().getCode() + " " + f.getError().getMessage());
        }
      }
    } catch (IOException e) {
      // the socket closed at tear-down
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    if (sender != null) {
      sender.close();
    }
    if (recipient != null) {
      recipient.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
