package dev.parley.storage.mysql.internal;

import dev.parley.core.ChatException;
import dev.parley.core.model.AppendResult;
import dev.parley.core.model.Message;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's append waiting in {@link GroupCommitAppender}: the validated draft (its id a
 * placeholder) and the future its caller waits on. The first completion wins; later ones are
 * ignored, so a writer finishing an append whose caller already gave up is harmless. Thread-safe.
 */
final class PendingAppend {
  private final Message draft;
  private final CompletableFuture<AppendResult> result = new CompletableFuture<>();

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

  void complete(AppendResult r) {
    result.complete(r);
  }

  void fail(ChatException e) {
    result.completeExceptionally(e);
  }

  /** True once completed either way (including by a caller that stopped waiting). */
  boolean isDone() {
    return result.isDone();
  }
}
