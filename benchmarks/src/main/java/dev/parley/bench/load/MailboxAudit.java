package dev.parley.bench.load;

import dev.parley.core.protocol.ChatProtocol;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * After a run, reads recipients' mailboxes back with {@code Sync} and compares them with what was
 * pushed: a message that was acknowledged but never pushed is either in the recipient's mailbox
 * (stored, not pushed: the client would get it on its next sync) or nowhere (lost). It also finds
 * messages stored twice, and unacknowledged messages that were stored anyway.
 *
 * <p>Not thread-safe; run once after the ledger has settled.
 */
public final class MailboxAudit {
  private static final int PAGE = 200;
  private final MessageLedger ledger;
  private final Map<BenchConnection, Long> baselineSeq;

  /** @param baselineSeq each connection's mailbox seq before the run's first message */
  public MailboxAudit(MessageLedger ledger, Map<BenchConnection, Long> baselineSeq) {
    this.ledger = ledger;
    this.baselineSeq = baselineSeq;
  }

  /** What the audit found. {@code mailboxesRead} is how many mailboxes were synced. */
  public record Findings(int mailboxesRead, long storedNotPushed, long lost, long storedUnacked, long neverStored,
      long storedTwice, long pushedNotStored, String error) {}

  /**
   * Audits the recipients of every message not pushed ({@code everything}: every recipient, which
   * also proves that each pushed message is stored exactly once). {@code sentUpTo}: messages handed out.
   */
  Findings run(int sentUpTo, boolean everything) {
    Set<BenchConnection> recipients = new LinkedHashSet<>();
    for (int k = 0; k < sentUpTo; k++) {
      int f = ledger.flags(k);
      boolean open = (f & MessageLedger.WRITTEN) != 0 && (f & MessageLedger.DELIVERED) == 0
          && (f & MessageLedger.REFUSED) == 0;
      if (everything || open) {
        recipients.add(ledger.recipient(k));
      }
    }
    int[] stored = new int[ledger.capacity()];
    try {
      for (BenchConnection c : recipients) {
        readMailbox(c, stored);
      }
    } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Findings(recipients.size(), 0, 0, 0, 0, 0, 0, "mailbox sync failed: " + e);
    }
    return classify(sentUpTo, stored, recipients, everything);
  }

  private void readMailbox(BenchConnection c, int[] stored)
      throws InterruptedException, ExecutionException, TimeoutException {
    long after = baselineSeq.getOrDefault(c, 0L);
    // bounded: a mailbox cannot hold more of this run's entries than the ledger has messages
    for (int pages = 0; pages <= 2 * ledger.capacity() / PAGE + 1; pages++) {
      ChatProtocol.SyncResponse r = c.sync(after, PAGE).get(10, TimeUnit.SECONDS);
      for (ChatProtocol.MailboxEntry e : r.getEntriesList()) {
        after = Math.max(after, e.getSeq());
        if (e.getMessage().getRecipientId() == c.user().id()) {
          int k = ledger.messageIndex(e.getMessage().getClientMsgId());
          if (k >= 0) {
            stored[k]++;
          }
        }
      }
      if (!r.getHasMore() || r.getEntriesCount() == 0) {
        return;
      }
    }
  }

  private Findings classify(int sentUpTo, int[] stored, Set<BenchConnection> audited, boolean everything) {
    long storedNotPushed = 0, lost = 0, storedUnacked = 0, neverStored = 0, storedTwice = 0, pushedNotStored = 0;
    for (int k = 0; k < sentUpTo; k++) {
      if (!audited.contains(ledger.recipient(k))) {
        continue;
      }
      int f = ledger.flags(k);
      boolean acked = (f & MessageLedger.ACKED) != 0;
      boolean delivered = (f & MessageLedger.DELIVERED) != 0;
      boolean unanswered = (f & MessageLedger.WRITTEN) != 0 && !acked && (f & MessageLedger.REFUSED) == 0;
      storedTwice += stored[k] > 1 ? 1 : 0;
      if (acked && !delivered) {
        if (stored[k] > 0) {
          storedNotPushed++;
        } else {
          lost++;
        }
      } else if (unanswered) {
        if (stored[k] > 0) {
          storedUnacked++;
        } else {
          neverStored++;
        }
      }
      if (everything && delivered && stored[k] == 0) {
        pushedNotStored++;
      }
    }
    return new Findings(audited.size(), storedNotPushed, lost, storedUnacked, neverStored, storedTwice,
        pushedNotStored, null);
  }
}
