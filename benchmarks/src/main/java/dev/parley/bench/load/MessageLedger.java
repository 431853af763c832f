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
 * <p>Several devices per user (issue 13): each user has {@code devicesPerUser} sessions, device 0
 * sends, and each message must be pushed exactly once to every session of the recipient and to
 * every session of the sender but device 0 (the sending session gets its ack only): 2N-1 pushes.
 * The ledger keeps one bit per (message, expected session), so a push twice to one session is a
 * duplicate and a session without its push is a missing push, per device. A message counts as
 * {@code delivered} once every expected session has it; every push counts as a delivery
 * ({@code deliveries}), timed from the intended send time, and separately for the recipient's
 * devices and the sender's other devices. With one device all of this is the old bookkeeping.
 *
 * <p>Thread-safe: written on the event loops (each message's flags atomically), read by the run's
 * thread. Bounded: at most {@code capacity} messages.
 */
public final class MessageLedger implements FrameListener, PacedLedger {
  static final int WRITTEN = 1;
  static final int ACKED = 2;
  static final int REFUSED = 4;
  static final int DELIVERED = 8;
  /** Bit {@code DEVICE_SHIFT + d}: pushed to the recipient's device d; {@code DEVICE_SHIFT + N + d}: to the sender's. */
  static final int DEVICE_SHIFT = 8;

  private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  private final List<BenchConnection> connections;
  private final int pairs;
  private final int devicesPerUser;
  private final int expectedMask;
  private final int recipientMask;
  private final long[] intendedNanos;
  private final AtomicIntegerArray flags;
  private final long measureFromNanos;
  private final Recorder deliveryLatency = new Recorder(3);
  private final Recorder recipientLatency = new Recorder(3);
  private final Recorder senderDevicesLatency = new Recorder(3);
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder recipientDeliveries = new LongAdder();
  private final LongAdder senderDeviceDeliveries = new LongAdder();
  private final LongAdder recipientDuplicates = new LongAdder();
  private final LongAdder senderDeviceDuplicates = new LongAdder();
  private final LongAdder measuredWritten = new LongAdder();
  private final LongAdder kicked = new LongAdder();
  private final Map<String, Integer> kicks = new ConcurrentHashMap<>();
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
    this(connections, 1, capacity, measureFromNanos, perSecond);
  }

  /**
   * {@code connections}: device 0 of each user (the senders), {@code 2i} and {@code 2i+1} friends; every
   * user has {@code devicesPerUser} sessions whose {@link BenchConnection#deviceIndex} is 0..N-1.
   */
  public MessageLedger(List<BenchConnection> connections, int devicesPerUser, int capacity, long measureFromNanos,
      PerSecondLatency perSecond) {
    if (devicesPerUser < 1 || devicesPerUser > BenchDevice.MAX_PER_USER) {
      throw new IllegalArgumentException("devices per user must be 1.." + BenchDevice.MAX_PER_USER + ", was "
          + devicesPerUser);
    }
    this.devicesPerUser = devicesPerUser;
    int n = devicesPerUser;
    this.recipientMask = ((1 << n) - 1) << DEVICE_SHIFT;
    this.expectedMask = recipientMask | (((1 << n) - 2) << (DEVICE_SHIFT + n)); // sender's devices 1..N-1
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

  @Override
  public int capacity() {
    return intendedNanos.length;
  }

  public int pairs() {
    return pairs;
  }

  public int devicesPerUser() {
    return devicesPerUser;
  }

  /** Pushes each message must get: every device of the recipient and every other device of the sender. */
  public int pushesPerMessage() {
    return 2 * devicesPerUser - 1;
  }

  @Override
  public BenchConnection sender(int k) {
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
  @Override
  public void write(int k, long intended, String text) {
    intendedNanos[k] = intended;
    // flagged before the write, so whoever sees this message's answer also sees its intended time
    flags.getAndAccumulate(k, WRITTEN, (a, b) -> a | b);
    written.increment();
    if (intended - measureFromNanos >= 0) {
      measuredWritten.increment();
    }
    sender(k).write(ChatProtocol.Frame.newBuilder().setRequestId(k + 1L).setSendMessage(
        ChatProtocol.SendMessageRequest.newBuilder().setToUserId(recipient(k).user().id())
            .setClientMsgId(clientMsgId(k)).setText(text)).build());
  }

  /** Message {@code k} was due but its sender's connection was closed: never written. */
  @Override
  public void skip(int k) {
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
    long senderId = sender(k).user().id();
    int d = c.deviceIndex();
    int bit;
    boolean toRecipient;
    if (entry.getMessage().getSenderId() != senderId || d < 0 || d >= devicesPerUser) {
      bit = 0;
      toRecipient = false;
    } else if (c.user().id() == recipient(k).user().id()) {
      bit = 1 << (DEVICE_SHIFT + d);
      toRecipient = true;
    } else if (c.user().id() == senderId && d > 0) {
      bit = 1 << (DEVICE_SHIFT + devicesPerUser + d);
      toRecipient = false;
    } else {
      bit = 0; // another user's session, or the sending session itself (it gets its ack, not a push)
      toRecipient = false;
    }
    if (bit == 0) {
      misrouted.increment();
      return;
    }
    int before = flags.getAndAccumulate(k, bit, (a, b) -> a | b);
    if ((before & bit) != 0) {
      duplicates.increment();
      (toRecipient ? recipientDuplicates : senderDeviceDuplicates).increment();
      return;
    }
    deliveries.increment();
    (toRecipient ? recipientDeliveries : senderDeviceDeliveries).increment();
    long now = System.nanoTime();
    record(deliveryLatency, k, now);
    record(toRecipient ? recipientLatency : senderDevicesLatency, k, now);
    if (perSecond != null) {
      perSecond.record(intendedNanos[k], now - intendedNanos[k]);
    }
    // exactly one push completes the expected set: the one whose bit was the last missing
    if (((before | bit) & expectedMask) == expectedMask && (before & expectedMask) != expectedMask) {
      flags.getAndAccumulate(k, DELIVERED, (a, b) -> a | b);
      delivered.increment();
    }
  }

  @Override
  public void onKicked(BenchConnection c, String reason) {
    kicked.increment();
    kicks.merge(reason == null || reason.isEmpty() ? "(no reason)" : reason, 1, Integer::sum);
  }

  /**
   * Pushes missing among the messages {@code 0..upTo-1} that were acknowledged: expected sessions
   * of the recipient, and of the sender, that did not get their push. Call once the run has settled
   * (or timed out).
   */
  Missing missingPushes(int upTo) {
    long recipient = 0;
    long senderDevices = 0;
    long messages = 0;
    for (int k = 0; k < Math.min(upTo, capacity()); k++) {
      int f = flags.get(k);
      if ((f & ACKED) == 0 || (f & DELIVERED) != 0) {
        continue;
      }
      int absent = expectedMask & ~f;
      messages++;
      recipient += Integer.bitCount(absent & recipientMask);
      senderDevices += Integer.bitCount(absent & ~recipientMask);
    }
    return new Missing(messages, recipient, senderDevices);
  }

  /**
   * Acknowledged messages not pushed to every expected session, and the pushes missing on the
   * recipient's devices and on the sender's other devices.
   */
  public record Missing(long messages, long recipientPushes, long senderDevicePushes) {
    public long pushes() {
      return recipientPushes + senderDevicePushes;
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
    record(recorder, k, System.nanoTime());
  }

  private void record(Recorder recorder, int k, long now) {
    long intended = intendedNanos[k];
    if (intended - measureFromNanos >= 0) {
      recorder.recordValue(Math.max(0, now - intended));
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

  /** Pushes to the recipient's devices (all of them; with one device, the same as {@link #deliveryLatency}). */
  Recorder recipientLatency() {
    return recipientLatency;
  }

  /** Pushes to the sender's other devices (empty with one device). */
  Recorder senderDevicesLatency() {
    return senderDevicesLatency;
  }

  /** Messages written whose intended time is in the measured window. */
  long measuredWritten() {
    return measuredWritten.sum();
  }

  /** The counters as they stand. */
  Counts counts() {
    return new Counts(written.sum(), acked.sum(), refused.sum(), delivered.sum(), duplicates.sum(),
        duplicateAcks.sum(), misrouted.sum(), foreign.sum(), Map.copyOf(refusals), deliveries.sum(),
        recipientDeliveries.sum(), senderDeviceDeliveries.sum(), recipientDuplicates.sum(),
        senderDeviceDuplicates.sum(), kicked.sum(), Map.copyOf(kicks));
  }

  /**
   * A snapshot of the ledger's counters. {@code delivered}: messages pushed to every expected session;
   * {@code duplicated}: pushes a session got twice (of them {@code recipientDuplicates} on the recipient's
   * devices, {@code senderDeviceDuplicates} on the sender's); {@code deliveries}: pushes, one per (message,
   * session); {@code misrouted}: pushes to a session that should not get the message (another user's, or the
   * sending session); {@code kicked}: sessions the node kicked during the run, by reason.
   */
  public record Counts(long sent, long acked, long refused, long delivered, long duplicated, long duplicateAcks,
      long misrouted, long foreign, Map<String, Integer> refusalsByCode, long deliveries, long recipientDeliveries,
      long senderDeviceDeliveries, long recipientDuplicates, long senderDeviceDuplicates, long kicked,
      Map<String, Integer> kicksByReason) {}
}
