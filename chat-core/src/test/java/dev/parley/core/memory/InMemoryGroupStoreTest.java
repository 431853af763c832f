package dev.parley.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.model.GroupAppendResult;
import dev.parley.core.model.GroupMessage;
import dev.parley.core.model.JoinPolicy;
import dev.parley.core.model.NewGroup;
import dev.parley.core.spi.GroupStore;
import dev.parley.core.spi.NonBlocking;
import dev.parley.core.spi.contract.GroupStoreContract;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The in-memory implementation against its contract, and at the size its layout is meant for. */
class InMemoryGroupStoreTest extends GroupStoreContract {
  // shared across tests on purpose: the contract must not assume an empty store
  private static final GroupStore STORE = new InMemoryGroupStore();

  @Override
  protected GroupStore newStore() {
    return STORE;
  }

  @Override
  protected int appendsPerConcurrentSender() {
    return 1000;
  }

  @Override
  protected int concurrentDuplicateRounds() {
    return 1000;
  }

  @Test
  void itRunsOnEventLoops() {
    assertThat(STORE).isInstanceOf(NonBlocking.class);
  }

  /** 500 members, 100,000 messages: reads at both ends, the retry of the first message, unread counts. */
  @Test
  void aLargeGroupKeepsItsIndexes() {
    long owner = user();
    long[] others = LongStream.range(1, 500).map(i -> user()).toArray();
    long groupId = STORE.create(new NewGroup(owner, LongStream.of(others).boxed().toList(), "big", "", "",
        JoinPolicy.INVITE_ONLY, false, 500), at(0)).id();
    int messages = 100_000;
    for (int i = 0; i < messages; i++) {
      long sender = i % 2 == 0 ? owner : others[i % others.length];
      STORE.append(groupId, sender, "c" + i, "m" + i, at(1));
    }
    assertThat(STORE.find(groupId).orElseThrow().lastSeq()).isEqualTo(messages + 1);
    GroupAppendResult retry = STORE.append(groupId, owner, "c0", "m0", at(2));
    assertThat(retry.duplicate()).isTrue();
    assertThat(retry.message().seq()).isEqualTo(2);
    GroupAppendResult retryLate = STORE.append(groupId, others[(messages - 1) % others.length], "c" + (messages - 1),
        "x", at(2));
    assertThat(retryLate.duplicate()).isTrue();
    assertThat(retryLate.message().seq()).isEqualTo(messages + 1);
    assertThat(STORE.readBefore(groupId, 0, 0, 2)).extracting(GroupMessage::seq)
        .containsExactly((long) messages + 1, (long) messages);
    assertThat(STORE.readAfter(groupId, messages - 1, 10)).extracting(GroupMessage::text)
        .containsExactly("m" + (messages - 2), "m" + (messages - 1));
    assertThat(STORE.groupsOf(others[0], 10)).singleElement()
        .satisfies(s -> assertThat(s.unreadCount()).isEqualTo(1000));
    assertThat(STORE.memberIds(groupId)).hasSize(500);
    assertThat(STORE.readCount(groupId, 1)).isZero();
    STORE.ack(groupId, others[0], messages + 1);
    assertThat(STORE.readCount(groupId, 1)).isEqualTo(1);
    assertThat(List.of(STORE.groupsOf(others[0], 10).get(0).unreadCount())).containsExactly(0);
  }
}
