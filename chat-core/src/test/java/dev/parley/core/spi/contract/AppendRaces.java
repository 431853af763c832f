package dev.parley.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.Concurrently;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** The concurrent scenarios of {@link MessageStoreContract}: many threads appending at once. */
final class AppendRaces {
  private static final int RACERS = 8;

  private final MessageStore messages;

  AppendRaces(MessageStore messages) {
    this.messages = messages;
  }

  /**
   * In each round all threads append the same (sender, client message id) at once: exactly one
   * stores it, the rest get duplicates carrying the same entries.
   */
  void duplicatesStoredOnce(long sender, long recipient, int rounds) {
    CyclicBarrier roundStart = new CyclicBarrier(RACERS);
    List<List<AppendResult>> byThread = Concurrently.call(RACERS, t -> {
      List<AppendResult> mine = new ArrayList<>(rounds);
      for (int round = 0; round < rounds; round++) {
        Concurrently.await(roundStart);
        mine.add(messages.append(sender, recipient, "dup-" + round, "text " + round, now()));
      }
      return mine;
    });

    for (int round = 0; round < rounds; round++) {
      int r = round;
      List<AppendResult> attempts = byThread.stream().map(mine -> mine.get(r)).toList();
      assertThat(attempts).filteredOn(x -> !x.duplicate()).as("round %d", r).hasSize(1);
      assertThat(attempts).extracting(x -> x.message().id()).containsOnly(attempts.get(0).message().id());
      assertThat(attempts).extracting(AppendResult::recipientEntry).containsOnly(attempts.get(0).recipientEntry());
    }
  }

  /**
   * {@code threads} threads each append {@code perThread} messages between random pairs of
   * {@code people}; afterwards every mailbox holds exactly its messages at seqs 1..n.
   */
  void mailboxesGapFree(long[] people, int threads, int perThread) {
    List<List<AppendResult>> sent = Concurrently.call(threads, t -> {
      List<AppendResult> mine = new ArrayList<>(perThread);
      for (int i = 0; i < perThread; i++) {
        int from = (t + i) % people.length;
        int to = (from + 1 + ThreadLocalRandom.current().nextInt(people.length - 1)) % people.length;
        mine.add(messages.append(people[from], people[to], "t" + t + "-" + i, "m", now()));
      }
      return mine;
    });

    Map<Long, Set<Long>> expectedIdsByOwner = new HashMap<>();
    for (List<AppendResult> batch : sent) {
      for (AppendResult r : batch) {
        assertThat(r.duplicate()).isFalse();
        expectedIdsByOwner.computeIfAbsent(r.message().senderId(), k -> new HashSet<>()).add(r.message().id());
        expectedIdsByOwner.computeIfAbsent(r.message().recipientId(), k -> new HashSet<>()).add(r.message().id());
      }
    }
    for (long owner : people) {
      List<MailboxEntry> box = readAll(owner);
      Set<Long> expected = expectedIdsByOwner.getOrDefault(owner, Set.of());
      // plain equality: AssertJ's any-order comparison is quadratic on thousands of elements
      assertThat(box.stream().map(MailboxEntry::seq).toList()).as("seqs of mailbox %d", owner)
          .isEqualTo(LongStream.rangeClosed(1, expected.size()).boxed().toList());
      assertThat(box.stream().map(e -> e.message().id()).collect(Collectors.toSet())).isEqualTo(expected);
      assertThat(messages.lastSeq(owner)).isEqualTo(expected.size());
    }
  }

  private List<MailboxEntry> readAll(long owner) {
    long lastSeq = messages.lastSeq(owner);
    List<MailboxEntry> all = new ArrayList<>();
    List<MailboxEntry> page;
    while (!(page = messages.readMailbox(owner, all.size(), 300)).isEmpty()) {
      assertThat((long) all.size()).as("paging must end").isLessThanOrEqualTo(lastSeq);
      all.addAll(page);
    }
    return all;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
