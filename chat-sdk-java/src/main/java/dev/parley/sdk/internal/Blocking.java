package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The blocking forms of the SDK's calls: wait for a future and throw its ChatException. Refuses to
 * wait on one of the client's network threads, where waiting would deadlock. Thread-safe.
 */
public final class Blocking {
  private final EventLoopGroup group;

  /** Refuses to block on any thread of {@code group}. */
  public Blocking(EventLoopGroup group) {
    this.group = group;
  }

  /** Waits for {@code future} (it carries its own timeout) and returns its value or throws its ChatException. */
  public <T> T await(CompletableFuture<T> future) {
    for (EventExecutor loop : group) {
      if (loop.inEventLoop()) {
        throw new IllegalStateException("blocking SDK call on a network thread would deadlock; use the ...Async form");
      }
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ErrorCode.UNAVAILABLE, "interrupted while waiting", e);
    } catch (ExecutionException e) {
      ChatException cause = Failures.chatException(e);
      // rethrow a copy so the stack trace shows the caller, with the original as cause
      throw cause.code() == ErrorCode.RATE_LIMITED ? cause : new ChatException(cause.code(), cause.detail(), cause);
    }
  }
}
