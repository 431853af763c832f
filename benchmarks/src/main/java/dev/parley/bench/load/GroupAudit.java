package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * After a group run, reads groups' logs back with {@code SyncGroup} from the seq each group had when
 * traffic began and compares them with the ledger: an acknowledged message some member was not
 * pushed is either in the log (stored, not pushed: that member gets it on its next SyncGroup) or not
 * (lost); a message of the run in the log twice is stored twice; an unanswered one is stored or
 * never stored; and the log's seqs after the baseline must follow one another without a gap.
 *
 * <p>Which groups: those with a missing push or an unanswered message, each read through the session
 * of its first member that missed a push (so the read also proves that member may see the entries),
 * else its creator's; {@code everyGroup} reads every group's log. Members of one run all joined
 * before traffic began, so one member's view of the log after the baseline is every member's.
 *
 * <p>Not thread-safe; run once after the ledger has settled.
 */
public final class GroupAudit {
  static final int PAGE = 200;
  private final GroupLedger ledger;
  private final long[] baselineSeq;

  /** @param baselineSeq each group's last seq before the run's first message */
  public GroupAudit(GroupLedger ledger, long[] baselineSeq) {
    this.ledger = ledger;
    this.baselineSeq = baselineSeq.clone();
  }

  /**
   * What the audit found. {@code groupsRead} logs were read ({@code entriesRead} entries after the
   * baselines); {@code storedNotPushed} / {@code lostMessages}: acknowledged messages with a missing
   * push that are / are not in the log, {@code storedNotPushedPushes} / {@code lostPushes} their missing
   * pushes; {@code ackedNotStored}: acknowledged messages not in the log (with {@code everyGroup} also
   * those every member was pushed); {@code logGaps}: seqs missing between consecutive log entries (or
   * going backwards); {@code foreignEntries}: TEXT entries after the baseline that are not this run's.
   */
  public record Findings(int groupsRead, long entriesRead, long storedNotPushed, long storedNotPushedPushes,
      long lostMessages, long lostPushes, long ackedNotStored, long storedUnacked, long neverStored, long storedTwice,
      long logGaps, long foreignEntries, String error) {
    static Findings none() {
      return new Findings(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }
  }

  /** Audits the groups described above among messages {@code 0..upTo-1}. */
  Findings run(int upTo, boolean everyGroup) {
    int groups = ledger.groups();
    // the flags as they stand before any log is read: an ack that arrives while the logs are read (an
    // unsettled run) must not count as "acknowledged but not stored" for a log read before it was stored
    int[] flags = new int[Math.min(upTo, ledger.capacity())];
    for (int k = 0; k < flags.length; k++) {
      flags[k] = ledger.flags(k);
    }
    BenchConnection[] reader = new BenchConnection[groups];
    for (int k = 0; k < flags.length; k++) {
      int g = ledger.group(k);
      if (reader[g] != null && reader[g] != ledger.members(g).get(0)) {
        continue;
      }
      int f = flags[k];
      boolean unanswered = (f & GroupLedger.WRITTEN) != 0 && (f & (GroupLedger.ACKED | GroupLedger.REFUSED)) == 0;
      boolean missing = (f & GroupLedger.ACKED) != 0 && (f & GroupLedger.DELIVERED) == 0;
      if (missing) {
        for (int i = 0; i < ledger.members(g).size(); i++) {
          if (i != ledger.senderIndex(k) && !ledger.pushed(k, i)) {
            reader[g] = ledger.members(g).get(i);
            break;
          }
        }
      } else if (unanswered && reader[g] == null) {
        reader[g] = ledger.members(g).get(0);
      }
    }
    if (everyGroup) {
      for (int g = 0; g < groups; g++) {
        reader[g] = reader[g] == null ? ledger.members(g).get(0) : reader[g];
      }
    }
    int[] stored = new int[ledger.capacity()];
    long entries = 0;
    long gaps = 0;
    long foreign = 0;
    int read = 0;
    try {
      for (int g = 0; g < groups; g++) {
        if (reader[g] == null) {
          continue;
        }
        long[] tally = readLog(g, reader[g], stored, upTo);
        entries += tally[0];
        gaps += tally[1];
        foreign += tally[2];
        read++;
      }
    } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Findings(read, entries, 0, 0, 0, 0, 0, 0, 0, 0, gaps, foreign, "group log sync failed: " + e);
    }
    long storedNotPushed = 0, storedNotPushedPushes = 0, lost = 0, lostPushes = 0, ackedNotStored = 0;
    long storedUnacked = 0, neverStored = 0, storedTwice = 0;
    for (int k = 0; k < flags.length; k++) {
      int g = ledger.group(k);
      if (reader[g] == null) {
        continue;
      }
      int f = flags[k];
      boolean acked = (f & GroupLedger.ACKED) != 0;
      boolean unanswered = (f & GroupLedger.WRITTEN) != 0 && !acked && (f & GroupLedger.REFUSED) == 0;
      storedTwice += stored[k] > 1 ? 1 : 0;
      if (acked && stored[k] == 0) {
        ackedNotStored++;
      }
      if (acked && (f & GroupLedger.DELIVERED) == 0) {
        long absent = 0;
        for (int i = 0; i < ledger.members(g).size(); i++) {
          absent += i != ledger.senderIndex(k) && !ledger.pushed(k, i) ? 1 : 0;
        }
        if (stored[k] > 0) {
          storedNotPushed++;
          storedNotPushedPushes += absent;
        } else {
          lost++;
          lostPushes += absent;
        }
      } else if (unanswered) {
        if (stored[k] > 0) {
          storedUnacked++;
        } else {
          neverStored++;
        }
      }
    }
    return new Findings(read, entries, storedNotPushed, storedNotPushedPushes, lost, lostPushes, ackedNotStored,
        storedUnacked, neverStored, storedTwice, gaps, foreign, null);
  }

  /** Reads group {@code g}'s log after its baseline through {@code c}; returns {entries, gaps, foreign}. */
  private long[] readLog(int g, BenchConnection c, int[] stored, int upTo)
      throws InterruptedException, ExecutionException, TimeoutException {
    long after = baselineSeq[g];
    long entries = 0, gaps = 0, foreign = 0;
    // bounded: the log cannot hold more of this run's entries than the ledger has messages for the group
    int maxPages = 2 * (upTo / ledger.groups() + 1) / PAGE + 2;
    for (int pages = 0; pages <= maxPages; pages++) {
      ChatProtocol.SyncGroupResponse r = c.call(ChatProtocol.Frame.newBuilder().setSyncGroup(
          ChatProtocol.SyncGroupRequest.newBuilder().setGroupId(ledger.groupId(g)).setAfterSeq(after).setLimit(PAGE)))
          .get(30, TimeUnit.SECONDS).getSyncGroupResponse();
      for (ChatProtocol.GroupMessage m : r.getMessagesList()) {
        entries++;
        if (m.getSeq() != after + 1) {
          gaps += m.getSeq() > after ? m.getSeq() - after - 1 : 1;
        }
        after = Math.max(after, m.getSeq());
        int k = ledger.messageIndex(m.getClientMsgId());
        if (k >= 0 && ledger.group(k) == g && m.getGroupId() == ledger.groupId(g)) {
          stored[k]++;
        } else if (m.getKind() == ChatProtocol.GroupMessageKind.TEXT
            || m.getKind() == ChatProtocol.GroupMessageKind.GROUP_MESSAGE_KIND_UNSPECIFIED) {
          foreign++;
        }
      }
      if (!r.getHasMore() || r.getMessagesCount() == 0) {
        break;
      }
    }
    return new long[] {entries, gaps, foreign};
  }
}
