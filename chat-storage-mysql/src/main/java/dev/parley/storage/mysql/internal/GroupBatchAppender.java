package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.GroupAppendResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of {@link GroupAppendQueue}: its distinct appends in one transaction
 * ({@link GroupAppendTransaction}, retried by {@link Transactions} on deadlock), each answered on
 * its own (a non-member's append fails {@code NOT_A_MEMBER}, the others are stored). An append
 * repeated within the batch gets the first occurrence's outcome, as a duplicate. When the batch
 * fails with an {@code INTERNAL} database error its transaction has rolled back and each distinct
 * append is written again alone, so one bad append cannot fail the others; {@code UNAVAILABLE}
 * fails the whole batch. Thread-safe.
 */
final class GroupBatchAppender implements GroupAppendQueue.BatchWriter {
  private static final Logger log = LoggerFactory.getLogger(GroupBatchAppender.class);

  private final Transactions tx;
  private final ServerTraits server;
  private final AppendCounters counters;

  GroupBatchAppender(Transactions tx, ServerTraits server, AppendCounters counters) {
    this.tx = Objects.requireNonNull(tx, "tx");
    this.server = Objects.requireNonNull(server, "server");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  @Override
  public void write(List<GroupAppendQueue.Pending> batch) {
    Map<GroupDraft.Key, GroupDraft> distinct = new LinkedHashMap<>();
    for (GroupAppendQueue.Pending p : batch) {
      distinct.putIfAbsent(p.draft.key(), p.draft);
    }
    List<GroupDraft> drafts = List.copyOf(distinct.values());
    List<GroupAppendTransaction.Outcome> outcomes = writeTogether(drafts);
    Map<GroupDraft.Key, GroupAppendTransaction.Outcome> byKey = new LinkedHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      byKey.put(drafts.get(i).key(), outcomes.get(i));
    }
    for (GroupAppendQueue.Pending p : batch) {
      GroupAppendTransaction.Outcome o = byKey.get(p.draft.key());
      if (o.error() != null) {
        p.fail(new ChatException(o.error().code(), o.error().detail(), o.error()));
      } else if (distinct.get(p.draft.key()) == p.draft) {
        p.complete(o.result());
      } else {
        p.complete(new GroupAppendResult(o.result().message(), true));
      }
    }
  }

  private List<GroupAppendTransaction.Outcome> writeTogether(List<GroupDraft> drafts) {
    try {
      return inOneTransaction(drafts);
    } catch (ChatException e) {
      if (e.code() != ErrorCode.INTERNAL || drafts.size() == 1) {
        throw e;
      }
      log.warn("a batch of {} group appends failed; writing them one by one: {}", drafts.size(), e.toString());
      counters.fallback();
      List<GroupAppendTransaction.Outcome> outcomes = new ArrayList<>();
      for (GroupDraft d : drafts) {
        try {
          outcomes.add(inOneTransaction(List.of(d)).get(0));
        } catch (ChatException single) {
          outcomes.add(new GroupAppendTransaction.Outcome(null, single));
        }
      }
      return outcomes;
    }
  }

  private List<GroupAppendTransaction.Outcome> inOneTransaction(List<GroupDraft> drafts) {
    return tx.inJdbcTransaction("append " + drafts.size() + " group messages",
        c -> GroupAppendTransaction.append(c, drafts, server));
  }
}
