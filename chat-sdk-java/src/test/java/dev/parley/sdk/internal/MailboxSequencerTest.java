package dev.parley.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.sdk.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailboxSequencerTest {
  static ChatMessage entry(long seq) {
    return new ChatMessage(seq, seq, 2, 1, "c" + seq, "m" + seq, Instant.EPOCH, false);
  }

  static List<Long> seqs(List<ChatMessage> ms) {
    return ms.stream().map(ChatMessage::seq).toList();
  }

  @Test
  void inOrderEntriesPassStraightThroughAndRepeatsAreDropped() {
    MailboxSequencer<ChatMessage> s = new MailboxSequencer<>(0, 10, ChatMessage::seq);
    assertThat(seqs(s.offer(entry(1)))).containsExactly(1L);
    assertThat(seqs(s.offer(entry(2)))).containsExactly(2L);
    assertThat(s.offer(entry(1))).isEmpty();
    assertThat(s.offer(entry(2))).isEmpty();
    assertThat(s.position()).isEqualTo(2);
    assertThat(s.hasGap()).isFalse();
  }

  @Test
  void entriesBeyondAGapWaitUntilItIsFilled() {
    MailboxSequencer<ChatMessage> s = new MailboxSequencer<>(3, 10, ChatMessage::seq);
    assertThat(s.offer(entry(6))).isEmpty();
    assertThat(s.offer(entry(5))).isEmpty();
    assertThat(s.offer(entry(6))).isEmpty();
    assertThat(s.hasGap()).isTrue();
    assertThat(s.firstWaiting()).isEqualTo(5);
    assertThat(seqs(s.offer(entry(4)))).containsExactly(4L, 5L, 6L);
    assertThat(s.hasGap()).isFalse();
    assertThat(s.position()).isEqualTo(6);
  }

  @Test
  void aFullBufferDropsTheHighestSoTheNextSyncFetchesThem() {
    MailboxSequencer<ChatMessage> s = new MailboxSequencer<>(0, 2, ChatMessage::seq);
    s.offer(entry(3));
    s.offer(entry(4));
    s.offer(entry(5));
    assertThat(seqs(s.offer(entry(1)))).containsExactly(1L);
    assertThat(seqs(s.offer(entry(2)))).containsExactly(2L, 3L, 4L);
    assertThat(seqs(s.offer(entry(5)))).containsExactly(5L);
  }

  @Test
  void anyArrivalOrderYieldsEachSeqOnceInOrder() {
    MailboxSequencer<ChatMessage> s = new MailboxSequencer<>(0, 100, ChatMessage::seq);
    List<Long> delivered = new ArrayList<>();
    long[] arrivals = {3, 1, 1, 7, 2, 5, 4, 3, 6, 9, 8, 7, 10};
    for (long seq : arrivals) {
      delivered.addAll(seqs(s.offer(entry(seq))));
    }
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void skippingAheadDropsWhatItPassesAndHandsOnWhatFollows() {
    MailboxSequencer<ChatMessage> s = new MailboxSequencer<>(0, 10, ChatMessage::seq);
    assertThat(s.offer(entry(3))).isEmpty();
    assertThat(s.offer(entry(6))).isEmpty();
    assertThat(s.offer(entry(7))).isEmpty();

    assertThat(seqs(s.skipTo(5))).containsExactly(6L, 7L);
    assertThat(s.position()).isEqualTo(7);
    assertThat(s.hasGap()).isFalse();
    assertThat(s.skipTo(4)).as("never backwards").isEmpty();
    assertThat(s.position()).isEqualTo(7);
  }
}
