package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.User;
import dev.parley.core.spi.MessageStore;
import dev.parley.core.testing.ForwardingMessageStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageService#sendAsync}: refusals at once on the caller's thread, the message published
 * only when the store's append has completed, and at once for a store that answers at once.
 */
class MessageServiceSendAsyncTest {
  private final ServiceFixture f = new ServiceFixture(ChatLimits.defaults().withMaxTextLength(20));
  private final LaterStore store = new LaterStore(f.messageStore);
  private final MessageService messages =
      new MessageService(f.users, f.friendStore, store, f.events, f.limits, f.clock);
  private final User alice = f.user("Alice");
  private final User bob = f.user("Bob");

  MessageServiceSendAsyncTest() {
    f.befriend(alice, bob);
  }

  @Test
  void aMessageIsPublishedOnlyOnceTheAppendHasCompleted() {
    CompletableFuture<AppendResult> sent = messages.sendAsync(alice.id(), bob.id(), "c-1", "hello Bob");
    assertThat(sent).isNotDone();
    assertThat(f.events.stored()).isEmpty();

    store.completeNext();

    AppendResult result = sent.join();
    assertThat(result.message().text()).isEqualTo("hello Bob");
    assertThat(result.message().sentAt()).isEqualTo(f.clock.instant());
    assertThat(f.messageStore.readMailbox(bob.id(), 0, 10)).containsExactly(result.recipientEntry());
    assertThat(f.events.stored()).containsExactly(result);
  }

  @Test
  void refusalsAreThrownOnTheCallersThreadBeforeAnythingIsAppended() {
    User stranger = f.user("Carol");
    expectError(ErrorCode.NOT_FRIENDS, () -> messages.sendAsync(alice.id(), stranger.id(), "c-1", "hi"));
    expectError(ErrorCode.BAD_REQUEST, () -> messages.sendAsync(alice.id(), alice.id(), "c-2", "hi"));
    expectError(ErrorCode.BAD_REQUEST, () -> messages.sendAsync(alice.id(), bob.id(), " ", "hi"));
    expectError(ErrorCode.TEXT_TOO_LONG, () -> messages.sendAsync(alice.id(), bob.id(), "c-3", "x".repeat(21)));
    expectError(ErrorCode.NOT_FOUND, () -> messages.sendAsync(alice.id(), 999_999, "c-4", "hi"));
    assertThat(store.started()).isZero();
  }

  @Test
  void aFailedAppendFailsTheFutureAndPublishesNothing() {
    CompletableFuture<AppendResult> sent = messages.sendAsync(alice.id(), bob.id(), "c-1", "hello");

    store.failNext(new ChatException(ErrorCode.UNAVAILABLE, "storage is down"));

    Throwable failure = catchThrowable(sent::join);
    assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(ChatException.class)
        .hasMessageContaining("storage is down");
    assertThat(f.events.stored()).isEmpty();
  }

  @Test
  void aRepeatIsAnsweredWithTheOriginalAndNotPublishedAgain() {
    CompletableFuture<AppendResult> first = messages.sendAsync(alice.id(), bob.id(), "c-1", "hello");
    store.completeNext();
    CompletableFuture<AppendResult> repeat = messages.sendAsync(alice.id(), bob.id(), "c-1", "hello again");
    store.completeNext();

    assertThat(repeat.join().duplicate()).isTrue();
    assertThat(repeat.join().senderEntry()).isEqualTo(first.join().senderEntry());
    assertThat(f.events.stored()).containsExactly(first.join());
  }

  @Test
  void aStoreThatAnswersAtOnceGivesACompletedFutureAndPublishesAtOnce() {
    CompletableFuture<AppendResult> sent = f.messages.sendAsync(alice.id(), bob.id(), "c-1", "hello");

    assertThat(sent).isCompleted();
    assertThat(f.events.stored()).containsExactly(sent.join());
  }

  /** Appends wait until the test completes or fails them, in order; everything else is the in-memory store. */
  private static final class LaterStore extends ForwardingMessageStore {
    private final Queue<Runnable> appends = new ArrayDeque<>();
    private final Queue<CompletableFuture<AppendResult>> futures = new ArrayDeque<>();
    private int started;

    LaterStore(MessageStore stored) {
      super(stored);
    }

    int started() {
      return started;
    }

    void completeNext() {
      appends.remove().run();
    }

    void failNext(RuntimeException e) {
      appends.remove();
      futures.remove().completeExceptionally(e);
    }

    @Override
    public CompletableFuture<AppendResult> appendAsync(long senderId, long recipientId, String clientMsgId,
        String text, Instant sentAt) {
      started++;
      CompletableFuture<AppendResult> future = new CompletableFuture<>();
      futures.add(future);
      appends.add(() -> futures.remove().complete(stored.append(senderId, recipientId, clientMsgId, text, sentAt)));
      return future;
    }

    @Override
    public AppendResult append(long senderId, long recipientId, String clientMsgId, String text, Instant sentAt) {
      throw new AssertionError("sendAsync must not call the blocking append");
    }
  }
}
