package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Message;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One caller's append waiting in {@link GroupCommitAppender}: the validated draft (its id a
 * placeholder), the future handed to its caller and the timer task that fails it at the wait
 * timeout. The first completion wins; later ones are ignored, so a writer finishing an append
 * whose future already timed out is harmless. Completing cancels the timer task. Thread-safe.
 */
final class PendingAppend {
  private final Message draft;
  private final CompletableFuture<AppendResult> result = new CompletableFuture<>();
  private volatile Future<?> timeout;

  PendingAppend(Message draft) {
    this.draft = Objects.requireNonNull(draft, "draft");
  }

  Message draft() {
    return draft;
  }

  /** The idempotency key of the draft. */
  AppendKey key() {
    return AppendKey.of(draft);
  }

  CompletableFuture<AppendResult> result() {
    return result;
  }

  /** Sets the timer task to cancel on completion (at once if already complete). */
  void timeout(Future<?> task) {
    timeout = task;
    if (result.isDone()) {
      task.cancel(false);
    }
  }

  void complete(AppendResult r) {
    if (result.complete(r)) {
      cancelTimeout();
    }
  }

  void fail(ChatException e) {
    if (result.completeExceptionally(e)) {
      cancelTimeout();
    }
  }

  private void cancelTimeout() {
    Future<?> task = timeout;
    if (task != null) {
      task.cancel(false);
    }
  }

  /** True once completed either way (including by its caller, or by its timeout). */
  boolean isDone() {
    return result.isDone();
  }
}
