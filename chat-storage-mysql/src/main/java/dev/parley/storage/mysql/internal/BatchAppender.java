package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of {@link GroupCommitAppender}: the batch's distinct appends go into one
 * transaction ({@link BatchAppendTransaction}, retried by {@link Transactions} on deadlock), and
 * an append repeated within the batch gets the first occurrence's entries with
 * {@code duplicate = true}, exactly as if it had come right after it.
 *
 * <p>The first attempt inserts optimistically, without looking for stored messages. When it meets
 * the idempotency unique key (a repeat of a stored message, or a concurrent writer's) its
 * transaction rolls back and the batch runs again on the pre-read path, which answers the stored
 * ones from their rows with {@code duplicate = true}.
 *
 * <p>Fallback: when the pre-read batch still meets the unique key (a concurrent writer stored one
 * of its pairs after it looked, or ids equal only up to trailing spaces) or a batch fails with an
 * {@code INTERNAL} database error, its transaction has rolled back and each distinct append is
 * written again on its own by {@link MailboxAppender}, so every caller gets exactly what a single
 * append gives, and one bad append cannot fail the others. {@code UNAVAILABLE} failures (no
 * database, lock conflicts past the retry limit) fail the whole batch instead: trying its appends
 * one by one would only add load. Thread-safe.
 */
final class BatchAppender implements GroupCommitAppender.BatchWriter {
  private static final Logger log = LoggerFactory.getLogger(BatchAppender.class);

  private final Transactions tx;
  private final MailboxAppender single;
  private final ServerTraits server;
  private final AppendCounters counters;

  BatchAppender(Transactions tx, MailboxAppender single, ServerTraits server, AppendCounters counters) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.single = Objects.requireNonNull(single, "single");
    this.server = Objects.requireNonNull(server, "server");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void write(List<PendingAppend> batch) {
    Map<AppendKey, Message> distinct = new LinkedHashMap<>();
    for (PendingAppend p : batch) {
      distinct.putIfAbsent(p.key(), p.draft());
    }
    List<Message> drafts = List.copyOf(distinct.values());
    Map<AppendKey, Outcome> outcomes = writeTogether(drafts);
    // In batch order; the first occurrence of a key is the one that was written.
    for (PendingAppend p : batch) {
      AppendKey key = p.key();
      Outcome o = outcomes.get(key);
      if (o.error() != null) {
        p.fail(o.error());
      } else if (distinct.get(key) == p.draft()) {
        p.complete(o.result());
      } else {
        AppendResult r = o.result();
        p.complete(new AppendResult(r.senderEntry(), r.recipientEntry(), true));
      }
    }
  }

  private Map<AppendKey, Outcome> writeTogether(List<Message> drafts) {
    List<AppendResult> results;
    try {
      try {
        results = inOneTransaction(drafts, false);
      } catch (BatchAppendTransaction.Conflict e) {
        counters.preRead();
        results = inOneTransaction(drafts, true);
      }
    } catch (BatchAppendTransaction.Conflict e) {
      log.debug("a batch of {} appends met a concurrently stored message; writing them one by one", drafts.size());
      return oneByOne(drafts);
    } catch (ChatException e) {
      if (e.code() != ErrorCode.INTERNAL) {
        throw e;
      }
      log.warn("a batch of {} appends failed; writing them one by one: {}", drafts.size(), e.toString());
      return oneByOne(drafts);
    }
    Map<AppendKey, Outcome> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      outcomes.put(AppendKey.of(drafts.get(i)), new Outcome(results.get(i), null));
    }
    return outcomes;
  }

  private List<AppendResult> inOneTransaction(List<Message> drafts, boolean preRead) {
    return tx.inJdbcTransaction("append " + drafts.size() + " messages",
        c -> BatchAppendTransaction.append(c, drafts, server, preRead));
  }

  private Map<AppendKey, Outcome> oneByOne(List<Message> drafts) {
    counters.fallback();
    Map<AppendKey, Outcome> outcomes = new LinkedHashMap<>();
    List<ChatException> failures = new ArrayList<>();
    for (Message d : drafts) {
      Outcome o;
      try {
        o = new Outcome(single.append(d), null);
      } catch (ChatException e) {
        o = new Outcome(null, e);
      } catch (RuntimeException e) {
        o = new Outcome(null, new ChatException(ErrorCode.INTERNAL, "append message: " + e, e));
      }
      if (o.error() != null) {
        failures.add(o.error());
      }
      outcomes.put(AppendKey.of(d), o);
    }
    if (!failures.isEmpty()) {
      log.debug("{} of {} appends failed when written one by one, first: {}", failures.size(), drafts.size(),
          failures.get(0).toString());
    }
    return outcomes;
  }

  /** The result of one distinct append: exactly one of the two is set. */
  private record Outcome(AppendResult result, ChatException error) {}
}
