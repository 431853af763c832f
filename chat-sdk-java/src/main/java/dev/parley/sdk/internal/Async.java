package dev.parley.sdk.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Moves a future's completion onto the callback executor, so that application code chained on
 * the SDK's futures never runs on a network thread, and failures arrive as the bare ChatException.
 * Stateless.
 */
final class Async {
  private Async() {}

  static <S, T> CompletableFuture<T> relay(CompletableFuture<S> source, Function<S, T> read, Executor executor) {
    CompletableFuture<T> target = new CompletableFuture<>();
    source.whenComplete((value, error) -> {
      try {
        executor.execute(() -> complete(target, value, error, read));
      } catch (RejectedExecutionException e) {
        complete(target, value, error, read);
      }
    });
    return target;
  }

  private static <S, T> void complete(CompletableFuture<T> target, S value, Throwable error, Function<S, T> read) {
    if (error != null) {
      target.completeExceptionally(Failures.chatException(error));
      return;
    }
    try {
      target.complete(read.apply(value));
    } catch (RuntimeException e) {
      target.completeExceptionally(Failures.chatException(e));
    }
  }
}
