package dev.parley.bench.jmh;

import dev.parley.core.memory.InMemoryFriendStore;
import dev.parley.core.memory.InMemoryMessageStore;
import dev.parley.core.memory.InMemoryPresenceRegistry;
import dev.parley.core.memory.InMemoryUserStore;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.FriendRequest;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.model.NewUser;
import dev.parley.core.protocol.ChatProtocol;
import dev.parley.core.protocol.ChatProtocol.Frame;
import dev.parley.core.service.ChatEvents;
import dev.parley.core.service.ChatLimits;
import dev.parley.core.service.MessageService;
import dev.parley.core.spi.PresenceRegistry;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The in-JVM send path a chat node runs for every message, without the network: {@link
 * MessageService#send} (authorisation, de-duplication) into the {@link InMemoryMessageStore} (both
 * mailboxes), then a router {@link ChatEvents} that does what the node's router does before writing
 * to a socket: looks the recipient up in presence and builds the {@code MessageEvent} push frame.
 * Messages rotate over {@code pairs} friend pairs, both directions. Stores are rebuilt every
 * iteration so the heap does not fill with the messages of earlier iterations.
 */
@BenchmarkMode(Mode.AverageTime)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class SendPathBenchmark extends BenchmarkDefaults {
  @Param({"1", "1000"})
  public int pairs;

  private long[] userIds;
  private MessageService service;
  private PushingRouter router;
  private long sequence;

  @Setup(Level.Iteration)
  public void setUp(Blackhole blackhole) {
    Clock clock = Clock.systemUTC();
    InMemoryUserStore users = new InMemoryUserStore(clock);
    InMemoryFriendStore friends = new InMemoryFriendStore(clock);
    InMemoryPresenceRegistry presence = new InMemoryPresenceRegistry(Duration.ofMinutes(5), clock);
    userIds = new long[pairs * 2];
    for (int i = 0; i < userIds.length; i++) {
      userIds[i] = users.create(new NewUser("send" + i + "@bench.invalid", "send" + i, "not-a-hash")).id();
      presence.bind(new dev.parley.core.model.PresenceBinding(userIds[i], "bench-node", "session-" + i, java.time.Instant.EPOCH),
          dev.parley.core.model.LoginPolicy.onePerPlatform());
    }
    for (int p = 0; p < pairs; p++) {
      FriendRequest r = friends.addRequest(userIds[2 * p], userIds[2 * p + 1], "", "");
      friends.acceptRequest(r.id(), "");
    }
    router = new PushingRouter(presence, blackhole);
    service = new MessageService(users, friends, new InMemoryMessageStore(), router, ChatLimits.defaults(), clock);
  }

  @Benchmark
  public AppendResult send() {
    long n = sequence++;
    int pair = (int) (n % pairs);
    int direction = (int) ((n / pairs) & 1);
    long from = userIds[2 * pair + direction];
    long to = userIds[2 * pair + 1 - direction];
    return service.send(from, to, "m" + n, "Hello! Are we still on for lunch tomorrow at noon?");
  }

  /**
   * {@link #send} through {@link MessageService#sendAsync}, as the chat node sends: with the
   * in-memory store the future comes back completed, so the difference to {@link #send} is the
   * future alone (compare {@code gc.alloc.rate.norm} under {@code -prof gc}).
   */
  @Benchmark
  public AppendResult sendAsync() {
    long n = sequence++;
    int pair = (int) (n % pairs);
    int direction = (int) ((n / pairs) & 1);
    long from = userIds[2 * pair + direction];
    long to = userIds[2 * pair + 1 - direction];
    return service.sendAsync(from, to, "m" + n, "Hello! Are we still on for lunch tomorrow at noon?").join();
  }

  /** Looks the recipient up and builds the push frame, as the node's event router does; sinks it. */
  private static final class PushingRouter implements ChatEvents {
    private final PresenceRegistry presence;
    private final Blackhole blackhole;

    PushingRouter(PresenceRegistry presence, Blackhole blackhole) {
      this.presence = presence;
      this.blackhole = blackhole;
    }

    @Override
    public void messageStored(AppendResult result) {
      MailboxEntry entry = result.recipientEntry();
      for (dev.parley.core.model.PresenceBinding binding : presence.sessions(entry.ownerId())) {
        blackhole.consume(pushFrame(entry));
      }
    }

    private static Frame pushFrame(MailboxEntry entry) {
      Message m = entry.message();
      return Frame.newBuilder().setMessageEvent(ChatProtocol.MessageEvent.newBuilder()
          .setEntry(ChatProtocol.MailboxEntry.newBuilder().setSeq(entry.seq())
              .setMessage(ChatProtocol.ChatMessage.newBuilder().setMessageId(m.id()).setSenderId(m.senderId())
                  .setRecipientId(m.recipientId()).setClientMsgId(m.clientMsgId()).setText(m.text())
                  .setSentAtMs(m.sentAt().toEpochMilli())))).build();
    }
  }
}
