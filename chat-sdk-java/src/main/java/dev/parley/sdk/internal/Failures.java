package dev.parley.sdk.internal;

import dev.parley.core.ChatException;
import dev.parley.core.ErrorCode;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/** Unwraps future failures to the {@link ChatException} inside. Stateless. */
public final class Failures {
  private Failures() {}

  /** The ChatException behind {@code error}, or one wrapping an unexpected failure. */
  public static ChatException chatException(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ChatException ce) {
      return ce;
    }
    if (t instanceof CancellationException) {
      return new ChatException(ErrorCode.UNAVAILABLE, "cancelled", t);
    }
    return new ChatException(ErrorCode.INTERNAL, "unexpected failure: " + t, t);
  }

  /** Wraps for rethrowing inside a future stage. */
  /**
   * The refusal of a client message id a send cannot use (empty, or longer than
   * {@link dev.parley.core.protocol.ProtocolLimits#MAX_CLIENT_MSG_ID}); null when it is usable.
   * One check for 1:1 and group sends, answered before anything is queued.
   */
  static ChatException badClientMsgId(String clientMsgId) {
    int max = dev.parley.core.protocol.ProtocolLimits.MAX_CLIENT_MSG_ID;
    if (clientMsgId.isEmpty() || clientMsgId.length() > max) {
      return new ChatException(dev.parley.core.ErrorCode.BAD_REQUEST,
          "clientMsgId must be 1-" + max + " characters, was " + clientMsgId.length());
    }
    return null;
  }

  static CompletionException completion(Throwable error) {
    return new CompletionException(chatException(error));
  }

  /** Completes {@code target} like the source, with failures unwrapped to their ChatException. */
  static <T> BiConsumer<T, Throwable> relayTo(CompletableFuture<T> target) {
    return (value, error) -> {
      if (error != null) {
        target.completeExceptionally(chatException(error));
      } else {
        target.complete(value);
      }
    };
  }
}
