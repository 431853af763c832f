package dev.parley.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.core.model.AppendResult;
import dev.parley.core.model.MailboxEntry;
import dev.parley.core.model.Message;
import dev.parley.core.service.ChatEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener's failure never reaches the store's caller; a working listener gets every event. */
class SafeEventsTest {
  private static final Message M = new Message(1, 2, 3, "c", "hi", Instant.EPOCH);
  private static final AppendResult STORED = new AppendResult(new MailboxEntry(2, 1, M), new MailboxEntry(3, 1, M), false);

  @Test
  void aStoredMessageReachesTheListener() {
    List<AppendResult> seen = new ArrayList<>();
    new SafeEvents(new ChatEvents() {
      @Override
      public void messageStored(AppendResult result) {
        seen.add(result);
      }
    }).messageStored(STORED);

    assertThat(seen).containsExactly(STORED);
  }

  @Test
  void aFailingListenerIsContained() {
    SafeEvents events = new SafeEvents(new ChatEvents() {
      @Override
      public void messageStored(AppendResult result) {
        throw new IllegalStateException("listener broke");
      }

      @Override
      public void friendRemoved(long userId, long friendId) {
        throw new IllegalStateException("listener broke");
      }
    });

    assertThatCode(() -> events.messageStored(STORED)).doesNotThrowAnyException();
    assertThatCode(() -> events.friendRemoved(1, 2)).doesNotThrowAnyException();
  }
}
