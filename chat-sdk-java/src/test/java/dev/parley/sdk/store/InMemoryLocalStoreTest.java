package dev.parley.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.sdk.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryLocalStoreTest extends LocalStoreContract {
  @Override
  protected LocalStore newStore() {
    return new InMemoryLocalStore();
  }

  @Test
  void keepsOnlyTheNewestMessagesButTheWholePosition() {
    InMemoryLocalStore small = new InMemoryLocalStore(2);
    small.appendMessages(List.of(incoming(1, ALICE, "a"), incoming(2, BOB, "b"), incoming(3, ALICE, "c")));
    assertThat(small.highestContiguousSeq()).isEqualTo(3);
    assertThat(small.messagesAfter(0, 10)).extracting(ChatMessage::seq).containsExactly(2L, 3L);
    assertThat(small.messages(ALICE, 10)).extracting(ChatMessage::text).containsExactly("c");
  }

  @Test
  void aClosedStoreRefusesUse() {
    InMemoryLocalStore s = new InMemoryLocalStore();
    s.close();
    assertThatThrownBy(s::highestContiguousSeq).isInstanceOf(IllegalStateException.class);
  }
}
