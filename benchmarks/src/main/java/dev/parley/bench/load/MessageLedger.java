package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Books every message of one run: message {@code k} goes from one side of friend pair
 * {@code k % pairs} to the other (direction alternating every round), with client message id
 * {@code <nonce>-<k>} and request id {@code k + 1}. It records, per message, whether it was written,
 * acknowledged, refused, pushed to its recipient and how often, and measures two latencies from the
 * message's <em>intended</em> send time (so coordinated omission cannot hide a stall): until the
 * sender's ack, and until the recipient's push.
 *
 * <p>Thread-safe: written on the event loops (each message's flags atomically), read by the run's
 * thread. Bounded: at most {@code capacity} messages.
 */
public final class MessageLedger implements FrameListener {
  static final int WRITTEN = 1;
  static final int ACKED = 2;
  static final int REFUSED = 4;
  static final int DELIVERED = 8;

  private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  private final List<BenchConnection> connections;
  private final int pairs;
  private final long[] intendedNanos;
  private final AtomicIntegerArray flags;
  private final long measureFromNanos;
  private final Recorder deliveryLatency = new Recorder(3);
  private final Recorder ackLatency = new Recorder(3);
  private final LongAdder written = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder duplicateAcks = new LongAdder();
  private final LongAdder misrouted = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
  private final PerSecondLatency perSecond;

  /**
   * @param connections logged-in connections; {@code 2i} and {@code 2i+1} are friends
   * @param measureFromNanos messages intended before this {@link System#nanoTime} are warm-up: booked, not timed
   */
  public MessageLedger(List<BenchConnection> connections, int capacity, long measureFromNanos) {
    this(connections, capacity, measureFromNanos, null);
  }

  /** As above; {@code perSecond}, when not null, also gets every delivery (warm-up included) in its bins. */
  public MessageLedger(List<BenchConnection> connections, int capacity, long measureFromNanos,
      PerSecondLatency perSecond) {
    if (connections.size() < 2 || connections.size() % 2 != 0) {
      throw new IllegalArgumentException("need an even number of connections, have " + connections.size());
    }
    this.connections = List.copyOf(connections);
    this.pairs = connections.size() / 2;
    this.intendedNanos = new long[capacity];
    this.flags = new AtomicIntegerArray(capacity);
    this.measureFromNanos = measureFromNanos;
    this.perSecond = perSecond;
  }

  public int capacity() {
    return intendedNanos.length;
  }

  public int pairs() {
    return pairs;
  }

  BenchConnection sender(int k) {
    int pair = k % pairs;
    int direction = (k / pairs) & 1;
    return connections.get(2 * pair + direction);
  }

  BenchConnection recipient(int k) {
    int pair = k % pairs;
    int direction = (k / pairs) & 1;
    return connections.get(2 * pair + 1 - direction);
  }

  String clientMsgId(int k) {
    return nonce + "-" + k;
  }

  /** Writes message {@code k} (no flush). Event loop of {@code sender(k)} only. */
  void write(int k, long intended, String text) {
    intendedNanos[k] = intended;
    // flagged before the write, so whoever sees this message's answer also sees its intended time
    flags.getAndAccumulate(k, WRITTEN, (a, b) -> a | b);
    written.increment();
    sender(k).write(ChatProtocol.Frame.newBuilder().setRequestId(k + 1L).setSendMessage(
        ChatProtocol.SendMessageRequest.newBuilder().setToUserId(recipient(k).user().id())
            .setClientMsgId(clientMsgId(k)).setText(text)).build());
  }

  /** Message {@code k} was due but its sender's connection was closed: never written. */
  void skip(int k) {
    skipped.increment();
  }

  @Override
  public void onAck(BenchConnection c, long requestId, ChatProtocol.SendAck ack) {
    int k = (int) (requestId - 1);
    if (k < 0 || k >= capacity()) {
      foreign.increment();
      return;
    }
    if ((flags.getAndAccumulate(k, ACKED, (a, b) -> a | b) & ACKED) != 0) {
      duplicateAcks.increment();
      return;
    }
    acked.increment();
    record(ackLatency, k);
  }

  @Override
  public void onError(BenchConnection c, long requestId, ChatProtocol.Error error) {
    int k = (int) (requestId - 1);
    if (k >= 0 && k < capacity()) {
      flags.getAndAccumulate(k, REFUSED, (a, b) -> a | b);
    }
    refused.increment();
    refusals.merge(error.getCode().name(), 1, Integer::sum);
  }

  @Override
  public void onMessage(BenchConnection c, ChatProtocol.MailboxEntry entry) {
    int k = messageIndex(entry.getMessage().getClientMsgId());
    if (k < 0) {
      foreign.increment();
      return;
    }
    if (recipient(k) != c || entry.getMessage().getSenderId() != sender(k).user().id()) {
      misrouted.increment();
      return;
    }
    if ((flags.getAndAccumulate(k, DELIVERED, (a, b) -> a | b) & DELIVERED) != 0) {
      duplicates.increment();
      return;
    }
    delivered.increment();
    record(deliveryLatency, k);
    if (perSecond != null) {
      perSecond.record(intendedNanos[k], System.nanoTime() - intendedNanos[k]);
    }
  }

  /** The message index of a client message id of this run, or -1 for any other id. */
  int messageIndex(String clientMsgId) {
    if (!clientMsgId.startsWith(nonce) || clientMsgId.length() <= nonce.length() + 1
        || clientMsgId.charAt(nonce.length()) != '-') {
      return -1;
    }
    try {
      int k = Integer.parseInt(clientMsgId, nonce.length() + 1, clientMsgId.length(), 10);
      return k >= 0 && k < capacity() ? k : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void record(Recorder recorder, int k) {
    long intended = intendedNanos[k];
    if (intended - measureFromNanos >= 0) {
      recorder.recordValue(Math.max(0, System.nanoTime() - intended));
    }
  }

  int flags(int k) {
    return flags.get(k);
  }

  /**
   * True once all {@code handedOut} messages have been written (or skipped), every written one
   * answered (ack or refusal) and every acked one pushed.
   */
  boolean settled(long handedOut) {
    long w = written.sum();
    return w + skipped.sum() >= handedOut && acked.sum() + refused.sum() >= w && delivered.sum() >= acked.sum();
  }

  Recorder deliveryLatency() {
    return deliveryLatency;
  }

  Recorder ackLatency() {
    return ackLatency;
  }

  /** The counters as they stand. */
  Counts counts() {
    return new Counts(written.sum(), acked.sum(), refused.sum(), delivered.sum(), duplicates.sum(),
        duplicateAcks.sum(), misrouted.sum(), foreign.sum(), Map.copyOf(refusals));
  }

  /** A snapshot of the ledger's counters. */
  public record Counts(long sent, long acked, long refused, long delivered, long duplicated, long duplicateAcks,
      long misrouted, long foreign, Map<String, Integer> refusalsByCode) {}
}
