package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Books every message of one group run: message {@code k} goes to group {@code k % groups} from a
 * member drawn at random (seeded, fixed before sending starts), with client message id
 * {@code <nonce>-<k>} and request id {@code k + 1}. Every member of the group but the sending
 * session must get exactly one {@code GroupMessageEvent} of it: the ledger keeps one bit per
 * (message, member), so a second push to a member is a duplicate and an acknowledged message a
 * member never got is a missing push, both counted per member. It also checks the group's
 * sequence numbers: the seq of a message's ack and of each of its pushes must agree, each member
 * must see its group's seqs rising, and the acknowledged seqs of a group must be gap-free after the
 * group's seq when traffic began ({@link #seqCheck}). Latencies run from the message's
 * <em>intended</em> send time (coordinated omission corrected): until the sender's
 * {@code GroupSendAck}, and until each push.
 *
 * <p>Thread-safe: written on the event loops (each message's flags and bits atomically), read by the
 * run's thread. Bounded: at most {@code capacity} messages.
 */
public final class GroupLedger implements FrameListener, PacedLedger {
  static final int WRITTEN = 1;
  static final int ACKED = 2;
  static final int REFUSED = 4;
  static final int DELIVERED = 8;

  private final String nonce = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  private final List<List<BenchConnection>> members;
  private final long[] groupIds;
  private final int groups;
  private final int words;
  private final int[] slotBase;
  private final Map<BenchConnection, Integer> slotOf = new IdentityHashMap<>();
  private final int[] groupOfSlot;
  private final int[] senderIndex;
  private final long[] intendedNanos;
  private final AtomicIntegerArray flags;
  private final AtomicIntegerArray remaining;
  private final AtomicLongArray pushedBits;
  private final AtomicLongArray seqs;
  private final AtomicIntegerArray pushesPerMember;
  private final AtomicIntegerArray duplicatesPerMember;
  private final AtomicIntegerArray outOfOrderPerMember;
  private final AtomicLongArray lastSeqPerMember;
  private final long measureFromNanos;
  private final PerSecondLatency perSecond;
  private final Recorder deliveryLatency = new Recorder(3);
  private final Recorder ackLatency = new Recorder(3);
  private final LongAdder written = new LongAdder();
  private final LongAdder measuredWritten = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder measuredAcked = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder pushes = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder duplicateAcks = new LongAdder();
  private final LongAdder misrouted = new LongAdder();
  private final LongAdder foreign = new LongAdder();
  private final LongAdder seqMismatches = new LongAdder();
  private final LongAdder outOfOrder = new LongAdder();
  private final LongAdder kicked = new LongAdder();
  private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
  private final Map<String, Integer> kicks = new ConcurrentHashMap<>();

  /**
   * @param members per group its members' sessions (one per member; at least 2 per group)
   * @param groupIds the groups' ids, in the same order
   * @param capacity the most messages the run may send
   * @param measureFromNanos messages intended before this {@link System#nanoTime} are warm-up: booked, not timed
   * @param senderSeed the seed of the random choice of each message's sender
   * @param perSecond when not null, also gets every push (warm-up included) in its per-second bins
   */
  public GroupLedger(List<List<BenchConnection>> members, long[] groupIds, int capacity, long measureFromNanos,
      long senderSeed, PerSecondLatency perSecond) {
    if (members.isEmpty() || members.size() != groupIds.length) {
      throw new IllegalArgumentException(members.size() + " member lists for " + groupIds.length + " groups");
    }
    this.groups = members.size();
    List<List<BenchConnection>> copy = new ArrayList<>(groups);
    this.slotBase = new int[groups + 1];
    int largest = 0;
    for (int g = 0; g < groups; g++) {
      List<BenchConnection> m = List.copyOf(members.get(g));
      if (m.size() < 2) {
        throw new IllegalArgumentException("group " + g + " has " + m.size() + " members; at least 2 are needed");
      }
      copy.add(m);
      slotBase[g + 1] = slotBase[g] + m.size();
      largest = Math.max(largest, m.size());
    }
    this.members = List.copyOf(copy);
    this.groupIds = groupIds.clone();
    int slots = slotBase[groups];
    this.groupOfSlot = new int[slots];
    for (int g = 0; g < groups; g++) {
      for (int i = 0; i < this.members.get(g).size(); i++) {
        if (slotOf.put(this.members.get(g).get(i), slotBase[g] + i) != null) {
          throw new IllegalArgumentException("a session is a member of two groups of the run");
        }
        groupOfSlot[slotBase[g] + i] = g;
      }
    }
    this.words = (largest + 63) / 64;
    this.senderIndex = new int[capacity];
    this.remaining = new AtomicIntegerArray(capacity);
    SplittableRandom random = new SplittableRandom(senderSeed);
    for (int k = 0; k < capacity; k++) {
      int size = this.members.get(k % groups).size();
      senderIndex[k] = random.nextInt(size);
      remaining.set(k, size - 1);
    }
    this.intendedNanos = new long[capacity];
    this.flags = new AtomicIntegerArray(capacity);
    this.pushedBits = new AtomicLongArray(Math.multiplyExact(capacity, words));
    this.seqs = new AtomicLongArray(capacity);
    this.pushesPerMember = new AtomicIntegerArray(slots);
    this.duplicatesPerMember = new AtomicIntegerArray(slots);
    this.outOfOrderPerMember = new AtomicIntegerArray(slots);
    this.lastSeqPerMember = new AtomicLongArray(slots);
    this.measureFromNanos = measureFromNanos;
    this.perSecond = perSecond;
  }

  @Override
  public int capacity() {
    return intendedNanos.length;
  }

  public int groups() {
    return groups;
  }

  /** The group of message {@code k}. */
  public int group(int k) {
    return k % groups;
  }

  /** Group {@code g}'s id. */
  public long groupId(int g) {
    return groupIds[g];
  }

  /** Group {@code g}'s members' sessions, the creator first. */
  public List<BenchConnection> members(int g) {
    return members.get(g);
  }

  /** Pushes message {@code k} must make: one to every member of its group but the sender. */
  public int pushesOf(int k) {
    return members.get(group(k)).size() - 1;
  }

  @Override
  public BenchConnection sender(int k) {
    return members.get(group(k)).get(senderIndex[k]);
  }

  /** The sending member's position in its group. */
  int senderIndex(int k) {
    return senderIndex[k];
  }

  String clientMsgId(int k) {
    return nonce + "-" + k;
  }

  @Override
  public void write(int k, long intended, String text) {
    intendedNanos[k] = intended;
    // flagged before the write, so whoever sees this message's answer also sees its intended time
    flags.getAndAccumulate(k, WRITTEN, (a, b) -> a | b);
    written.increment();
    if (intended - measureFromNanos >= 0) {
      measuredWritten.increment();
    }
    sender(k).write(ChatProtocol.Frame.newBuilder().setRequestId(k + 1L).setSendGroupMessage(
        ChatProtocol.SendGroupMessageRequest.newBuilder().setGroupId(groupIds[group(k)])
            .setClientMsgId(clientMsgId(k)).setText(text)).build());
  }

  @Override
  public void skip(int k) {
    skipped.increment();
  }

  @Override
  public void onGroupAck(BenchConnection c, long requestId, ChatProtocol.GroupSendAck ack) {
    int k = (int) (requestId - 1);
    if (k < 0 || k >= capacity() || (flags.get(k) & WRITTEN) == 0) {
      foreign.increment();
      return;
    }
    if ((flags.getAndAccumulate(k, ACKED, (a, b) -> a | b) & ACKED) != 0 || ack.getDuplicate()) {
      duplicateAcks.increment(); // a second ack, or the node took a first send for a retry
      return;
    }
    acked.increment();
    if (ack.getGroupId() != groupIds[group(k)] || c != sender(k)) {
      misrouted.increment();
    }
    setSeq(k, ack.getSeq());
    long intended = intendedNanos[k];
    if (intended - measureFromNanos >= 0) {
      measuredAcked.increment();
      ackLatency.recordValue(Math.max(0, System.nanoTime() - intended));
    }
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
  public void onGroupMessage(BenchConnection c, ChatProtocol.GroupMessage m) {
    int k = messageIndex(m.getClientMsgId());
    if (k < 0) {
      foreign.increment();
      return;
    }
    Integer slot = slotOf.get(c);
    int g = group(k);
    if (slot == null || groupOfSlot[slot] != g || m.getGroupId() != groupIds[g]
        || m.getSenderId() != sender(k).user().id()) {
      misrouted.increment();
      return;
    }
    int i = slot - slotBase[g];
    if (i == senderIndex[k]) {
      misrouted.increment(); // the sending session gets its ack, not a push
      return;
    }
    long mask = 1L << (i & 63);
    long before = pushedBits.getAndAccumulate(k * words + (i >>> 6), mask, (a, b) -> a | b);
    if ((before & mask) != 0) {
      duplicates.increment();
      duplicatesPerMember.incrementAndGet(slot);
      return;
    }
    long now = System.nanoTime();
    pushes.increment();
    pushesPerMember.incrementAndGet(slot);
    long intended = intendedNanos[k];
    if (intended - measureFromNanos >= 0) {
      deliveryLatency.recordValue(Math.max(0, now - intended));
    }
    if (perSecond != null) {
      perSecond.record(intended, now - intended);
    }
    setSeq(k, m.getSeq());
    // one session's pushes arrive on its one event loop, in the order the node wrote them
    if (m.getSeq() <= lastSeqPerMember.get(slot)) {
      outOfOrder.increment();
      outOfOrderPerMember.incrementAndGet(slot);
    } else {
      lastSeqPerMember.set(slot, m.getSeq());
    }
    if (remaining.decrementAndGet(k) == 0) {
      flags.getAndAccumulate(k, DELIVERED, (a, b) -> a | b);
      delivered.increment();
    }
  }

  @Override
  public void onKicked(BenchConnection c, String reason) {
    kicked.increment();
    kicks.merge(reason == null || reason.isEmpty() ? "(no reason)" : reason, 1, Integer::sum);
  }

  /** Records message {@code k}'s seq as its ack or a push tells it; a second, different one is a mismatch. */
  private void setSeq(int k, long seq) {
    if (seq <= 0) {
      seqMismatches.increment();
      return;
    }
    long prior = seqs.compareAndExchange(k, 0, seq);
    if (prior != 0 && prior != seq) {
      seqMismatches.increment();
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

  int flags(int k) {
    return flags.get(k);
  }

  /** Message {@code k}'s seq (from its ack or a push), 0 when unknown. */
  long seq(int k) {
    return seqs.get(k);
  }

  /** Whether member {@code i} of message {@code k}'s group got its push. */
  boolean pushed(int k, int i) {
    return (pushedBits.get(k * words + (i >>> 6)) & (1L << (i & 63))) != 0;
  }

  /**
   * True once all {@code handedOut} messages have been written (or skipped), every written one
   * answered (ack or refusal) and every acked one pushed to all its group's other members.
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

  /** Messages written whose intended time is in the measured window. */
  long measuredWritten() {
    return measuredWritten.sum();
  }

  /** Messages acknowledged whose intended time is in the measured window. */
  long measuredAcked() {
    return measuredAcked.sum();
  }

  /**
   * A snapshot of the counters. {@code delivered}: messages pushed to every member but the sender;
   * {@code pushes}: pushes, one per (message, member); {@code duplicatedPushes}: a second push of a
   * message to a member; {@code duplicateAcks}: a second ack, or an ack the node marked duplicate;
   * {@code misrouted}: an ack or push on a session that should not get it (the sending session's own
   * push, a member of another group, a wrong group id or sender); {@code seqMismatches}: a push or
   * ack whose seq differs from another one's for the same message (or is 0); {@code outOfOrder}:
   * pushes whose seq was not above the last one that member got.
   */
  public record Counts(long sent, long acked, long refused, long delivered, long pushes, long duplicatedPushes,
      long duplicateAcks, long misrouted, long foreign, long seqMismatches, long outOfOrder, long kicked,
      Map<String, Integer> refusalsByCode, Map<String, Integer> kicksByReason) {}

  Counts counts() {
    return new Counts(written.sum(), acked.sum(), refused.sum(), delivered.sum(), pushes.sum(), duplicates.sum(),
        duplicateAcks.sum(), misrouted.sum(), foreign.sum(), seqMismatches.sum(), outOfOrder.sum(), kicked.sum(),
        Map.copyOf(refusals), Map.copyOf(kicks));
  }

  /** Acknowledged messages some member did not get, the pushes missing, and the pushes missing per member slot. */
  record Missing(long messages, long pushes, int[] perSlot) {}

  /** The missing pushes among messages {@code 0..upTo-1} that were acknowledged. Call once the run settled (or timed out). */
  Missing missing(int upTo) {
    int[] perSlot = new int[groupOfSlot.length];
    long messages = 0;
    long missingPushes = 0;
    for (int k = 0; k < Math.min(upTo, capacity()); k++) {
      int f = flags.get(k);
      if ((f & ACKED) == 0 || (f & DELIVERED) != 0) {
        continue;
      }
      messages++;
      int g = group(k);
      for (int i = 0; i < members.get(g).size(); i++) {
        if (i != senderIndex[k] && !pushed(k, i)) {
          perSlot[slotBase[g] + i]++;
          missingPushes++;
        }
      }
    }
    return new Missing(messages, missingPushes, perSlot);
  }

  /**
   * Per member: how many members missed pushes and the most one missed, got duplicates and the most
   * one got, got pushes out of seq order, the fewest and most pushes one got, and up to 20 members
   * with the most missing plus duplicated pushes (user id, group index, missing, duplicated, pushes).
   */
  public record MemberStats(int members, int membersMissing, long maxMissing, int membersWithDuplicates,
      long maxDuplicates, int membersOutOfOrder, long minPushes, long maxPushes, List<MemberTally> worst) {}

  /** One member's tally. */
  public record MemberTally(long userId, int group, long missing, long duplicated, long pushes) {}

  MemberStats memberStats(Missing missing) {
    int slots = groupOfSlot.length;
    int membersMissing = 0, withDup = 0, outOfOrderMembers = 0;
    long maxMissing = 0, maxDup = 0, minPushes = Long.MAX_VALUE, maxPushes = 0;
    List<MemberTally> bad = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      int miss = missing.perSlot()[s];
      int dup = duplicatesPerMember.get(s);
      int got = pushesPerMember.get(s);
      membersMissing += miss > 0 ? 1 : 0;
      withDup += dup > 0 ? 1 : 0;
      outOfOrderMembers += outOfOrderPerMember.get(s) > 0 ? 1 : 0;
      maxMissing = Math.max(maxMissing, miss);
      maxDup = Math.max(maxDup, dup);
      minPushes = Math.min(minPushes, got);
      maxPushes = Math.max(maxPushes, got);
      if (miss > 0 || dup > 0) {
        int g = groupOfSlot[s];
        bad.add(new MemberTally(members.get(g).get(s - slotBase[g]).user().id(), g, miss, dup, got));
      }
    }
    bad.sort(Comparator.comparingLong((MemberTally t) -> t.missing() + t.duplicated()).reversed());
    return new MemberStats(slots, membersMissing, maxMissing, withDup, maxDup, outOfOrderMembers,
        slots == 0 ? 0 : minPushes, maxPushes, List.copyOf(bad.subList(0, Math.min(20, bad.size()))));
  }

  /**
   * The acknowledged seqs of each group, checked: from {@code baselineSeq[g] + 1} (the group's last
   * seq before traffic) up to the highest acknowledged one, every seq must belong to exactly one
   * acknowledged message of the run. {@code gaps}: seqs in that range no acknowledged message holds
   * (an unanswered message that was stored anyway shows here too, and in the audit);
   * {@code duplicates}: seqs two acknowledged messages hold; {@code groupsWithGaps}: groups with either.
   */
  public record SeqCheck(int groups, long acknowledged, long gaps, long duplicates, int groupsWithGaps,
      long lowestSeq, long highestSeq) {}

  SeqCheck seqCheck(int upTo, long[] baselineSeq) {
    List<long[]> perGroup = new ArrayList<>(groups);
    int[] counts = new int[groups];
    for (int k = 0; k < Math.min(upTo, capacity()); k++) {
      if ((flags.get(k) & ACKED) != 0) {
        counts[group(k)]++;
      }
    }
    for (int g = 0; g < groups; g++) {
      perGroup.add(new long[counts[g]]);
    }
    int[] fill = new int[groups];
    for (int k = 0; k < Math.min(upTo, capacity()); k++) {
      if ((flags.get(k) & ACKED) != 0) {
        int g = group(k);
        perGroup.get(g)[fill[g]++] = seqs.get(k);
      }
    }
    long acknowledged = 0, gaps = 0, dups = 0, lowest = Long.MAX_VALUE, highest = 0;
    int bad = 0;
    for (int g = 0; g < groups; g++) {
      long[] s = perGroup.get(g);
      Arrays.sort(s);
      acknowledged += s.length;
      long expected = baselineSeq[g] + 1;
      long groupGaps = 0, groupDups = 0;
      for (int j = 0; j < s.length; j++) {
        if (j > 0 && s[j] == s[j - 1]) {
          groupDups++;
        } else if (s[j] < expected) {
          groupDups++; // at or below the baseline: a seq the group had before traffic
        } else {
          groupGaps += s[j] - expected;
          expected = s[j] + 1;
        }
      }
      if (s.length > 0) {
        lowest = Math.min(lowest, s[0]);
        highest = Math.max(highest, s[s.length - 1]);
      }
      gaps += groupGaps;
      dups += groupDups;
      bad += groupGaps + groupDups > 0 ? 1 : 0;
    }
    return new SeqCheck(groups, acknowledged, gaps, dups, bad, lowest == Long.MAX_VALUE ? 0 : lowest, highest);
  }
}
